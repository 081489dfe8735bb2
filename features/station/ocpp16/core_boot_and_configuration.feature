@ocpp16 @station @core
Feature: OCPP 1.6 Core - the Charge Point boots, heartbeats and is configured
  OCTT 1.6 Charge Point test cases (test case document FINAL 2024-04, section 2): the suite plays the
  Central System; the Charge Point under test is the embedded 1.6 reference station unless configured
  (-D station_driver=..., sut_station_id_16). Connectors are numbered from 1; connector 0 is the
  Charge Point itself.

  @TC_001_CS @blockB
  Scenario: TC_001_CS Cold Boot Charge Point
    Given the test CSMS will answer BootNotification with Rejected then Accepted
    And the test CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the test CSMS's answer to BootNotification has status "Rejected"
    # OCPP 1.6 section 4.2: the interval of a non-Accepted answer is the minimum wait before the next boot.
    And the station sends BootNotification again once the interval of the test CSMS's answer has passed
    And the test CSMS's answer to BootNotification has
      | field    | value    |
      | status   | Accepted |
      | interval | 2        |
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector
    And the station sends Heartbeat within 10 seconds
    And the Charge Point sends Heartbeat again after about 2 seconds
    And while Rejected the station sent nothing but BootNotification

  @TC_002_CS @blockB
  Scenario: TC_002_CS Cold Boot Charge Point - Pending
    Given the test CSMS will answer BootNotification with Pending then Accepted
    And the test CSMS gives a heartbeat interval of 10 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the test CSMS's answer to BootNotification has status "Pending"
    When the test CSMS sends GetConfiguration for every key
    # OCTT: "the unknownKey list is <Empty>": absent or an empty list
    Then the station answers GetConfiguration with unknownKey "(empty)"
    When the test CSMS sends ChangeConfiguration for "MeterValueSampleInterval" with value "10"
    Then the station answers ChangeConfiguration with status "Accepted"
    # OCPP 1.6 section 4.2: the interval of a non-Accepted answer is the minimum wait before the next boot.
    And the station sends BootNotification again once the interval of the test CSMS's answer has passed
    And the test CSMS's answer to BootNotification has
      | field    | value    |
      | status   | Accepted |
      | interval | 10       |
    And the Charge Point sends StatusNotification "Available" for connector 0 and every connector
    And the station sends Heartbeat within 10 seconds
    And while Pending the station sent nothing but BootNotification

  @TC_019_CS @blockB
  Scenario: TC_019_CS Retrieve configuration
    Given the station has booted
    When the test CSMS sends GetConfiguration for "SupportedFeatureProfiles"
    Then the station answers GetConfiguration with
      | field                   | value                    |
      | configurationKey[0].key | SupportedFeatureProfiles |
      | unknownKey              | (empty)                  |
    When the test CSMS sends GetConfiguration for every key
    Then the Charge Point answers GetConfiguration with every key OCTT requires for its feature profiles
    When the test CSMS sends GetConfiguration for "GetConfigurationMaxKeys"
    Then the station answers GetConfiguration with configurationKey[0].key "GetConfigurationMaxKeys"
    When the test CSMS sends GetConfiguration for as many reported keys as GetConfigurationMaxKeys allows
    Then the Charge Point answers GetConfiguration with every key that was asked for

  @TC_021_CS @blockB
  Scenario: TC_021_CS Change/set Configuration
    Given the station has booted
    When the test CSMS sends ChangeConfiguration for "MeterValueSampleInterval" with value "10"
    Then the station answers ChangeConfiguration with status "Accepted"
    When the test CSMS sends GetConfiguration for "MeterValueSampleInterval"
    Then the Charge Point reports the configuration key "MeterValueSampleInterval" as "10"

  @TC_040_1_CS @blockB
  Scenario: TC_040_1_CS Configuration key - NotSupported
    Given the station has booted
    When the test CSMS sends ChangeConfiguration for "Testing" with value "true"
    Then the station answers ChangeConfiguration with status "NotSupported"

  @TC_040_2_CS @blockB
  Scenario: TC_040_2_CS Configuration key - Invalid value
    Given the station has booted
    When the test CSMS sends ChangeConfiguration for "MeterValueSampleInterval" with value "-1"
    Then the station answers ChangeConfiguration with status "Rejected"

  @TC_041_CS @blockG
  Scenario: TC_041_CS Fault Behavior
    Given the station has booted
    When connector 1 of the Charge Point fails with errorCode "OtherError"
    Then the Charge Point sends StatusNotification "Faulted" for connector 1 with errorCode "OtherError"
    When an EV is plugged in at connector 1
    And the driver presents idTag "VALID-1" at connector 1
    Then the Charge Point sends no StartTransaction for 5 seconds

  @TC_062_CS @blockP
  Scenario: TC_062_CS Data Transfer to a Charge Point
    Given the station has booted
    When the test CSMS sends DataTransfer with
      """
      {"vendorId": "com.example.not-a-vendor-of-this-station", "messageId": "TestMessage", "data": "test"}
      """
    Then the station answers DataTransfer with status "Rejected" or "UnknownMessageId" or "UnknownVendorId"
