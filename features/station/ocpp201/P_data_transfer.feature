@ocpp201 @station @blockP
Feature: P Data transfer - vendor-specific messages between the station under test and the CSMS
  End-to-end cases of the charging-station simulator's test plan (E2E_Pxx).

  @E2E_P01
  Scenario: E2E_P01 DataTransfer CSMS to station
    Given the station has booted
    When the test CSMS sends DataTransfer
    Then the station answers DataTransfer with status "Accepted" or "UnknownVendorId"

  @E2E_P02
  Scenario: E2E_P02 DataTransfer station to CSMS
    Given the station has booted
    When the station is made to send DataTransfer with
      """
      {"vendorId": "TestVendor", "messageId": "TestMessage", "data": "test_payload"}
      """
    Then the test CSMS's answer to DataTransfer has status "Accepted"
    And the station sends DataTransfer with
      | field     | value        |
      | vendorId  | TestVendor   |
      | messageId | TestMessage  |
      | data      | test_payload |
