@ocpp201 @station @blockB
Feature: B Provisioning - OCTT charging-station cases: boot, device model variables, base reports, reset
  OCTT test cases TC_B_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured. A
  "Configuration State" of the document is a Given that sets the variable with SetVariables (a real
  station gets its old value back after the scenario). "attributeStatusInfo is absent or its reasonCode
  is NoError" is the value "NoError" or "(absent)" of attributeStatusInfo.reasonCode.

  # ------------------------------------------------------------------ B01-B03 booting

  @TC_B_01_CS
  Scenario: TC_B_01_CS Cold Boot Charging Station - Accepted
    # Reusable state Booted: BootNotification Accepted, then the state of every connector.
    Given the test CSMS will answer BootNotification with Accepted
    When the station powers up
    Then the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    # Post scenario validation: the state of every connector has been reported. The document allows a
    # NotifyEvent of Connector.AvailabilityState instead; the suite checks the StatusNotification form.
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_02_CS
  Scenario: TC_B_02_CS Cold Boot Charging Station - Pending
    Given the test CSMS will answer BootNotification with Pending then Accepted
    # <Configured heartbeatInterval>: long enough that the station's own retry after the Pending
    # interval does not come before the TriggerMessage of step 13.
    And the test CSMS gives a heartbeat interval of 300 seconds
    # Manual action "Reboot the Charging Station": it is switched on.
    When the station powers up
    Then the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Pending"
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "attributeValue": "300"}]}
      """
    Then the station answers SetVariables with
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Accepted |
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"}}]}
      """
    Then the station answers GetVariables with
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |
    When the test CSMS sends GetBaseReport "FullInventory"
    Then the station answers GetBaseReport with status "Accepted"
    And the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false
    When the test CSMS sends RequestStartTransaction for idToken "04A1B2C3D4E501" on EVSE 1
    Then the station answers RequestStartTransaction with status "Rejected"
    When the test CSMS sends TriggerMessage for BootNotification
    Then the station answers TriggerMessage with status "Accepted" or "NotImplemented"
    And the station sends BootNotification again, at once with reason "Triggered" if it accepted the TriggerMessage
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_03_CS
  Scenario: TC_B_03_CS Cold Boot Charging Station - Rejected
    Given the test CSMS will answer BootNotification with Rejected then Accepted
    # <Configured heartbeatInterval>: protocol seconds, compressed for the embedded station.
    And the test CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Rejected"
    And the station sends BootNotification again once the interval of the test CSMS's answer has passed
    And the test CSMS's answer to BootNotification has status "Accepted"
    And while Rejected the station sent nothing but BootNotification
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_30_CS
  Scenario: TC_B_30_CS Cold Boot Charging Station - Pending/Rejected - SecurityError
    Given the test CSMS will answer BootNotification with Rejected
    And the test CSMS gives a heartbeat interval of 300 seconds
    When the station powers up
    Then the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Rejected"
    # Errata 2023-12: OCTT sends GetBaseReport only while the station keeps its connection; the suite
    # waits for the connection (a station that closed it reconnects for its next BootNotification).
    When the test CSMS sends GetBaseReport "FullInventory"
    Then the station answers GetBaseReport with CALLERROR SecurityError

  # ------------------------------------------------------------------ B06 GetVariables

  @TC_B_06_CS
  Scenario: TC_B_06_CS Get Variables - single value
    Given the station has booted
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "attributeType": "Actual"}]}
      """
    Then the station answers GetVariables with
      | field                                           | value                |
      | getVariableResult[0].attributeStatus            | Accepted             |
      | getVariableResult[0].attributeType              | Actual               |
      | getVariableResult[0].attributeValue             | 300                  |
      | getVariableResult[0].component.name             | OCPPCommCtrlr        |
      | getVariableResult[0].variable.name              | OfflineThreshold     |
      | getVariableResult[0].attributeStatusInfo.reasonCode | NoError or (absent) |

  @TC_B_07_CS
  Scenario: TC_B_07_CS Get Variables - multiple values
    Given the station has booted
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's AuthCtrlr.LocalAuthorizeOffline is "true"
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [
        {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"}, "attributeType": "Actual"},
        {"component": {"name": "AuthCtrlr"}, "variable": {"name": "LocalAuthorizeOffline"}, "attributeType": "Actual"}]}
      """
    Then the station answers GetVariables with these getVariableResult items in any order
      | attributeStatus | attributeType | attributeValue | component.name | variable.name         | attributeStatusInfo.reasonCode |
      | Accepted        | Actual        | 300            | OCPPCommCtrlr  | OfflineThreshold      | NoError or (absent)            |
      | Accepted        | Actual        | true           | AuthCtrlr      | LocalAuthorizeOffline | NoError or (absent)            |

  @TC_B_32_CS
  Scenario: TC_B_32_CS Get Variables - Unknown component
    Given the station has booted
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [{"component": {"name": "UnknownComponent"}, "variable": {"name": "OfflineThreshold"}}]}
      """
    Then the station answers GetVariables with
      | field                                | value            |
      | getVariableResult[0].attributeStatus | UnknownComponent |
      | getVariableResult[0].component.name  | UnknownComponent |
      | getVariableResult[0].variable.name   | OfflineThreshold |

  @TC_B_33_CS
  Scenario: TC_B_33_CS Get Variables - Unknown variable
    Given the station has booted
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "UnknownVariable"}}]}
      """
    Then the station answers GetVariables with
      | field                                | value           |
      | getVariableResult[0].attributeStatus | UnknownVariable |
      | getVariableResult[0].component.name  | OCPPCommCtrlr   |
      | getVariableResult[0].variable.name   | UnknownVariable |

  @TC_B_34_CS
  Scenario: TC_B_34_CS Get Variables - Not supported attribute type
    # OCTT's prerequisite, implicit: OfflineThreshold has no Target attribute at the station.
    Given the station has booted
    When the test CSMS sends GetVariables with
      """
      {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "attributeType": "Target"}]}
      """
    Then the station answers GetVariables with
      | field                                | value                     |
      | getVariableResult[0].attributeStatus | NotSupportedAttributeType |
      | getVariableResult[0].component.name  | OCPPCommCtrlr             |
      | getVariableResult[0].variable.name   | OfflineThreshold          |
      | getVariableResult[0].attributeType   | Target                    |

  @TC_B_08_CS
  Scenario: TC_B_08_CS Get Variables - limit to maximum number of values
    # The 2023-12 errata removed this case (B06.FR.05 binds the CSMS, which must respect the limit). The
    # suite keeps the original document's steps for a station: it must not return more values than its
    # ItemsPerMessage GetVariables; a CALLERROR OccurrenceConstraintViolation refusing the whole request,
    # which the errata make acceptable, passes too. The variables are the first ItemsPerMessage + 1 readable
    # ones of the report. Removed, it judges only the reference station: another station's is not run.
    Given the case is one the 2023-12 errata removed
    And the station has booted
    When the test CSMS sends GetBaseReport "FullInventory"
    Then the station answers GetBaseReport with status "Accepted"
    And the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false
    When the test CSMS asks with GetVariables for one reported variable more than its ItemsPerMessage allows
    Then the station rejects every requested variable, or only the one beyond its limit

  # ------------------------------------------------------------------ B05 SetVariables

  @TC_B_09_CS
  Scenario: TC_B_09_CS Set Variables - single value
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "attributeValue": "300", "attributeType": "Actual"}]}
      """
    Then the station answers SetVariables with
      | field                                               | value               |
      | setVariableResult[0].attributeStatus                | Accepted            |
      | setVariableResult[0].attributeType                  | Actual              |
      | setVariableResult[0].component.name                 | OCPPCommCtrlr       |
      | setVariableResult[0].variable.name                  | OfflineThreshold    |
      | setVariableResult[0].attributeStatusInfo.reasonCode | NoError or (absent) |

  @TC_B_10_CS
  Scenario: TC_B_10_CS Set Variables - multiple values
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [
        {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"}, "attributeValue": "300",
         "attributeType": "Actual"},
        {"component": {"name": "AuthCtrlr"}, "variable": {"name": "LocalAuthorizeOffline"}, "attributeValue": "true",
         "attributeType": "Actual"}]}
      """
    Then the station answers SetVariables with these setVariableResult items in any order
      | attributeStatus | attributeType | component.name | variable.name         | attributeStatusInfo.reasonCode |
      | Accepted        | Actual        | OCPPCommCtrlr  | OfflineThreshold      | NoError or (absent)            |
      | Accepted        | Actual        | AuthCtrlr      | LocalAuthorizeOffline | NoError or (absent)            |

  @TC_B_11_CS
  Scenario Outline: TC_B_11_CS Set Variables - invalidly formatted values (<value>)
    # The document's validations allow Rejected or Accepted for every value; its step texts say a value
    # the variable does not support is Rejected (B05.FR.07). The suite requires Rejected where the value
    # does not fit the variable's dataType (Part 2 appendix: OfflineThreshold integer,
    # LimitChangeSignificance decimal, AuthorizeRemoteStart boolean, NextTimeOffsetTransitionDateTime
    # dateTime) and lets the station choose for a well-formed one. Errata 2023-12: the first two values
    # are <configured offlineThreshold> and that plus 0.1 (CONFIGURED_OFFLINE_THRESHOLD). Steps 3-4 and
    # 7-8 are only for a station that has the variable: UnknownComponent/UnknownVariable is its answer
    # otherwise. Steps 5-6 are only for a ReadWrite AuthorizeRemoteStart: a read-only one answers
    # Rejected (B05.FR.09), which the rows allow. The document swaps the variable names of its step 4 and
    # 6 validations; the suite follows its main steps. "attributeType = Actual": the request leaves it
    # out, so an answer without it (the schema's default, Actual) passes too. The reasonCode InvalidValue
    # is "not required": not checked.
    Given the station has booted
    When the test CSMS sets OCPPCommCtrlr.OfflineThreshold to "<value>"
    Then the station answers SetVariables with
      | field                                | value              |
      | setVariableResult[0].attributeStatus | <integer>          |
      | setVariableResult[0].attributeType   | Actual or (absent) |
      | setVariableResult[0].component.name  | OCPPCommCtrlr      |
      | setVariableResult[0].variable.name   | OfflineThreshold   |
    When the test CSMS sets SmartChargingCtrlr.LimitChangeSignificance to "<value>"
    Then the station answers SetVariables with
      | field                                | value                                                   |
      | setVariableResult[0].attributeStatus | <decimal> or "UnknownComponent" or "UnknownVariable"     |
      | setVariableResult[0].attributeType   | Actual or (absent)                                      |
      | setVariableResult[0].component.name  | SmartChargingCtrlr                                      |
      | setVariableResult[0].variable.name   | LimitChangeSignificance                                 |
    When the test CSMS sets AuthCtrlr.AuthorizeRemoteStart to "<value>"
    Then the station answers SetVariables with
      | field                                | value                |
      | setVariableResult[0].attributeStatus | <boolean>            |
      | setVariableResult[0].attributeType   | Actual or (absent)   |
      | setVariableResult[0].component.name  | AuthCtrlr            |
      | setVariableResult[0].variable.name   | AuthorizeRemoteStart |
    When the test CSMS sets ClockCtrlr.NextTimeOffsetTransitionDateTime to "<value>"
    Then the station answers SetVariables with
      | field                                | value                                                 |
      | setVariableResult[0].attributeStatus | <dateTime> or "UnknownComponent" or "UnknownVariable" |
      | setVariableResult[0].attributeType   | Actual or (absent)                                    |
      | setVariableResult[0].component.name  | ClockCtrlr                                            |
      | setVariableResult[0].variable.name   | NextTimeOffsetTransitionDateTime                      |

    Examples:
      | value                              | integer                  | decimal                  | boolean                  | dateTime                 |
      | <CONFIGURED_OFFLINE_THRESHOLD>     | "Accepted" or "Rejected" | "Accepted" or "Rejected" | "Rejected"               | "Rejected"               |
      | <CONFIGURED_OFFLINE_THRESHOLD>.1   | "Rejected"               | "Accepted" or "Rejected" | "Rejected"               | "Rejected"               |
      | true                               | "Rejected"               | "Rejected"               | "Accepted" or "Rejected" | "Rejected"               |
      | (now)                              | "Rejected"               | "Rejected"               | "Rejected"               | "Accepted" or "Rejected" |
      | abc                                | "Rejected"               | "Rejected"               | "Rejected"               | "Rejected"               |

  @TC_B_35_CS
  Scenario: TC_B_35_CS Set Variables - Unknown component
    # The document gives no attributeValue; the schema requires one: "300".
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"component": {"name": "UnknownComponent"}, "variable": {"name": "OfflineThreshold"},
                            "attributeValue": "300"}]}
      """
    Then the station answers SetVariables with
      | field                                | value            |
      | setVariableResult[0].attributeStatus | UnknownComponent |
      | setVariableResult[0].component.name  | UnknownComponent |
      | setVariableResult[0].variable.name   | OfflineThreshold |

  @TC_B_36_CS
  Scenario: TC_B_36_CS Set Variables - Unknown variable
    # The document gives no attributeValue; the schema requires one: "300".
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "UnknownVariable"},
                            "attributeValue": "300"}]}
      """
    Then the station answers SetVariables with
      | field                                | value           |
      | setVariableResult[0].attributeStatus | UnknownVariable |
      | setVariableResult[0].component.name  | OCPPCommCtrlr   |
      | setVariableResult[0].variable.name   | UnknownVariable |

  @TC_B_37_CS
  Scenario: TC_B_37_CS Set Variables - Not supported attribute type
    # The document gives no attributeValue; the schema requires one: "300".
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
                            "attributeValue": "300", "attributeType": "Target"}]}
      """
    Then the station answers SetVariables with
      | field                                | value                     |
      | setVariableResult[0].attributeStatus | NotSupportedAttributeType |
      | setVariableResult[0].component.name  | OCPPCommCtrlr             |
      | setVariableResult[0].variable.name   | OfflineThreshold          |
      | setVariableResult[0].attributeType   | Target                    |

  @TC_B_39_CS
  Scenario: TC_B_39_CS Set Variables - Read-only
    # The document gives no attributeValue; the schema requires one: "30".
    Given the station has booted
    When the test CSMS sends SetVariables with
      """
      {"setVariableData": [{"component": {"name": "OCPPCommCtrlr"},
                            "variable": {"name": "MessageTimeout", "instance": "Default"}, "attributeValue": "30"}]}
      """
    Then the station answers SetVariables with
      | field                                 | value          |
      | setVariableResult[0].attributeStatus  | Rejected       |
      | setVariableResult[0].component.name   | OCPPCommCtrlr  |
      | setVariableResult[0].variable.name    | MessageTimeout |
      | setVariableResult[0].variable.instance | Default       |

  # ------------------------------------------------------------------ B07 GetBaseReport

  @TC_B_12_CS
  Scenario: TC_B_12_CS Get Base Report - ConfigurationInventory
    Given the station has booted
    When the test CSMS sends GetBaseReport "ConfigurationInventory"
    Then the station answers GetBaseReport with
      | field             | value               |
      | status            | Accepted            |
      | statusInfo.reasonCode | NoError or (absent) |
    And the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false
    And every variable the station reported for the GetBaseReport request has
      | field                   | value     |
      | variableCharacteristics | (present) |
    # mutability: the schema's default, ReadWrite, when absent.
    And every variable the station reported for the GetBaseReport request has
      | field                             | value                                      |
      | variableAttribute[0].mutability   | "ReadWrite" or "WriteOnly" or (absent)     |
    And the station reported a valuesList for every list-type variable of the GetBaseReport request
    # The required writable variables of the document's Core list (TC_B_53_CS, before the 2023-12
    # errata); those of the optional blocks (smart charging, local list, ...) are not checked.
    And the station's report for the GetBaseReport request includes the variables
      | component        | variable                         | instance         |
      | AlignedDataCtrlr | Interval                         |                  |
      | AlignedDataCtrlr | Measurands                       |                  |
      | AlignedDataCtrlr | TxEndedInterval                  |                  |
      | AlignedDataCtrlr | TxEndedMeasurands                |                  |
      | AuthCtrlr        | LocalAuthorizeOffline            |                  |
      | AuthCtrlr        | LocalPreAuthorize                |                  |
      | ClockCtrlr       | TimeSource                       |                  |
      | OCPPCommCtrlr    | MessageAttemptInterval           | TransactionEvent |
      | OCPPCommCtrlr    | MessageAttempts                  | TransactionEvent |
      | OCPPCommCtrlr    | NetworkConfigurationPriority     |                  |
      | OCPPCommCtrlr    | NetworkProfileConnectionAttempts |                  |
      | OCPPCommCtrlr    | OfflineThreshold                 |                  |
      | OCPPCommCtrlr    | ResetRetries                     |                  |
      | SampledDataCtrlr | TxEndedInterval                  |                  |
      | SampledDataCtrlr | TxEndedMeasurands                |                  |
      | SampledDataCtrlr | TxStartedMeasurands              |                  |
      | SampledDataCtrlr | TxUpdatedInterval                |                  |
      | SampledDataCtrlr | TxUpdatedMeasurands              |                  |
      | SecurityCtrlr    | OrganizationName                 |                  |
      | TxCtrlr          | EVConnectionTimeOut              |                  |
      | TxCtrlr          | StopTxOnInvalidId                |                  |

  @TC_B_13_CS
  Scenario: TC_B_13_CS Get Base Report - FullInventory
    Given the station has booted
    When the test CSMS sends GetBaseReport "FullInventory"
    Then the station answers GetBaseReport with
      | field                 | value               |
      | status                | Accepted            |
      | statusInfo.reasonCode | NoError or (absent) |
    And the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false
    And every variable the station reported for the GetBaseReport request has
      | field                   | value     |
      | variableCharacteristics | (present) |
    And the station reported a valuesList for every list-type variable of the GetBaseReport request
    # "Charging Infrastructure Related" and the Core variables of "Referenced Components and Variables"
    # (the document's TC_B_53_CS list); the optional blocks' variables are not checked.
    And the station's report for the GetBaseReport request includes the variables
      | component       | variable          | instance |
      | ChargingStation | AvailabilityState |          |
      | ChargingStation | Available         |          |
      | ChargingStation | SupplyPhases      |          |
      | EVSE            | AvailabilityState |          |
      | EVSE            | Available         |          |
      | EVSE            | Power             |          |
      | EVSE            | SupplyPhases      |          |
      | Connector       | AvailabilityState |          |
      | Connector       | Available         |          |
      | Connector       | ConnectorType     |          |
      | Connector       | SupplyPhases      |          |
      | OCPPCommCtrlr   | MessageTimeout    | Default  |
      | OCPPCommCtrlr   | OfflineThreshold  |          |
      | ClockCtrlr      | DateTime          |          |
      | SecurityCtrlr   | SecurityProfile   |          |

  @TC_B_15_CS
  Scenario: TC_B_15_CS Get Base Report - Not Supported base report
    # Prerequisite: the station does not support the optional SummaryInventory (the reference station does not).
    Given the station has booted
    When the test CSMS sends GetBaseReport "SummaryInventory"
    Then the station answers GetBaseReport NotSupported, unless it supports the report
    # "OCTT waits to make sure the station does not send a NotifyReport": 2 protocol seconds.
    And the station sends no NotifyReport for 2 seconds

  @TC_B_53_CS
  Scenario: TC_B_53_CS Get Base Report - Test mandatory DM variables via FullInventory
    # The errata 2023-12 replaced the document's list with "what the specification requires"; the suite
    # keeps the document's "Required Core components/variables" (the optional blocks' lists apply only to
    # a station that implements the block and are not checked). DeviceDataCtrlr.ItemsPerMessage
    # "SetVariable" is the document's typo for SetVariables.
    Given the station has booted
    When the test CSMS sends GetBaseReport "FullInventory"
    Then the station answers GetBaseReport with
      | field                 | value               |
      | status                | Accepted            |
      | statusInfo.reasonCode | NoError or (absent) |
    And the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false
    And the station's report for the GetBaseReport request includes the variables
      | component        | variable                         | instance         |
      | AlignedDataCtrlr | Interval                         |                  |
      | AlignedDataCtrlr | Measurands                       |                  |
      | AlignedDataCtrlr | TxEndedInterval                  |                  |
      | AlignedDataCtrlr | TxEndedMeasurands                |                  |
      | AuthCtrlr        | AuthorizeRemoteStart             |                  |
      | AuthCtrlr        | LocalAuthorizeOffline            |                  |
      | AuthCtrlr        | LocalPreAuthorize                |                  |
      | ChargingStation  | AvailabilityState                |                  |
      | ChargingStation  | Available                        |                  |
      | ChargingStation  | SupplyPhases                     |                  |
      | ClockCtrlr       | DateTime                         |                  |
      | ClockCtrlr       | TimeSource                       |                  |
      | Connector        | AvailabilityState                |                  |
      | Connector        | Available                        |                  |
      | Connector        | ConnectorType                    |                  |
      | Connector        | SupplyPhases                     |                  |
      | DeviceDataCtrlr  | BytesPerMessage                  | GetReport        |
      | DeviceDataCtrlr  | BytesPerMessage                  | GetVariables     |
      | DeviceDataCtrlr  | BytesPerMessage                  | SetVariables     |
      | DeviceDataCtrlr  | ItemsPerMessage                  | GetReport        |
      | DeviceDataCtrlr  | ItemsPerMessage                  | GetVariables     |
      | DeviceDataCtrlr  | ItemsPerMessage                  | SetVariables     |
      | EVSE             | AvailabilityState                |                  |
      | EVSE             | Available                        |                  |
      | EVSE             | Power                            |                  |
      | EVSE             | SupplyPhases                     |                  |
      | OCPPCommCtrlr    | FileTransferProtocols            |                  |
      | OCPPCommCtrlr    | MessageTimeout                   | Default          |
      | OCPPCommCtrlr    | MessageAttemptInterval           | TransactionEvent |
      | OCPPCommCtrlr    | MessageAttempts                  | TransactionEvent |
      | OCPPCommCtrlr    | NetworkConfigurationPriority     |                  |
      | OCPPCommCtrlr    | NetworkProfileConnectionAttempts |                  |
      | OCPPCommCtrlr    | OfflineThreshold                 |                  |
      | OCPPCommCtrlr    | ResetRetries                     |                  |
      | OCPPCommCtrlr    | UnlockOnEVSideDisconnect         |                  |
      | SampledDataCtrlr | TxEndedInterval                  |                  |
      | SampledDataCtrlr | TxEndedMeasurands                |                  |
      | SampledDataCtrlr | TxStartedMeasurands              |                  |
      | SampledDataCtrlr | TxUpdatedInterval                |                  |
      | SampledDataCtrlr | TxUpdatedMeasurands              |                  |
      | SecurityCtrlr    | CertificateEntries               |                  |
      | SecurityCtrlr    | OrganizationName                 |                  |
      | SecurityCtrlr    | SecurityProfile                  |                  |
      | TxCtrlr          | EVConnectionTimeOut              |                  |
      | TxCtrlr          | StopTxOnEVSideDisconnect         |                  |
      | TxCtrlr          | StopTxOnInvalidId                |                  |
      | TxCtrlr          | TxStartPoint                     |                  |
      | TxCtrlr          | TxStopPoint                      |                  |

  # ------------------------------------------------------------------ B11 Reset without a transaction

  @TC_B_20_CS
  Scenario: TC_B_20_CS Reset Charging Station - Without ongoing transaction - OnIdle
    Given the station has booted
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Accepted"
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    # Step 5 allows a NotifyEvent of Connector.AvailabilityState instead; the suite checks StatusNotification.
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_25_CS
  Scenario: TC_B_25_CS Reset EVSE - Without ongoing transaction
    # Prerequisite: the station supports resetting one EVSE (a station that does not is for TC_B_28_CS).
    Given the station has booted
    When the test CSMS resets the configured EVSE with type "OnIdle"
    Then the station answers Reset with status "Accepted"

  # ------------------------------------------------------------------ B11/B12 Reset with a transaction, Unavailable persisting
  # The reusable states are the state library of block C ("the station is brought to state ..."), at the
  # configured EVSE and connector with the valid idToken. The document's NotifyEvent form of a connector
  # status is not taken: the suite checks StatusNotification.

  @TC_B_21_CS
  Scenario: TC_B_21_CS Reset Charging Station - With Ongoing Transaction - OnIdle
    Given the station is brought to state EnergyTransferStarted
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Scheduled"
    When the station is brought to state StopAuthorized
    # Steps 4-5: the document runs them "if TxStartPoint does not contain EnergyTransfer, DataSigned,
    # PowerPathClosed or Authorized"; the reset waits for the end of the transaction, which follows the
    # station's TxStopPoint, so the suite runs them while the transaction goes on. Step 6
    # (ParkingBayUnoccupied) needs a parking bay sensor no driver has: left out.
    And the station is brought to states EVConnectedPostSession and EVDisconnected if its transaction goes on
    Then the station sends BootNotification with
      | field  | value          |
      | reason | ScheduledReset |
    And the test CSMS's answer to BootNotification has status "Accepted"
    # Step 9: Occupied if the transaction was stopped at step 3 (the EV still plugged in), else Available.
    And the station sends StatusNotification "Occupied" if the EV is still plugged in for the configured connector and "Available" for the others
    And the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |

  @TC_B_41_CS
  Scenario: TC_B_41_CS Reset Charging Station - With multiple ongoing transactions - OnIdle
    Given the station has more than one EVSE
    # EVSE 2's transaction is started with the second valid idToken, so that presenting an idToken stops
    # the one transaction it started (the document names no idToken).
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Scheduled"
    # Steps 6 and 10 (ParkingBayUnoccupied) need a parking bay sensor no driver has: left out.
    When the station is brought to state StopAuthorized on EVSE 1
    And the station is brought to state EVConnectedPostSession on EVSE 1
    And the station is brought to state EVDisconnected on EVSE 1
    And the station is brought to state StopAuthorized on EVSE 2
    # Steps 8-9 as the 2023-12 errata give them: EVDisconnected only while the transaction goes on, which
    # follows the station's TxStopPoint.
    And the station is brought to states EVConnectedPostSession and EVDisconnected on EVSE 2 if its transaction goes on
    Then the station sends BootNotification with
      | field  | value          |
      | reason | ScheduledReset |
    And the test CSMS's answer to BootNotification has status "Accepted"
    # Step 13: Occupied if the transaction was stopped before the EV was unplugged (EVSE 2), else Available;
    # post scenario validation: every connector reported.
    And the station sends StatusNotification "Occupied" if the EV is still plugged in for connector 1 of EVSE 2 and "Available" for the others

  @TC_B_22_CS
  Scenario: TC_B_22_CS Reset Charging Station - With Ongoing Transaction - Immediate
    Given the station is brought to state EnergyTransferStarted
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.chargingState | EVConnected    |
      | transactionInfo.stoppedReason | ImmediateReset |
      | idToken                       | (absent)       |
    And the station sends BootNotification with
      | field  | value       |
      | reason | RemoteReset |
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Occupied" for the configured connector and "Available" for the others

  @TC_B_23_CS
  Scenario: TC_B_23_CS Reset Charging Station - Unavailable persists reset
    Given the station has booted
    # Memory state "Unavailable for <Configured connectorId>": ChangeAvailability Inoperative of the configured
    # EVSE (1) and connector (1), Accepted, and the connector's status Unavailable.
    When the test CSMS sends ChangeAvailability with
      """
      {"operationalStatus": "Inoperative", "evse": {"id": 1, "connectorId": 1}}
      """
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Unavailable" for EVSE 1 connector 1
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Accepted"
    And the station sends BootNotification with
      | field  | value       |
      | reason | RemoteReset |
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Unavailable" for the configured connector and "Available" for the others

  @TC_B_26_CS
  Scenario: TC_B_26_CS Reset EVSE - With Ongoing Transaction - OnIdle
    # Prerequisite: the station supports resetting one EVSE (a station that does not is for TC_B_29_CS).
    # As the 2023-12 errata give it: the station does not reboot (step 7 removed).
    Given the station is brought to state EnergyTransferStarted
    When the test CSMS resets the configured EVSE with type "OnIdle"
    Then the station answers Reset with status "Scheduled"
    # Steps 3-5: the state library's EVConnectedPostSession goes through StopAuthorized first. Step 6
    # (ParkingBayUnoccupied) needs a parking bay sensor: left out.
    When the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected

  @TC_B_27_CS
  Scenario: TC_B_27_CS Reset EVSE - With Ongoing Transaction - Immediate
    Given the station is brought to state EnergyTransferStarted
    When the test CSMS resets the configured EVSE with type "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.chargingState | EVConnected    |
      | transactionInfo.stoppedReason | ImmediateReset |

  @TC_B_28_CS
  Scenario: TC_B_28_CS Reset EVSE - Not Supported
    # Prerequisite "Charging Station does not support resetting individual EVSE": the embedded reference
    # station is configured as such a station (it can reset an EVSE for TC_B_25_CS); a real station that
    # can (reset_evse_supported true, the default) leaves the case not run.
    Given the station cannot reset an individual EVSE
    And the station has booted
    When the test CSMS resets the configured EVSE with type "OnIdle"
    Then the station answers Reset with status "Rejected"

  @TC_B_29_CS
  Scenario: TC_B_29_CS Reset EVSE - With ongoing transaction - Not Supported
    Given the station cannot reset an individual EVSE
    And the station is brought to state EnergyTransferStarted
    When the test CSMS resets the configured EVSE with type "OnIdle"
    Then the station answers Reset with status "Rejected"

  # ------------------------------------------------------------------ B04 offline, Part 4 5.3 reconnecting

  @TC_B_51_CS
  Scenario: TC_B_51_CS Status change during offline period - > Offline Threshold
    # <Configured offlineThreshold>: CONFIGURED_OFFLINE_THRESHOLD (20 protocol seconds against the embedded
    # station, scaled). With one EVSE the case equals TC_B_52_CS.
    Given the station has booted
    And the station's OCPPCommCtrlr.OfflineThreshold is "<CONFIGURED_OFFLINE_THRESHOLD>"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is the configured offlineThreshold + 2 seconds
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    When the test CSMS goes down
    # Manual action "Connect the EV and EVSE", at the configured EVSE (1).
    And an EV is plugged in at EVSE 1
    And the test CSMS comes back once the station has been offline longer than the configured offlineThreshold
    # A real station reconnects after its RetryBackOffWaitMinimum: the wait has the reboot deadline.
    Then the station connects to the test CSMS again
    And the station sends StatusNotification "Occupied" for the configured connector and "Available" for the others

  @TC_B_52_CS
  Scenario: TC_B_52_CS Status change during offline period - < Offline Threshold
    Given the station has booted
    And the station's OCPPCommCtrlr.OfflineThreshold is "<CONFIGURED_OFFLINE_THRESHOLD>"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is the configured offlineThreshold - 2 seconds
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    When the test CSMS goes down
    And an EV is plugged in at EVSE 1
    And the test CSMS comes back
    Then the station connects to the test CSMS again
    # The configured connector (EVSE 1, connector 1); the document checks no other.
    And the station sends StatusNotification "Occupied" for EVSE 1 connector 1

  @TC_B_57_CS
  Scenario: TC_B_57_CS Network Reconnection - After connection loss
    # <Configured RetryBackOffWaitMinimum>: CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM (10 protocol seconds
    # against the embedded station, scaled).
    Given the station has booted
    And the station's OCPPCommCtrlr.RetryBackOffRepeatTimes is "2"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    When the test CSMS closes the connection and refuses the station's next 0 connection attempts
    Then the station reconnects no sooner than the configured RetryBackOffWaitMinimum
    When the test CSMS closes the connection and refuses the station's next 1 connection attempts
    # Step 7: "at least 3 times the reconnection time from step 2". Departure: both times include how late
    # the station noticed the close, so the suite asks for the first time plus twice RetryBackOffWaitMinimum
    # (3 times the first when that delay is nil), less 0.1 s for the test CSMS's own delays.
    Then the station reconnects no sooner than 3 times its first reconnection time

  # ------------------------------------------------------------------ B09 SetNetworkProfile

  @TC_B_43_CS
  Scenario: TC_B_43_CS Set new NetworkConnectionProfile - Rejected
    Given the station has booted
    When the test CSMS gives the station the configured connection data in configuration slot 999
    Then the station answers SetNetworkProfile with status "Rejected"

  # ------------------------------------------------------------------ B10 migrating to another network connection profile
  # "<ocppCsmsUrl that is not currently active>" is a second address of the test CSMS (another port; with
  # security profile 2 a wss:// one presenting the server certificate the scenario names). "<Configured
  # configurationSlot> or <Configured configurationSlot2> depending on which one is already in use" (errata
  # 2023-12): the suite asks the station's OCPPCommCtrlr.ActiveNetworkProfile first, a GetVariables the
  # document does not have; NetworkConfigurationPriority is then "<that slot>,<the slot in use>". messageTimeout
  # and ocppInterface are the configured ones, securityProfile the one in use. Step 5 (errata 2023-12): Reset
  # OnIdle when the station answered RebootRequired or does not restart its connection by itself. OCTT's "does
  # not accept" / "will NOT respond to" a connection request: the test CSMS refuses it with HTTP 503. Reusable
  # state Booted: BootNotification Accepted, then the state of every connector.

  @TC_B_45_CS
  Scenario: TC_B_45_CS Migrate to new ConnectionProfile - Success - Same CSMS Root
    Given the station has booted
    When the test CSMS gives the station its second address in the configuration slot not in use
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    When the test CSMS resets the station OnIdle unless it restarts its connection by itself
    # Step 7: the station connects using <Configured connectionData2>.
    Then the station tries to connect in this order
      | address | attempts | outcome   |
      | second  | 1        | connected |
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_46_CS
  Scenario: TC_B_46_CS Migrate to new ConnectionProfile - Fallback mechanism - Same CSMS Root
    Given the station has booted
    And the station's OCPPCommCtrlr.NetworkProfileConnectionAttempts is "2"
    # <invalid ocppCsmsUrl>: the second address, which refuses every attempt (steps 7-8: the two attempts with
    # the first slot of the priority are not answered, then the station falls back to the slot it used).
    And the second address of the test CSMS refuses every connection attempt of the station
    When the test CSMS gives the station its second address in the configuration slot not in use
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    When the test CSMS resets the station OnIdle unless it restarts its connection by itself
    # The document does not say how often the station tries the second address; the suite holds it to
    # NetworkProfileConnectionAttempts (2) before it falls back to the first (B10).
    Then the station tries to connect in this order
      | address | attempts | outcome   |
      | second  | 2        | failed    |
      | first   | 1        | connected |
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_49_CS
  Scenario: TC_B_49_CS Migrate to new ConnectionProfile - Fallback after NetworkProfileConnectionAttempts per NetworkConfigurationPriority failed - Same CSMS Root
    # Prerequisite C-47 (falling back to the default reconnection mechanism): the reference station has it.
    # <Configured RetryBackOffWaitMinimum>: CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM (scaled for the embedded station).
    Given the station has booted
    And the station's OCPPCommCtrlr.NetworkProfileConnectionAttempts is "1"
    And the station's OCPPCommCtrlr.RetryBackOffRepeatTimes is "0"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the second address of the test CSMS refuses the station's next 1 connection attempts
    And the first address of the test CSMS refuses the station's next 1 connection attempts
    When the test CSMS gives the station its second address in the configuration slot not in use
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    # The document sends Reset OnIdle at step 5 whatever the answer (so in TC_B_47_CS and TC_B_50_CS); the suite
    # does so only as in TC_B_45_CS: a station that restarts its connection at once cannot take it.
    When the test CSMS resets the station OnIdle unless it restarts its connection by itself
    # Steps 7-12. Step 12 does not say where the station reconnects: the suite takes either address (the
    # reference station starts over with the first slot of the priority, the second address).
    Then the station tries to connect in this order
      | address | attempts | outcome   |
      | second  | 1        | failed    |
      | first   | 1        | failed    |
      | either  | 1        | connected |
    And the station connected no sooner than the configured RetryBackOffWaitMinimum after its last failed attempt
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @TC_B_47_CS @tls @sp2
  Scenario: TC_B_47_CS Migrate to new ConnectionProfile - Fallback after NetworkProfileConnectionAttempts per NetworkConfigurationPriority failed - New CSMS Root - New CSMS
    # <Configured (new) CSMS Root certificate 2>: the suite's CSMS root CA 2, signed by its CSMS root CA (the
    # old one, which the station trusted from the start).
    Given the test CSMS uses security profile 2
    And the station has booted
    And the station supports AdditionalRootCertificateCheck
    And the station's OCPPCommCtrlr.NetworkProfileConnectionAttempts is "1"
    And the test CSMS has installed the new CSMS root certificate 2 at the station
    # Step 7: the new CSMS's address presents a server certificate from the old CSMS root.
    And the second address of the test CSMS presents a server certificate from the old CSMS root certificate
    When the test CSMS gives the station its second address in the configuration slot not in use
    # Step 2 has no tool validation; a station that refuses the profile cannot go on.
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    When the test CSMS resets the station OnIdle unless it restarts its connection by itself
    # Step 5: see TC_B_49_CS. Steps 7-9: the new root does not vouch for the second address, so the station ends
    # the TLS handshake, falls back to its previous profile and verifies the first address with the old root (its
    # fallback).
    Then the station tries to connect in this order
      | address | attempts | outcome   |
      | second  | 1        | failed    |
      | first   | 1        | connected |
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
    When the test CSMS sends GetInstalledCertificateIds
    Then the station answers GetInstalledCertificateIds with status "Accepted"
    And the station's answer to GetInstalledCertificateIds lists the old CSMS root certificate

  @TC_B_50_CS @tls @sp2
  Scenario: TC_B_50_CS Migrate to new ConnectionProfile - Success - New CSMS Root - New CSMS
    # As the 2023-12 errata give it: for any station (not only one with AdditionalRootCertificateCheck), no
    # GetInstalledCertificateIds at the end (steps 10-11 removed).
    Given the test CSMS uses security profile 2
    And the station has booted
    And the test CSMS has installed the new CSMS root certificate 2 at the station
    And the second address of the test CSMS presents a server certificate from the new CSMS root certificate 2
    When the test CSMS gives the station its second address in the configuration slot not in use
    Then the station answers SetNetworkProfile with status "Accepted"
    When the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use
    Then the station answers SetVariables with
      | field                                | value                          |
      | setVariableResult[0].attributeStatus | "Accepted" or "RebootRequired" |
    When the test CSMS resets the station OnIdle unless it restarts its connection by itself
    # Step 5: see TC_B_49_CS. Steps 7-8: the station verifies the new CSMS's certificate with the new CSMS root
    # certificate 2.
    Then the station tries to connect in this order
      | address | attempts | outcome   |
      | second  | 1        | connected |
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors
