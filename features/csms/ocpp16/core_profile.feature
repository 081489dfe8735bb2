@ocpp16 @csms @core
Feature: OCPP 1.6J Core profile - the Central System under test
  OCTT 1.6 test cases TC_0xx_CSMS (OCPP Compliancy Testing Tool test-case document, FINAL 2024-04).
  The suite plays a 1.6 Charge Point (CP16_SP1); the Central System acts on manual actions through
  the 1.6 trigger API (/api/octt/1.6/{station}/{kebab-action}).

  @TC_001_CSMS @blockB
  Scenario: TC_001_CSMS Cold Boot Charge Point
    Given the test station is connected to the CSMS
    When the test Charge Point boots
    Then the CSMS answers BootNotification with
      | field       | value     |
      | status      | Accepted  |
      | interval    | > 0       |
      | currentTime | (present) |
    When the test Charge Point reports connector 0 "Available"
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station

  @TC_003_CSMS @blockE
  Scenario: TC_003_CSMS Regular Charging Session - Plugin First
    Given the test station is in state Booted
    When the test Charge Point reports connector 1 "Preparing"
    And the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Accepted"
    When the test Charge Point starts a transaction on connector 1 with the valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_004_1_CSMS @blockE
  Scenario: TC_004_1_CSMS Regular Charging Session – Identification First
    # The document's scenario is the reusable state Charging (Authorized first), spelled out.
    Given the test station is in state Booted
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point starts a transaction on connector 1 with the valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_004_2_CSMS @blockE
  Scenario: TC_004_2_CSMS Regular Charging Session – Identification First - ConnectionTimeOut
    Given the test station is in state Booted
    And the test station is in state Authorized
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point's ConnectionTimeOut passes without a cable plugged in
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_005_1_CSMS @blockE
  Scenario: TC_005_1_CSMS EV Side Disconnected - StopTransactionOnEVSideDisconnect = true -
    # Full title: ... - UnlockConnectorOnEVSideDisconnect = true, the test station's configuration.
    # Nobody presented an idTag to stop: StopTransaction carries none.
    Given the test station is in state Booted
    And the test station is in state Charging
    When the test Charge Point reports connector 1 "SuspendedEV"
    And the test Charge Point stops the transaction on connector 1 with reason "EVDisconnected"
    And the test Charge Point reports connector 1 "Finishing"
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station

  @TC_007_CSMS @blockC
  Scenario: TC_007_CSMS Regular Start Charging Session – Cached Id
    Given the test station is in state Booted
    # The idTag comes from the station's Authorization Cache: no Authorize before StartTransaction.
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point starts a transaction on connector 1 with the valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_010_CSMS @blockF
  Scenario: TC_010_CSMS Remote Start Charging Session – Cable Plugged in First
    Given the test station is in state Booted
    When the test Charge Point reports connector 1 "Preparing"
    And the CSMS is asked to start a transaction on connector 1 for the valid idTag
    Then the CSMS sends RemoteStartTransaction with
      | field       | value            |
      | idTag       | <VALID_ID_TOKEN> |
      | connectorId | 1                |
    And the CSMS reports the test station's answer to RemoteStartTransaction with status "Accepted"
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Accepted"
    When the test Charge Point starts a transaction on connector 1 with the valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_011_1_CSMS @blockF
  Scenario: TC_011_1_CSMS Remote Start Charging Session – Remote Start First
    Given the test station is in state Booted
    When the CSMS is asked to start a transaction on connector 1 for the valid idTag
    Then the CSMS sends RemoteStartTransaction with
      | field       | value            |
      | idTag       | <VALID_ID_TOKEN> |
      | connectorId | 1                |
    And the CSMS reports the test station's answer to RemoteStartTransaction with status "Accepted"
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point starts a transaction on connector 1 with the valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_011_2_CSMS @blockF
  Scenario: TC_011_2_CSMS Remote Start Charging Session – Time Out
    Given the test station is in state Booted
    # No connectorId: the driver would choose the connector (the public 1.6 suite asks so too).
    When the CSMS is asked to start a transaction on the test Charge Point for the valid idTag
    Then the CSMS sends RemoteStartTransaction with
      | field | value            |
      | idTag | <VALID_ID_TOKEN> |
    And the CSMS reports the test station's answer to RemoteStartTransaction with status "Accepted"
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point's ConnectionTimeOut passes without a cable plugged in
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_012_CSMS @blockF
  Scenario: TC_012_CSMS Remote Stop Charging Session
    Given the test station is in state Booted
    And the test station is in state Charging
    When the CSMS is asked to stop the transaction on connector 1
    Then the CSMS requests to stop the transaction on connector 1
    And the CSMS reports the test station's answer to RemoteStopTransaction with status "Accepted"
    When the test Charge Point stops the transaction on connector 1 with reason "Remote"
    And the test Charge Point reports connector 1 "Finishing"
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station

  @TC_013_CSMS @blockB
  Scenario: TC_013_CSMS Hard Reset
    Given the test station is in state Booted
    When the CSMS is asked to reset the test station with type "Hard"
    Then the CSMS sends Reset with
      | field | value |
      | type  | Hard  |
    And the CSMS reports the test station's answer to Reset with status "Accepted"
    # The Charge Point reboots: a new WebSocket connection, then its BootNotification.
    When the test station reconnects
    And the test station boots again
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_014_CSMS @blockB
  Scenario: TC_014_CSMS Soft Reset
    Given the test station is in state Booted
    When the CSMS is asked to reset the test station with type "Soft"
    Then the CSMS sends Reset with
      | field | value |
      | type  | Soft  |
    And the CSMS reports the test station's answer to Reset with status "Accepted"
    # The Charge Point reboots: a new WebSocket connection, then its BootNotification.
    When the test station reconnects
    And the test station boots again
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports every connector "Available", connector 0 included
    Then the CSMS answers every StatusNotification with an empty payload

  @TC_023_1_CSMS @blockC
  Scenario: TC_023_1_CSMS Start Charging Session – Authorize invalid
    Given the test station is in state Booted
    When the test station sends Authorize for the invalid idToken
    Then the CSMS answers Authorize with idTagInfo.status "Invalid"

  @TC_023_2_CSMS @blockC
  Scenario: TC_023_2_CSMS Start Charging Session – Authorize expired
    Given the test station is in state Booted
    When the test station sends Authorize for the expired idToken
    Then the CSMS answers Authorize with idTagInfo.status "Expired"

  @TC_023_3_CSMS @blockC
  Scenario: TC_023_3_CSMS Start Charging Session – Authorize blocked
    Given the test station is in state Booted
    When the test station sends Authorize for the blocked idToken
    Then the CSMS answers Authorize with idTagInfo.status "Blocked"

  @TC_024_CSMS @blockG
  Scenario: TC_024_CSMS Start Charging Session Lock Failure
    Given the test station is in state Booted
    And the test station is in state Authorized
    When the test Charge Point reports connector 1 "Preparing"
    And the test Charge Point reports connector 1 "Faulted" with error code "ConnectorLockFailure"
    Then the CSMS answers every StatusNotification with an empty payload
