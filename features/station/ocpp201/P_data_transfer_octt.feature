@ocpp201 @station @blockP
Feature: P DataTransfer - OCTT charging-station cases: a DataTransfer the station does not implement, customData in CSMS requests
  OCTT test cases TC_P_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured.

  @TC_P_01_CS
  Scenario: TC_P_01_CS Data Transfer to the Charging Station - Rejected / Unknown VendorId / Unknown MessageId
    # Prerequisite: the station implements nothing for vendorId org.openchargealliance.octt and messageId
    # <Configured messageId> (CONFIGURED_MESSAGE_ID).
    Given the station has booted
    When the test CSMS sends DataTransfer with
      """
      {"vendorId": "org.openchargealliance.octt", "messageId": "<CONFIGURED_MESSAGE_ID>"}
      """
    Then the station answers DataTransfer with status "UnknownVendorId" or "UnknownMessageId" or "Rejected"

  @TC_P_03_CS
  Scenario: TC_P_03_CS CustomData - Receive custom data
    # The document's message texts leave the custom data out: the suite puts a customData object (a vendorId
    # and a property of its own, as CustomDataType allows) in each request and in its item.
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"attributeType": "Actual", "attributeValue": "200",
                            "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "customData": {"vendorId": "org.openchargealliance.octt", "octtProperty": "item"}}],
       "customData": {"vendorId": "org.openchargealliance.octt", "octtProperty": "request"}}
      """
    Then the station answers SetVariables with
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Accepted |
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [{"attributeType": "Actual",
                            "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "customData": {"vendorId": "org.openchargealliance.octt", "octtProperty": "item"}}],
       "customData": {"vendorId": "org.openchargealliance.octt", "octtProperty": "request"}}
      """
    Then the station answers GetVariables with
      | field                                | value              |
      | getVariableResult[0].attributeStatus | Accepted           |
      | getVariableResult[0].attributeType   | Actual or (absent) |
      | getVariableResult[0].attributeValue  | 200                |
