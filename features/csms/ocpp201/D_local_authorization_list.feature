@ocpp201 @csms @blockD
Feature: D Local Authorization List Management - the CSMS under test manages the station's local list
  OCTT test cases TC_D_xx_CSMS. Part 6 (2023-06) leaves the CSMS side of block D blank ("will be
  added in a later version"), so these scenarios follow the public OCTT-style suite (tzi-OCTT,
  2.0.1/D) and use cases D01/D02: the test station holds a local list of version LOCAL_LIST_VERSION
  (1), answers GetLocalListVersion with it, and applies the updates it accepts. The CSMS chooses
  the content and the version of each update; it may ask the station for its version first.

  Background:
    Given the test station is in state Booted

  @TC_D_01_CSMS
  Scenario: TC_D_01_CSMS Send Local Authorization List - Full
    Given the test station has a local authorization list of the configured version with the valid idToken
    When the CSMS is asked to send its full local authorization list
    Then the CSMS sends SendLocalList with
      | field                                     | value     |
      | updateType                                | Full      |
      | versionNumber                             | > 0       |
      | localAuthorizationList[0].idToken.idToken | (present) |
    And the local authorization list the CSMS sent has unique idTokens, each with idTokenInfo
    And the CSMS reports the test station's answer to SendLocalList with status "Accepted"

  @TC_D_02_CSMS
  Scenario: TC_D_02_CSMS Send Local Authorization List - Differential Update
    Given the test station has a local authorization list of the configured version with the valid idToken
    When the CSMS is asked to update the local authorization list with the second valid idToken
    Then the CSMS sends SendLocalList with
      | field                                        | value                  |
      | updateType                                   | Differential           |
      | versionNumber                                | > <LOCAL_LIST_VERSION> |
      | localAuthorizationList[0].idToken.idToken    | <VALID_ID_TOKEN_2>     |
      | localAuthorizationList[0].idTokenInfo.status | Accepted               |
    And the CSMS reports the test station's answer to SendLocalList with status "Accepted"

  @TC_D_03_CSMS
  Scenario: TC_D_03_CSMS Send Local Authorization List - Differential Remove
    Given the test station has a local authorization list of the configured version with the valid idToken
    When the CSMS is asked to remove the valid idToken from the local authorization list
    Then the CSMS sends SendLocalList with
      | field                                     | value                  |
      | updateType                                | Differential           |
      | versionNumber                             | > <LOCAL_LIST_VERSION> |
      | localAuthorizationList[0].idToken.idToken | <VALID_ID_TOKEN>       |
      | localAuthorizationList[0].idTokenInfo     | (absent)               |
      | localAuthorizationList[1]                 | (absent)               |
    And the CSMS reports the test station's answer to SendLocalList with status "Accepted"

  @TC_D_04_CSMS
  Scenario: TC_D_04_CSMS Send Local Authorization List - Full with empty list
    # An empty localAuthorizationList breaks the schema (minItems 1): an empty list is one without it.
    Given the test station has a local authorization list of the configured version with the valid idToken
    When the CSMS is asked to empty the local authorization list with a full update
    Then the CSMS sends SendLocalList with
      | field                  | value    |
      | updateType             | Full     |
      | versionNumber          | > 0      |
      | localAuthorizationList | (absent) |
    And the CSMS reports the test station's answer to SendLocalList with status "Accepted"

  @TC_D_08_CSMS
  Scenario: TC_D_08_CSMS Get Local List Version - Success
    Given the test station has a local authorization list of the configured version with the valid idToken
    When the CSMS is asked for the version of the local authorization list
    Then the CSMS sends GetLocalListVersion
    And the CSMS reports that the test station answered GetLocalListVersion with
      | field         | value                |
      | versionNumber | <LOCAL_LIST_VERSION> |

  @TC_D_09_CSMS
  Scenario: TC_D_09_CSMS Get Local List Version - No list available
    Given the test station has no local authorization list
    When the CSMS is asked for the version of the local authorization list
    Then the CSMS sends GetLocalListVersion
    And the CSMS reports that the test station answered GetLocalListVersion with
      | field         | value |
      | versionNumber | 0     |
