@ocpp16 @station @core
Feature: OCPP 1.6 Core - the Charge Point starts and stops charging sessions and meters them
  OCTT 1.6 Charge Point test cases 2.2, 2.3, 2.9 and 2.10: local sessions (plug-in first,
  identification first), stopping with the same idTag or the same parentIdTag, EV side
  disconnection, sampled and clock-aligned meter values, an invalid idTag and a lock failure.

  @TC_003_CS @blockE
  Scenario: TC_003_CS Regular Charging Session - Plugin First
    Given the station has booted
    When an EV is plugged in at connector 1
    Then the Charge Point sends StatusNotification "Preparing" for connector 1
    When the driver presents idTag "VALID-1" at connector 1
    Then the station sends Authorize with idTag "VALID-1"
    And the test CSMS's answer to Authorize has idTagInfo.status "Accepted"
    And the station sends StartTransaction with
      | field       | value   |
      | connectorId | 1       |
      | idTag       | VALID-1 |
      | meterStart  | >= 0    |
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_004_1_CS @blockE
  Scenario: TC_004_1_CS Regular Charging Session – Identification First
    Given the station has booted
    And the test CSMS has set the configuration key "MeterValueSampleInterval" to "10"
    And the Charge Point has authorized idTag "VALID-1" on connector 1
    When an EV is plugged in at connector 1
    Then the station sends StartTransaction with
      | field       | value   |
      | connectorId | 1       |
      | idTag       | VALID-1 |
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_004_2_CS @blockE
  Scenario: TC_004_2_CS Regular Charging Session – Identification First - ConnectionTimeOut
    Given the station has booted
    And the test CSMS has set the configuration key "ConnectionTimeOut" to "10"
    And the Charge Point has authorized idTag "VALID-1" on connector 1
    Then the Charge Point sends StatusNotification "Available" for connector 1
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_068_CS @blockE
  Scenario: TC_068_CS Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the driver presents idTag "VALID-2" at connector 1
    Then the Charge Point sends no Authorize, StopTransaction for 2 seconds
    When the driver presents idTag "VALID-1" at connector 1
    Then the station sends StopTransaction with idTag "VALID-1"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1

  @TC_069_CS @blockC @blockE
  Scenario: TC_069_CS Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in StartTransaction
    Given the test CSMS gives parentIdTag "PARENT-1" in idTagInfo
    And the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the driver presents idTag "VALID-2" at connector 1
    Then the station sends Authorize with idTag "VALID-2"
    And the test CSMS's answer to Authorize has
      | field                 | value    |
      | idTagInfo.status      | Accepted |
      | idTagInfo.parentIdTag | PARENT-1 |
    And the station sends StopTransaction with idTag "VALID-2"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1

  @TC_005_1_CS @blockE
  Scenario: TC_005_1_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true
    Given the station has booted
    And the test CSMS has set the configuration key "MinimumStatusDuration" to "0"
    And the test CSMS has set the configuration key "StopTransactionOnEVSideDisconnect" to "true"
    And the test CSMS has set the configuration key "UnlockConnectorOnEVSideDisconnect" to "true"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the cable is disconnected on the EV side at connector 1
    Then the station sends StopTransaction with reason "EVDisconnected"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1

  @TC_005_2_CS @blockE
  Scenario: TC_005_2_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = false
    Given the station has booted
    And the test CSMS has set the configuration key "MinimumStatusDuration" to "0"
    And the test CSMS has set the configuration key "StopTransactionOnEVSideDisconnect" to "true"
    And the test CSMS has set the configuration key "UnlockConnectorOnEVSideDisconnect" to "false"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the cable is disconnected on the EV side at connector 1
    Then the station sends StopTransaction with reason "EVDisconnected"
    And the Charge Point sends StatusNotification "Finishing" or "Available" for connector 1
    When the test CSMS sends UnlockConnector for connector 1
    Then the station answers UnlockConnector with status "Unlocked" or "NotSupported"

  @TC_005_3_CS @blockE
  Scenario: TC_005_3_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect = false - UnlockConnectorOnEVSideDisconnect = false
    Given the station has booted
    And the test CSMS has set the configuration key "MinimumStatusDuration" to "0"
    And the test CSMS has set the configuration key "StopTransactionOnEVSideDisconnect" to "false"
    And the test CSMS has set the configuration key "UnlockConnectorOnEVSideDisconnect" to "false"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the cable is disconnected on the EV side at connector 1
    Then the station sends StatusNotification with
      | field       | value                              |
      | connectorId | 1                                  |
      | status      | "SuspendedEV" or "SuspendedEVSE"   |
      | info        | EV side disconnected               |
    When the test CSMS sends RemoteStopTransaction
    Then the station answers RemoteStopTransaction with status "Accepted"
    And the Charge Point sends StatusNotification "Finishing" or "Available" for connector 1
    And the station sends StopTransaction with reason "Remote"
    And the StopTransaction names the transaction and a meterStop not below its meterStart

  @TC_023_CS @blockC
  Scenario: TC_023_CS Start Charging Session – Authorize invalid
    Given the test CSMS accepts no idTag but "VALID-1"
    And the station has booted
    And the test CSMS has set the configuration key "MinimumStatusDuration" to "10"
    And the test CSMS has set the configuration key "LocalPreAuthorize" to "true"
    When an EV is plugged in at connector 1
    Then the Charge Point sends StatusNotification "Preparing" for connector 1
    When the driver presents idTag "INVALID-1" at connector 1
    Then the station sends Authorize with idTag "INVALID-1"
    And the test CSMS's answer to Authorize has idTagInfo.status "Invalid"
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_024_CS @blockG
  Scenario: TC_024_CS Start Charging Session - Lock Failure
    Given the station has booted
    When the test CSMS sends GetConfiguration for "AuthorizeRemoteTxRequests"
    Then the station answers GetConfiguration with configurationKey[0].key "AuthorizeRemoteTxRequests"
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1
    Then the station answers RemoteStartTransaction with status "Accepted"
    And the Charge Point sends StatusNotification "Preparing" for connector 1
    When the cable is plugged in halfway at connector 1
    Then the Charge Point sends StatusNotification "Faulted" for connector 1 with errorCode "ConnectorLockFailure"
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_070_CS @blockJ
  Scenario: TC_070_CS Sampled Meter Values
    Given the station has booted
    And the test CSMS has set the configuration key "MeterValueSampleInterval" to "4"
    And the test CSMS has set the configuration key "ClockAlignedDataInterval" to "0"
    And the test CSMS has read the configuration key "MeterValuesSampledData"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    Then the station sends 3 MeterValues for the transaction with the measurands of MeterValuesSampledData in context "Sample.Periodic", 4 seconds apart

  @TC_071_CS @blockJ
  Scenario: TC_071_CS Clock-aligned Meter Values
    Given the station has booted
    And the test CSMS has set the configuration key "MeterValueSampleInterval" to "0"
    And the test CSMS has set the configuration key "ClockAlignedDataInterval" to "4"
    And the test CSMS has read the configuration key "MeterValuesAlignedData"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    Then the station sends 3 clock-aligned MeterValues for the transaction with the measurands of MeterValuesAlignedData, every 4 seconds
