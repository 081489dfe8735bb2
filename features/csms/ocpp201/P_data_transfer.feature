@ocpp201 @csms @blockP
Feature: P Data Transfer - the CSMS under test handles vendor-specific data
  OCTT test cases TC_P_xx_CSMS (OCPP 2.0.1 Part 6). The configured vendorId and messageId
  (CONFIGURED_VENDOR_ID, CONFIGURED_MESSAGE_ID) name a vendor extension the CSMS does not implement.

  Background:
    Given the test station is in state Booted

  @TC_P_02_CSMS
  Scenario: TC_P_02_CSMS Data Transfer to the CSMS - Rejected / Unknown VendorId / Unknown MessageId
    When the test station sends DataTransfer with the configured vendorId and messageId
    Then the CSMS answers DataTransfer with status "UnknownVendorId" or "UnknownMessageId" or "Rejected"

  @TC_P_03_CSMS
  Scenario: TC_P_03_CSMS CustomData - Receive custom data
    When the test station sends StatusNotification "Available" with customData
      """
      {"vendorId": "com.example.conformance", "cableLength": 5, "note": {"text": "custom"}}
      """
    And the test station starts a transaction with customData
      """
      {"vendorId": "com.example.conformance", "tariff": "night"}
      """
    # Both answered with a schema-valid CALLRESULT: customData is accepted wherever it appears.
    Then the CSMS answers every message of the test station
