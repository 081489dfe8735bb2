@ocpp16 @csms @core
Feature: OCPP 1.6J Core profile - unlocking, configuration, rejected remote actions, power failure and offline behaviour
  OCTT 1.6 test cases TC_017 - TC_040 (OCPP Compliancy Testing Tool test-case document, FINAL 2024-04,
  sections 3.6 - 3.13). The suite plays a 1.6 Charge Point (CP16_SP1) that answers Unlocked, Accepted
  and its own configuration keys unless a scenario says otherwise. The Central System acts on manual
  actions through the 1.6 trigger API (/api/octt/1.6/{station}/{kebab-action}); what it kept of the
  station's answers and transactions is read from its records (configuration-record,
  transaction-record), as an operator would check them in the CSMS. The document starts most of these
  cases without a reusable state; the station boots first so that the Central System accepts it.

  Background:
    Given the test station is in state Booted

  @TC_017_1_CSMS @blockF
  Scenario: TC_017_1_CSMS Unlock connector - no charging session running (Not fixed cable)
    When the CSMS is asked to unlock connector 1 of the test Charge Point
    Then the CSMS sends UnlockConnector with
      | field       | value |
      | connectorId | 1     |
    And the CSMS reports the test station's answer to UnlockConnector with status "Unlocked"

  @TC_017_2_CSMS @blockF
  Scenario: TC_017_2_CSMS Unlock connector - no charging session running (Fixed cable)
    # A fixed cable cannot be unlocked: the Charge Point answers NotSupported.
    Given the test station will answer UnlockConnector with status "NotSupported"
    When the CSMS is asked to unlock connector 1 of the test Charge Point
    Then the CSMS sends UnlockConnector with
      | field       | value |
      | connectorId | 1     |
    And the CSMS reports the test station's answer to UnlockConnector with status "NotSupported"

  @TC_018_1_CSMS @blockF
  Scenario: TC_018_1_CSMS Unlock Connector - With Charging Session (Not fixed cable)
    Given the test station is in state Charging
    When the CSMS is asked to unlock connector 1 of the test Charge Point
    Then the CSMS sends UnlockConnector with
      | field       | value |
      | connectorId | 1     |
    And the CSMS reports the test station's answer to UnlockConnector with status "Unlocked"
    When the test Charge Point reports connector 1 "Finishing"
    And the test Charge Point stops the transaction on connector 1 with reason "UnlockCommand"
    # The EV driver unplugs the cable.
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station
    And the CSMS records the transaction on connector 1 as stopped with reason "UnlockCommand"

  @TC_019_1_CSMS @blockB
  Scenario: TC_019_1_CSMS Retrieve all configuration keys
    When the CSMS is asked for all configuration keys of the test Charge Point
    Then the CSMS sends GetConfiguration with
      | field | value           |
      | key   | (absent) or []  |
    And the CSMS reports that the test station answered GetConfiguration with
      | field            | value     |
      | configurationKey | (present) |
      | unknownKey       | (absent)  |
    And the CSMS records every configuration key the test Charge Point reported

  @TC_019_2_CSMS @blockB
  Scenario: TC_019_2_CSMS Retrieve Specific Configuration Key
    When the CSMS is asked for the configuration key "SupportedFeatureProfiles"
    Then the CSMS sends GetConfiguration with
      | field | value                        |
      | key   | ["SupportedFeatureProfiles"] |
    And the CSMS reports that the test station answered GetConfiguration with
      | field                   | value                    |
      | configurationKey[0].key | SupportedFeatureProfiles |
      | configurationKey[1]     | (absent)                 |
      | unknownKey              | (absent)                 |
    And the CSMS records every configuration key the test Charge Point reported

  @TC_021_CSMS @blockB
  Scenario: TC_021_CSMS Change/set Configuration
    # Not in the document: the station starts at 30 s, so that the new value is a change the
    # Central System must take from the Accepted answer.
    Given the test Charge Point has the configuration key "MeterValueSampleInterval" set to "30"
    When the CSMS is asked to change the configuration key "MeterValueSampleInterval" to "60"
    Then the CSMS sends ChangeConfiguration with
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | 60                       |
    And the CSMS reports the test station's answer to ChangeConfiguration with status "Accepted"
    And the CSMS records the configuration key "MeterValueSampleInterval" of the test Charge Point as "60"

  @TC_026_CSMS @blockF
  Scenario: TC_026_CSMS Remote Start Charging Session – Rejected
    Given the test station will answer RemoteStartTransaction with status "Rejected"
    When the CSMS is asked to start a transaction on connector 1 for the valid idTag
    Then the CSMS sends RemoteStartTransaction with
      | field       | value            |
      | idTag       | <VALID_ID_TOKEN> |
      | connectorId | 1                |
    And the CSMS reports the test station's answer to RemoteStartTransaction with status "Rejected"

  @TC_028_CSMS @blockF
  Scenario: TC_028_CSMS Remote Stop Transaction – Rejected
    # The Central System asks to stop the transaction it knows; the Charge Point rejects it as if the
    # transactionId were unknown to it (the document's reason), so the transaction goes on.
    Given the test station is in state Charging
    And the test station will answer RemoteStopTransaction with status "Rejected"
    When the CSMS is asked to stop the transaction on connector 1
    Then the CSMS requests to stop the transaction on connector 1
    And the CSMS reports the test station's answer to RemoteStopTransaction with status "Rejected"
    And the CSMS records the transaction on connector 1 as running

  @TC_030_CSMS @blockF
  Scenario: TC_030_CSMS Unlock Connector – Unlock Failure
    Given the test station will answer UnlockConnector with status "UnlockFailed"
    When the CSMS is asked to unlock connector 1 of the test Charge Point
    Then the CSMS sends UnlockConnector with
      | field       | value |
      | connectorId | 1     |
    And the CSMS reports the test station's answer to UnlockConnector with status "UnlockFailed"

  @TC_031_CSMS @blockF
  Scenario: TC_031_CSMS Unlock Connector – Unknown Connector
    # The document leaves the connectorId open; the station has 2 connectors (CONFIGURED_NUMBER_OF_EVSES).
    When the CSMS is asked to unlock connector 9 of the test Charge Point
    Then the CSMS sends UnlockConnector with
      | field       | value |
      | connectorId | 9     |
    And the CSMS reports the test station's answer to UnlockConnector with status "NotSupported"

  @TC_032_1_CSMS @blockE
  Scenario: TC_032_1_CSMS Power failure boot charging point-configured to stop transaction(s)
    Given the test station is in state Charging
    When the test Charge Point loses power
    And the test Charge Point boots
    Then the CSMS answers BootNotification with status "Accepted"
    When the test Charge Point reports its connectors after the power loss
    And the test Charge Point reports the transaction on connector 1 stopped by the power loss
    Then the CSMS answers every message of the test station
    And the CSMS records the transaction on connector 1 as stopped with reason "PowerLoss"

  @TC_037_1_CSMS @blockC @blockE
  Scenario: TC_037_1_CSMS Offline Start Transaction - Valid IdTag
    When the test Charge Point goes offline
    And the driver starts a transaction on connector 1 with the valid idTag while the test Charge Point is offline
    And the test Charge Point comes back online
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    When the test Charge Point reports connector 1 "Charging"
    Then the CSMS answers every message of the test station
    And the CSMS records the transaction on connector 1 as running

  @TC_037_3_CSMS @blockC @blockE
  Scenario: TC_037_3_CSMS Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true
    Given the test Charge Point has the configuration key "StopTransactionOnInvalidId" set to "true"
    When the test Charge Point goes offline
    And the driver starts a transaction on connector 1 with the invalid idTag while the test Charge Point is offline
    And the test Charge Point comes back online
    Then the CSMS answers StartTransaction with idTagInfo.status "Invalid"
    When the test Charge Point reports connector 1 "Charging"
    And the test Charge Point stops the transaction on connector 1 with reason "DeAuthorized"
    And the test Charge Point reports connector 1 "Finishing"
    Then the CSMS answers every message of the test station
    And the CSMS records the transaction on connector 1 as stopped with reason "DeAuthorized"

  @TC_039_CSMS @blockE
  Scenario: TC_039_CSMS Offline Transaction
    When the test Charge Point goes offline
    And the driver starts a transaction on connector 1 with the valid idTag while the test Charge Point is offline
    And the driver stops the transaction on connector 1 with the valid idTag and unplugs while the station is offline
    And the test Charge Point comes back online
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    And the CSMS answers every message of the test station
    And the CSMS records the transaction on connector 1 as stopped with reason "Local"

  @TC_040_1_CSMS @blockB
  Scenario: TC_040_1_CSMS Configuration keys - NotSupported
    # The document leaves the key open: one that no Charge Point has.
    When the CSMS is asked to change the configuration key "OcttUnknownKey" to "true"
    Then the CSMS sends ChangeConfiguration with
      | field | value          |
      | key   | OcttUnknownKey |
      | value | true           |
    And the CSMS reports the test station's answer to ChangeConfiguration with status "NotSupported"
    And the CSMS records that the test Charge Point does not support the configuration key "OcttUnknownKey"

  @TC_040_2_CSMS @blockB
  Scenario: TC_040_2_CSMS Configuration keys - Invalid value
    When the CSMS is asked to change the configuration key "MeterValueSampleInterval" to "-1"
    Then the CSMS sends ChangeConfiguration with
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | -1                       |
    And the CSMS reports the test station's answer to ChangeConfiguration with status "Rejected"
    And the CSMS does not record "-1" as the value of the configuration key "MeterValueSampleInterval"
