@ocpp16 @station @core @blockE
Feature: OCPP 1.6 Core - the Charge Point keeps its transactions going while offline
  OCTT 1.6 Charge Point test cases 2.14: meter values queued during a connection loss, transactions
  started and stopped offline (valid and invalid idTags), delivered in order once the connection is
  back; the transactionId of an offline start comes with the CSMS's answer.

  @TC_036_CS
  Scenario: TC_036_CS Connection Loss During Transaction
    Given the station has booted
    And the test CSMS has set the configuration key "MeterValueSampleInterval" to "4"
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the station loses its connection
    And the Charge Point has queued 3 MeterValues of the transaction
    And the station's connection comes back
    Then the Charge Point sends 3 queued MeterValues for the transaction in order, 4 seconds apart

  @TC_037_1_CS @blockC
  Scenario: TC_037_1_CS Offline Start Transaction - Valid IdTag
    Given the station has booted
    And the test CSMS has set the configuration key "LocalAuthorizeOffline" to "true"
    And the test CSMS has set the configuration key "AuthorizationCacheEnabled" to "true"
    And the test CSMS has set the configuration key "AllowOfflineTxForUnknownId" to "true"
    When the station loses its connection
    And an EV is plugged in at connector 1
    And the driver presents idTag "VALID-1" at connector 1
    And the station's connection comes back
    Then the station sends StartTransaction with idTag "VALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_037_2_CS @blockC
  Scenario: TC_037_2_CS Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = false
    Given the test CSMS accepts no idTag but "VALID-1"
    And the station has booted
    And the test CSMS has set the configuration key "LocalAuthorizeOffline" to "true"
    And the test CSMS has set the configuration key "AllowOfflineTxForUnknownId" to "true"
    And the test CSMS has set the configuration key "StopTransactionOnInvalidId" to "false"
    And the test CSMS has set the configuration key "MaxEnergyOnInvalidId" to "0"
    When the station loses its connection
    And an EV is plugged in at connector 1
    And the driver presents idTag "INVALID-1" at connector 1
    And the station's connection comes back
    Then the station sends StartTransaction with idTag "INVALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Invalid"
    And the Charge Point sends StatusNotification "Charging" for connector 1
    And the Charge Point sends StatusNotification "SuspendedEVSE" for connector 1
    And the Charge Point sends no StopTransaction for 2 seconds

  @TC_037_3_CS @blockC
  Scenario: TC_037_3_CS Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true
    Given the test CSMS accepts no idTag but "VALID-1"
    And the station has booted
    And the test CSMS has set the configuration key "LocalAuthorizeOffline" to "true"
    And the test CSMS has set the configuration key "AllowOfflineTxForUnknownId" to "true"
    And the test CSMS has set the configuration key "StopTransactionOnInvalidId" to "true"
    And the test CSMS has set the configuration key "MaxEnergyOnInvalidId" to "0"
    When the station loses its connection
    And an EV is plugged in at connector 1
    And the driver presents idTag "INVALID-1" at connector 1
    And the station's connection comes back
    Then the station sends StartTransaction with idTag "INVALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Invalid"
    And the Charge Point sends StatusNotification "Charging" for connector 1
    And the station sends StopTransaction with reason "DeAuthorized"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1

  @TC_038_CS
  Scenario: TC_038_CS Offline Stop Transaction
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the station loses its connection
    And the driver presents idTag "VALID-1" at connector 1
    And the station's connection comes back
    Then the station sends StopTransaction with reason "Local" or "(absent)"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1

  @TC_039_CS
  Scenario: TC_039_CS Offline Transaction
    Given the station has booted
    And the test CSMS has set the configuration key "LocalAuthorizeOffline" to "true"
    And the test CSMS has set the configuration key "AllowOfflineTxForUnknownId" to "true"
    When the station loses its connection
    And an EV is plugged in at connector 1
    And the driver presents idTag "VALID-1" at connector 1
    And the driver presents idTag "VALID-1" at connector 1
    And the EV is unplugged from connector 1
    And the station's connection comes back
    Then the station sends StartTransaction with idTag "VALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the station sends StopTransaction with reason "Local" or "(absent)"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the StopTransaction carries the idTag of the StartTransaction
