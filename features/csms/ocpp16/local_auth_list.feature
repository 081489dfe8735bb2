@ocpp16 @csms @localauthlist @blockD
Feature: OCPP 1.6J Local Auth List Management - the Central System under test
  OCTT 1.6 test cases TC_042_x_CSMS and TC_043_x_CSMS (test-case document FINAL 2024-04, 3.14). The
  suite plays a 1.6 Charge Point (CP16_SP1) that keeps a local list and its version; the Central
  System sends GetLocalListVersion and SendLocalList on manual actions, through the 1.6 trigger API
  (get-local-list-version, send-local-list). The document validates the station's answers; the
  scenarios also check what the Central System reports of them and, where it keeps a record
  (trigger API local-list-record), which list version it knows the station has.

  Background:
    Given the test station is in state Booted

  @TC_042_1_CSMS
  Scenario: TC_042_1_CSMS Get Local List Version (not supported)
    Given the test Charge Point does not support a local authorization list
    When the CSMS is asked for the version of the local authorization list
    Then the CSMS sends GetLocalListVersion
    And the CSMS reports the test station's answer to GetLocalListVersion with listVersion "-1"
    And the CSMS records that the test Charge Point does not support a local authorization list

  @TC_042_2_CSMS
  Scenario: TC_042_2_CSMS Get Local List Version (empty)
    Given the test station has no local authorization list
    When the CSMS is asked for the version of the local authorization list
    Then the CSMS sends GetLocalListVersion
    And the CSMS reports the test station's answer to GetLocalListVersion with listVersion "0"
    And the CSMS records the local authorization list of the test Charge Point as version 0

  @TC_043_1_CSMS
  Scenario: TC_043_1_CSMS Send Local Authorization List - NotSupported
    Given the test Charge Point does not support a local authorization list
    When the CSMS is asked to send a full local authorization list with the valid idTag
    Then the CSMS sends SendLocalList with
      | field      | value |
      | updateType | Full  |
    And the CSMS reports the test station's answer to SendLocalList with status "NotSupported"
    And the CSMS records that the test Charge Point does not support a local authorization list

  @TC_043_3_CSMS
  Scenario: TC_043_3_CSMS Send Local Authorization List - Failed
    # The document's purpose says Rejected; its tool validation and expected result say Failed (an
    # UpdateStatus value): Failed it is.
    Given the test station will answer SendLocalList with status "Failed"
    When the CSMS is asked to send a full local authorization list with the valid idTag
    Then the CSMS sends SendLocalList with
      | field      | value |
      | updateType | Full  |
    And the CSMS reports the test station's answer to SendLocalList with status "Failed"

  @TC_043_4_CSMS
  Scenario: TC_043_4_CSMS Send Local Authorization List - Full
    When the CSMS is asked to send a full local authorization list with the valid idTag
    Then the CSMS sends SendLocalList with
      | field                           | value            |
      | updateType                      | Full             |
      | listVersion                     | > 0              |
      | localAuthorizationList[0].idTag | <VALID_ID_TOKEN> |
    And each idTag in the local authorization list the CSMS sent is unique and has an idTagInfo
    And the CSMS reports the test station's answer to SendLocalList with status "Accepted"
    And the CSMS records the local authorization list of the test Charge Point as version 1

  @TC_043_5_CSMS
  Scenario: TC_043_5_CSMS Send Local Authorization List - Differential
    # Memory state as in the later edition of the document the public suite follows (2025-11): an
    # initial full list. Messages 1 and 2 (GetLocalListVersion) are optional; they are sent here.
    Given the CSMS has sent the test Charge Point local authorization list version 1 with the valid idTag
    When the CSMS is asked for the version of the local authorization list
    Then the CSMS sends GetLocalListVersion
    And the CSMS reports the test station's answer to GetLocalListVersion with listVersion "1"
    When the CSMS is asked to add the second valid idTag to the local authorization list
    Then the CSMS sends SendLocalList with
      | field                                      | value              |
      | updateType                                 | Differential       |
      | listVersion                                | > 1                |
      | localAuthorizationList[0].idTag            | <VALID_ID_TOKEN_2> |
      | localAuthorizationList[0].idTagInfo.status | Accepted           |
      | localAuthorizationList[1]                  | (absent)           |
    And each idTag in the local authorization list the CSMS sent is unique and has an idTagInfo
    And the CSMS reports the test station's answer to SendLocalList with status "Accepted"
    And the CSMS records the local authorization list of the test Charge Point as version 2
