@ocpp16 @csms @core
Feature: OCPP 1.6J Authorization Cache and DataTransfer - the Central System under test
  OCTT 1.6 test cases TC_061_CSMS (section 3.3.2) and TC_064_CSMS (section 3.20) of the test-case
  document FINAL 2024-04.

  @TC_061_CSMS @blockC
  Scenario: TC_061_CSMS Clear Authorization Data in Authorization Cache
    Given the test station is in state Booted
    When the CSMS is asked to clear the authorization cache of the test station
    Then the CSMS sends ClearCache
    And the CSMS reports the test station's answer to ClearCache with status "Accepted"

  @TC_064_CSMS @blockP
  Scenario: TC_064_CSMS Data Transfer to a Central System
    # CONFIGURED_VENDOR_ID must be a vendorId the Central System does not implement.
    Given the test station is in state Booted
    When the test station sends DataTransfer with the configured vendorId and messageId
    Then the CSMS refuses the DataTransfer of the unknown vendor, or accepts it with a warning
