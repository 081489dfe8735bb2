@ocpp16 @station @core @blockF
Feature: OCPP 1.6 Core - the Central System starts, stops and unlocks remotely
  OCTT 1.6 Charge Point test cases 2.5, 2.7, 2.11 and 2.12: remote start (cable first, remote start
  first, time-out), remote stop, unlocking with and without a session, and the refusals.

  @TC_010_CS
  Scenario: TC_010_CS Remote Start Charging Session – Cable Plugged in First
    Given the station has booted
    When the test CSMS sends GetConfiguration for "AuthorizeRemoteTxRequests"
    Then the station answers GetConfiguration with configurationKey[0].key "AuthorizeRemoteTxRequests"
    When an EV is plugged in at connector 1
    Then the Charge Point sends StatusNotification "Preparing" for connector 1
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1
    Then the station answers RemoteStartTransaction with status "Accepted"
    And the station sends StartTransaction with
      | field       | value   |
      | connectorId | 1       |
      | idTag       | VALID-1 |
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_011_1_CS
  Scenario: TC_011_1_CS Remote Start Charging Session – Remote Start First
    Given the station has booted
    And the test CSMS has set the configuration key "AuthorizeRemoteTxRequests" to "true"
    When the test CSMS sends GetConfiguration for "AuthorizeRemoteTxRequests"
    Then the station answers GetConfiguration with configurationKey[0].key "AuthorizeRemoteTxRequests"
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1
    Then the station answers RemoteStartTransaction with status "Accepted"
    And the station sends Authorize with idTag "VALID-1"
    And the test CSMS's answer to Authorize has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Preparing" for connector 1
    When an EV is plugged in at connector 1
    Then the station sends StartTransaction with idTag "VALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_011_2_CS
  Scenario: TC_011_2_CS Remote Start Charging Session – Time Out
    Given the station has booted
    And the test CSMS has set the configuration key "ConnectionTimeOut" to "10"
    When the test CSMS sends GetConfiguration for "AuthorizeRemoteTxRequests"
    Then the station answers GetConfiguration with configurationKey[0].key "AuthorizeRemoteTxRequests"
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1
    Then the station answers RemoteStartTransaction with status "Accepted"
    And the Charge Point sends StatusNotification "Preparing" for connector 1
    And the Charge Point sends StatusNotification "Available" for connector 1
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_012_CS
  Scenario: TC_012_CS Remote Stop Charging Session
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends RemoteStopTransaction
    Then the station answers RemoteStopTransaction with status "Accepted"
    And the station sends StopTransaction with reason "Remote"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1

  @TC_026_CS
  Scenario: TC_026_CS Remote Start Charging Session – Rejected
    Given the station has booted
    And the test CSMS has set the configuration key "LocalPreAuthorize" to "false"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-2" on connector 1
    Then the station answers RemoteStartTransaction with status "Rejected"
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_027_CS
  Scenario: TC_027_CS Remote start transaction - connector id shall not be 0
    Given the station has booted
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 0
    Then the station answers RemoteStartTransaction with status "Rejected"
    And the Charge Point sends no StartTransaction for 2 seconds

  @TC_028_CS
  Scenario: TC_028_CS Remote Stop Transaction – Rejected
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends RemoteStopTransaction for an unknown transaction
    Then the station answers RemoteStopTransaction with status "Rejected"
    And the Charge Point sends no StopTransaction for 2 seconds

  @TC_017_1_CS
  Scenario: TC_017_1_CS Unlock connector - no charging session running (Not fixed cable)
    Given the station has booted
    When the test CSMS sends UnlockConnector for connector 1
    Then the station answers UnlockConnector with status "Unlocked"

  @TC_017_2_CS
  Scenario: TC_017_2_CS Unlock connector - no charging session running (Fixed cable)
    Given the Charge Point has a fixed cable
    And the station has booted
    When the test CSMS sends UnlockConnector for connector 1
    Then the station answers UnlockConnector with status "NotSupported"

  @TC_018_1_CS
  Scenario: TC_018_1_CS Unlock Connector - With Charging Session (Not fixed cable)
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends UnlockConnector for connector 1
    Then the station answers UnlockConnector with status "Unlocked"
    And the station sends StopTransaction with reason "UnlockCommand"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1
    When the EV is unplugged from connector 1
    Then the Charge Point sends StatusNotification "Available" for connector 1

  @TC_018_2_CS
  Scenario: TC_018_2_CS Unlock Connector - With Charging Session (Fixed cable)
    Given the Charge Point has a fixed cable
    And the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends UnlockConnector for connector 1
    Then the station answers UnlockConnector with status "NotSupported"
    And the Charge Point sends no StopTransaction for 2 seconds

  @TC_030_CS
  Scenario: TC_030_CS Unlock Connector – Unlock Failure
    Given the station has booted
    When the lock of connector 1 breaks
    And the test CSMS sends UnlockConnector for connector 1
    Then the station answers UnlockConnector with status "UnlockFailed"

  @TC_031_CS
  Scenario: TC_031_CS Unlock Connector – Unknown Connector
    Given the station has booted
    When the test CSMS sends UnlockConnector for an unknown connector
    Then the station answers UnlockConnector with status "NotSupported"
