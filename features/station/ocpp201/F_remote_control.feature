@ocpp201 @station @blockF
Feature: F Remote control - the station under test obeys remote start, stop, unlock and triggers
  End-to-end cases of the charging-station simulator's test plan (E2E_Fxx).

  @E2E_F01-F03
  Scenario: E2E_F01-F03 Remote start then remote stop
    Given the station has booted
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station answers RequestStartTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field         | value       |
      | eventType     | Started     |
      | triggerReason | RemoteStart |
    And the TransactionEvent carries the remoteStartId of the RequestStartTransaction
    When the test CSMS sends RequestStopTransaction
    Then the station answers RequestStopTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value      |
      | eventType                     | Ended      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |

  @E2E_F03-NONE
  Scenario: E2E_F03-NONE Remote stop with unknown transaction
    Given the station has booted
    When the test CSMS sends RequestStopTransaction
    Then the station answers RequestStopTransaction with status "Rejected"
    And the station sends no TransactionEvent for 2 seconds

  @E2E_F05
  Scenario: E2E_F05 UnlockConnector without transaction
    Given the station has booted
    When the test CSMS sends UnlockConnector
    Then the station answers UnlockConnector with status "Unlocked"

  @E2E_F05-TXN
  Scenario: E2E_F05-TXN UnlockConnector during transaction
    Given the station has booted
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When the test CSMS sends UnlockConnector
    Then the station answers UnlockConnector with status "OngoingAuthorizedTransaction"
    And the station sends no TransactionEvent for 2 seconds

  @E2E_F06-SN
  Scenario: E2E_F06-SN TriggerMessage StatusNotification
    Given the station has booted
    When the test CSMS sends TriggerMessage for StatusNotification
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends StatusNotification with
      | field           | value     |
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @E2E_F06-BN
  Scenario: E2E_F06-BN TriggerMessage BootNotification after Accepted
    Given the station has booted
    When the test CSMS sends TriggerMessage for BootNotification
    Then the station answers TriggerMessage with status "Rejected"
    And the station sends no BootNotification for 2 seconds

  @E2E_F06-HB
  Scenario: E2E_F06-HB TriggerMessage Heartbeat
    Given the station has booted
    When the test CSMS sends TriggerMessage for Heartbeat
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends Heartbeat

  @E2E_F06-MV
  Scenario: E2E_F06-MV TriggerMessage MeterValues
    Given the station has booted
    When the test CSMS sends TriggerMessage for MeterValues
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends MeterValues with
      | field                                 | value   |
      | evseId                                | 1       |
      | meterValue[0].sampledValue[0].context | Trigger |

  @E2E_F06-FW
  Scenario: E2E_F06-FW TriggerMessage FirmwareStatusNotification
    Given the station has booted
    When the test CSMS sends TriggerMessage for FirmwareStatusNotification
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends FirmwareStatusNotification with
      | field  | value |
      | status | Idle  |

  @E2E_F06-LS
  Scenario: E2E_F06-LS TriggerMessage LogStatusNotification
    Given the station has booted
    When the test CSMS sends TriggerMessage for LogStatusNotification
    Then the station answers TriggerMessage with status "Accepted"
    And after answering TriggerMessage the station sends LogStatusNotification with
      | field  | value |
      | status | Idle  |
