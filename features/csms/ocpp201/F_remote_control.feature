@ocpp201 @csms @blockF
Feature: F Remote Control - the CSMS under test starts transactions, unlocks connectors and triggers messages
  OCTT test cases TC_F_xx_CSMS (OCPP 2.0.1 Part 6, errata 2023-12). The CSMS is made to act through
  the trigger API (or by an operator) and chooses what the case leaves to it, such as the
  remoteStartId; the test station answers Accepted (Unlocked) unless the scenario says otherwise,
  then sends what the case lists. The idToken is the configured valid one.

  Background:
    Given the test station is in state Booted

  @TC_F_01_CSMS
  Scenario: TC_F_01_CSMS Remote start transaction - Cable plugin first
    # The station answers with the transactionId of the transaction the plugged-in cable started,
    # and reports the remote start with the idToken of the request, which authorizes it.
    Given the test station is in state EVConnectedPreSession
    When the CSMS is asked to start a transaction for the valid idToken
    Then the CSMS sends RequestStartTransaction with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | remoteStartId   | (integer)             |
    And the CSMS reports the test station's answer to RequestStartTransaction with transactionId "(present)"
    When the test station reports the remote start in a TransactionEvent with
      | field         | value       |
      | eventType     | Updated     |
      | chargingState | EVConnected |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    # EnergyTransferStarted, part 2 only: the EV is already connected.
    When the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Updated              |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
    Then the CSMS answers every message of the test station

  @TC_F_02_CSMS
  Scenario: TC_F_02_CSMS Remote start transaction - Remote start first - AuthorizeRemoteStart is true
    Given the test station has AuthCtrlr.AuthorizeRemoteStart set to "true"
    When the CSMS is asked to start a transaction for the valid idToken
    Then the CSMS sends RequestStartTransaction with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | remoteStartId   | (integer)             |
    And the CSMS reports the test station's answer to RequestStartTransaction with transactionId "(absent)"
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Accepted"
    When the test station reports the remote start in a TransactionEvent with
      | field     | value   |
      | eventType | Started |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station goes to state EnergyTransferStarted
    Then the CSMS answers every message of the test station

  @TC_F_03_CSMS
  Scenario: TC_F_03_CSMS Remote start transaction - Remote start first - AuthorizeRemoteStart is false
    Given the test station has AuthCtrlr.AuthorizeRemoteStart set to "false"
    When the CSMS is asked to start a transaction for the valid idToken
    Then the CSMS sends RequestStartTransaction with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | remoteStartId   | (integer)             |
    When the test station reports the remote start in a TransactionEvent with
      | field     | value   |
      | eventType | Started |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station goes to state EnergyTransferStarted
    Then the CSMS answers every message of the test station

  @TC_F_04_CSMS
  Scenario: TC_F_04_CSMS Remote start transaction - Remote start first - Cable plugin timeout
    # Errata 2023-12 adds E03.FR.04 to E03.FR.05; the steps are unchanged.
    When the CSMS is asked to start a transaction for the valid idToken
    Then the CSMS sends RequestStartTransaction with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | remoteStartId   | (integer)             |
    When the test station reports the remote start in a TransactionEvent with
      | field     | value   |
      | eventType | Started |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the EV is not plugged in within the transaction duration
    And the test station sends a TransactionEvent with
      | field         | value            |
      | eventType     | Updated          |
      | triggerReason | EVConnectTimeout |
    Then the CSMS answers every message of the test station

  @TC_F_06_CSMS
  Scenario: TC_F_06_CSMS Remote unlock Connector - Without ongoing transaction - Accepted
    When the CSMS is asked to unlock the connector
    Then the CSMS sends UnlockConnector with
      | field       | value                     |
      | evseId      | <CONFIGURED_EVSE_ID>      |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
    And the CSMS reports the test station's answer to UnlockConnector with status "Unlocked"

  @TC_F_11_CSMS
  Scenario: TC_F_11_CSMS Trigger message - MeterValues - Specific EVSE
    When the CSMS is asked to trigger a MeterValues message for EVSE 1
    Then the CSMS sends TriggerMessage with
      | field            | value                |
      | requestedMessage | MeterValues          |
      | evse.id          | <CONFIGURED_EVSE_ID> |
    When the test station sends the triggered MeterValues for EVSE 1
    Then the CSMS answers every message of the test station

  @TC_F_12_CSMS
  Scenario: TC_F_12_CSMS Trigger message - MeterValues - All EVSE
    # Part 6 says "evseId omitted", but MeterValuesRequest requires evseId: as "this step will be
    # executed for every EVSE" says, the station sends one MeterValues per EVSE, with its evseId.
    When the CSMS is asked to trigger a MeterValues message
    Then the CSMS sends TriggerMessage with
      | field            | value       |
      | requestedMessage | MeterValues |
      | evse             | (absent)    |
    When the test station sends the triggered MeterValues for each of its EVSEs
    Then the CSMS answers every message of the test station

  @TC_F_13_CSMS
  Scenario: TC_F_13_CSMS Trigger message - TransactionEvent - Specific EVSE
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to trigger a TransactionEvent message for EVSE 1
    Then the CSMS sends TriggerMessage with
      | field            | value                |
      | requestedMessage | TransactionEvent     |
      | evse.id          | <CONFIGURED_EVSE_ID> |
    When the test station sends the triggered TransactionEvent for EVSE 1
    Then the CSMS answers every message of the test station

  @TC_F_14_CSMS
  Scenario: TC_F_14_CSMS Trigger message - TransactionEvent - All EVSE
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to trigger a TransactionEvent message
    Then the CSMS sends TriggerMessage with
      | field            | value            |
      | requestedMessage | TransactionEvent |
      | evse             | (absent)         |
    When the test station sends the triggered TransactionEvent for every transaction
    Then the CSMS answers every message of the test station

  @TC_F_15_CSMS
  Scenario: TC_F_15_CSMS Trigger message - LogStatusNotification - Idle
    When the CSMS is asked to trigger a LogStatusNotification message
    Then the CSMS sends TriggerMessage with
      | field            | value                 |
      | requestedMessage | LogStatusNotification |
    When the test station sends LogStatusNotification with
      """
      {"status": "Idle"}
      """
    Then the CSMS answers every message of the test station

  @TC_F_18_CSMS
  Scenario: TC_F_18_CSMS Trigger message - FirmwareStatusNotification - Idle
    When the CSMS is asked to trigger a FirmwareStatusNotification message
    Then the CSMS sends TriggerMessage with
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    When the test station sends FirmwareStatusNotification with
      """
      {"status": "Idle"}
      """
    Then the CSMS answers every message of the test station

  @TC_F_20_CSMS
  Scenario: TC_F_20_CSMS Trigger message - Heartbeat
    When the CSMS is asked to trigger a Heartbeat message
    Then the CSMS sends TriggerMessage with
      | field            | value     |
      | requestedMessage | Heartbeat |
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"

  @TC_F_23_CSMS
  Scenario: TC_F_23_CSMS Trigger message - StatusNotification - Specific EVSE - Available
    When the CSMS is asked to trigger a StatusNotification message for EVSE 1
    Then the CSMS sends TriggerMessage with
      | field            | value                |
      | requestedMessage | StatusNotification   |
      | evse.id          | <CONFIGURED_EVSE_ID> |
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_F_24_CSMS
  Scenario: TC_F_24_CSMS Trigger message - StatusNotification - Specific EVSE - Occupied
    Given the test station reports connector status "Occupied"
    When the CSMS is asked to trigger a StatusNotification message for EVSE 1
    Then the CSMS sends TriggerMessage with
      | field            | value                |
      | requestedMessage | StatusNotification   |
      | evse.id          | <CONFIGURED_EVSE_ID> |
    When the test station reports connector status "Occupied"
    Then the CSMS answers every message of the test station

  @TC_F_27_CSMS
  Scenario: TC_F_27_CSMS Trigger message - NotImplemented
    # Part 6 leaves the requested message open; PublishFirmwareStatusNotification is one a station
    # without a local controller role does not implement.
    Given the test station will answer TriggerMessage with status "NotImplemented"
    When the CSMS is asked to trigger a PublishFirmwareStatusNotification message
    Then the CSMS sends TriggerMessage with
      | field            | value                             |
      | requestedMessage | PublishFirmwareStatusNotification |
    And the CSMS reports the test station's answer to TriggerMessage with status "NotImplemented"
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"
