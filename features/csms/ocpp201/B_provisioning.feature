@ocpp201 @csms @blockB
Feature: B Provisioning - the CSMS under test boots, configures and resets charging stations
  OCTT test cases TC_B_xx_CSMS (OCPP 2.0.1 Part 6). The suite plays the charging station; the
  CSMS acts on "manual actions" through its trigger API.

  @TC_B_01_CSMS
  Scenario: TC_B_01_CSMS Cold Boot Charging Station - Accepted
    Given the test station is connected to the CSMS
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with
      | field       | value      |
      | status      | Accepted   |
      | interval    | > 0        |
      | currentTime | (present)  |
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_B_02_CSMS
  Scenario: TC_B_02_CSMS Cold Boot Charging Station - Pending
    Given the CSMS will answer the next boot of the test station with Pending
    And the test station is connected to the CSMS
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Pending"
    # Part 6 (note of step 2): during the interval the CSMS *may* retrieve or set information
    And while the test station is Pending the CSMS may ask for or set its variables
    When the test station boots again
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_B_06_CSMS
  Scenario: TC_B_06_CSMS Get Variables - single value
    Given the test station is in state Booted
    When the CSMS is asked to get these variables
      | component     | variable         |
      | OCPPCommCtrlr | OfflineThreshold |
    Then the CSMS sends GetVariables with
      | field                               | value                                      |
      | getVariableData[0].component.name   | OCPPCommCtrlr                              |
      | getVariableData[0].variable.name    | OfflineThreshold                           |
      | getVariableData[0].attributeType    | (absent) or Actual or Target or MinSet or MaxSet |

  @TC_B_07_CSMS
  Scenario: TC_B_07_CSMS Get Variables - multiple values
    Given the test station is in state Booted
    When the CSMS is asked to get these variables
      | component     | variable             |
      | OCPPCommCtrlr | OfflineThreshold     |
      | AuthCtrlr     | AuthorizeRemoteStart |
    Then the CSMS asks for these variables
      | component     | variable             |
      | OCPPCommCtrlr | OfflineThreshold     |
      | AuthCtrlr     | AuthorizeRemoteStart |

  @TC_B_08_CSMS
  Scenario: TC_B_08_CSMS Get Variables - limit to maximum number of values
    Given the test station is in state Booted
    And the test station allows at most 4 items per GetVariables message
    When the CSMS is asked to get these variables
      | component       | variable             | instance     |
      | DeviceDataCtrlr | ItemsPerMessage      | GetReport    |
      | DeviceDataCtrlr | ItemsPerMessage      | GetVariables |
      | DeviceDataCtrlr | BytesPerMessage      | GetReport    |
      | DeviceDataCtrlr | BytesPerMessage      | GetVariables |
      | AuthCtrlr       | AuthorizeRemoteStart |              |
    Then the CSMS asks for these variables in messages of at most 4 items
      | component       | variable             | instance     |
      | DeviceDataCtrlr | ItemsPerMessage      | GetReport    |
      | DeviceDataCtrlr | ItemsPerMessage      | GetVariables |
      | DeviceDataCtrlr | BytesPerMessage      | GetReport    |
      | DeviceDataCtrlr | BytesPerMessage      | GetVariables |
      | AuthCtrlr       | AuthorizeRemoteStart |              |

  @TC_B_09_CSMS
  Scenario: TC_B_09_CSMS Set Variables - single value
    Given the test station is in state Booted
    When the CSMS is asked to set these variables
      | component     | variable         | attributeValue |
      | OCPPCommCtrlr | OfflineThreshold | 123            |
    Then the CSMS sends SetVariables with
      | field                               | value               |
      | setVariableData[0].component.name   | OCPPCommCtrlr       |
      | setVariableData[0].variable.name    | OfflineThreshold    |
      | setVariableData[0].attributeValue   | 123                 |
      | setVariableData[0].attributeType    | (absent) or Actual  |

  @TC_B_10_CSMS
  Scenario: TC_B_10_CSMS Set Variables - multiple values
    Given the test station is in state Booted
    When the CSMS is asked to set these variables
      | component     | variable             | attributeValue |
      | OCPPCommCtrlr | OfflineThreshold     | 123            |
      | AuthCtrlr     | AuthorizeRemoteStart | false          |
    Then the CSMS sets these variables
      | component     | variable             | attributeValue |
      | OCPPCommCtrlr | OfflineThreshold     | 123            |
      | AuthCtrlr     | AuthorizeRemoteStart | false          |

  @TC_B_12_CSMS
  Scenario: TC_B_12_CSMS Get Base Report - ConfigurationInventory
    Given the test station is in state Booted
    When the CSMS is asked for the base report "ConfigurationInventory"
    Then the CSMS sends GetBaseReport with
      | field      | value                  |
      | requestId  | >= 0                   |
      | reportBase | ConfigurationInventory |
    When the test station sends NotifyReport for the request of the CSMS
    Then the CSMS answers every message of the test station

  @TC_B_13_CSMS
  Scenario: TC_B_13_CSMS Get Base Report - FullInventory
    Given the test station is in state Booted
    When the CSMS is asked for the base report "FullInventory"
    Then the CSMS sends GetBaseReport with
      | field      | value         |
      | requestId  | >= 0          |
      | reportBase | FullInventory |
    When the test station sends NotifyReport for the request of the CSMS
    Then the CSMS answers every message of the test station

  @TC_B_14_CSMS
  Scenario: TC_B_14_CSMS Get Base Report - SummaryInventory
    Given the test station is in state Booted
    When the CSMS is asked for the base report "SummaryInventory"
    Then the CSMS sends GetBaseReport with
      | field      | value            |
      | requestId  | >= 0             |
      | reportBase | SummaryInventory |
    When the test station sends NotifyReport for the request of the CSMS
    Then the CSMS answers every message of the test station

  @TC_B_18_CSMS
  Scenario: TC_B_18_CSMS Get Custom Report - with componentCriteria and component/variables
    Given the test station is in state Booted
    And the test station will answer GetReport with status "EmptyResultSet" then "Accepted"
    When the CSMS is asked for a report of AvailabilityState of EVSE 1 from the components in state "Problem"
    Then the CSMS sends GetReport with
      | field                                   | value             |
      | componentCriteria                       | ["Problem"]       |
      | componentVariable[0].component.name     | EVSE              |
      | componentVariable[0].component.evse.id  | 1                 |
      | componentVariable[0].variable.name      | AvailabilityState |
    When the CSMS is asked for a report of AvailabilityState of EVSE 1 from the components in state "Available"
    Then the CSMS sends GetReport with
      | field                                   | value             |
      | componentCriteria                       | ["Available"]     |
      | componentVariable[0].component.name     | EVSE              |
      | componentVariable[0].component.evse.id  | 1                 |
      | componentVariable[0].variable.name      | AvailabilityState |
    When the test station sends NotifyReport for the request of the CSMS
    Then the CSMS answers every message of the test station

  @TC_B_20_CSMS
  Scenario: TC_B_20_CSMS Reset Charging Station - Without ongoing transaction - OnIdle
    Given the test station is in state Booted
    When the CSMS is asked to reset the test station with type "OnIdle"
    Then the CSMS sends Reset with
      | field  | value    |
      | type   | OnIdle   |
      | evseId | (absent) |
    When the test station reconnects
    And the test station boots with reason "RemoteReset"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_B_21_CSMS
  Scenario: TC_B_21_CSMS Reset Charging Station - With Ongoing Transaction - OnIdle
    Given the test station is in state Booted
    And the test station is in state EnergyTransferStarted
    And the test station will answer Reset with status "Scheduled"
    When the CSMS is asked to reset the test station with type "OnIdle"
    Then the CSMS sends Reset with
      | field  | value    |
      | type   | OnIdle   |
      | evseId | (absent) |
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | StopAuthorized |
      | chargingState | EVConnected    |
      | idToken       | valid          |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value               |
      | eventType     | Ended               |
      | triggerReason | EVCommunicationLost |
      | chargingState | Idle                |
      | stoppedReason | EVDisconnected      |
    And the test station reconnects
    And the test station boots with reason "ScheduledReset"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_B_22_CSMS
  Scenario: TC_B_22_CSMS Reset Charging Station - With Ongoing Transaction - Immediate
    Given the test station is in state Booted
    And the test station is in state EnergyTransferStarted
    When the CSMS is asked to reset the test station with type "Immediate"
    Then the CSMS sends Reset with
      | field  | value     |
      | type   | Immediate |
      | evseId | (absent)  |
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | ResetCommand   |
      | chargingState | EVConnected    |
      | stoppedReason | ImmediateReset |
    And the test station reconnects
    And the test station boots with reason "RemoteReset"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Occupied"
    Then the CSMS answers every message of the test station

  @TC_B_25_CSMS
  Scenario: TC_B_25_CSMS Reset EVSE - Without ongoing transaction
    Given the test station is in state Booted
    When the CSMS is asked to reset EVSE 1 with type "OnIdle"
    Then the CSMS sends Reset with
      | field  | value                |
      | type   | OnIdle               |
      | evseId | <CONFIGURED_EVSE_ID> |

  @TC_B_26_CSMS
  Scenario: TC_B_26_CSMS Reset EVSE - With Ongoing Transaction - OnIdle
    Given the test station is in state Booted
    And the test station is in state EnergyTransferStarted
    And the test station will answer Reset with status "Scheduled"
    When the CSMS is asked to reset EVSE 1 with type "OnIdle"
    Then the CSMS sends Reset with
      | field  | value                |
      | type   | OnIdle               |
      | evseId | <CONFIGURED_EVSE_ID> |
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | StopAuthorized |
      | chargingState | EVConnected    |
      | idToken       | valid          |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value               |
      | eventType     | Ended               |
      | triggerReason | EVCommunicationLost |
      | chargingState | Idle                |
      | stoppedReason | EVDisconnected      |
    Then the CSMS answers every message of the test station

  @TC_B_27_CSMS
  Scenario: TC_B_27_CSMS Reset EVSE - With Ongoing Transaction - Immediate
    Given the test station is in state Booted
    And the test station is in state EnergyTransferStarted
    When the CSMS is asked to reset EVSE 1 with type "Immediate"
    Then the CSMS sends Reset with
      | field  | value                |
      | type   | Immediate            |
      | evseId | <CONFIGURED_EVSE_ID> |
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | ResetCommand   |
      | chargingState | EVConnected    |
      | stoppedReason | ImmediateReset |
    Then the CSMS answers every message of the test station

  @TC_B_30_CSMS
  Scenario Outline: TC_B_30_CSMS Cold Boot Charging Station - <status>/Rejected - SecurityError (answered <status>)
    Given the CSMS will answer the next boot of the test station with <status>
    And the test station is connected to the CSMS
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Pending" or "Rejected"
    When the test station sends StatusNotification "Available"
    Then the CSMS answers StatusNotification with CALLERROR "SecurityError"
    When the test station sends NotifyEvent "Available"
    Then the CSMS answers NotifyEvent with CALLERROR "SecurityError"

    Examples:
      | status   |
      | Pending  |
      | Rejected |

  @TC_B_31_CSMS
  Scenario: TC_B_31_CSMS Cold Boot Charging Station - Pending/Rejected - TriggerMessage
    Given the CSMS will answer the next boot of the test station with Pending
    And the test station is connected to the CSMS
    When the test station boots with reason "PowerUp"
    Then the CSMS answers BootNotification with status "Pending" or "Rejected"
    # as in TC_B_02: while Pending the CSMS may retrieve information first (a CSMS that waits for the
    # station's base report before it accepts gets it)
    And while the test station is Pending the CSMS may ask for or set its variables
    When the CSMS is asked to trigger a BootNotification message
    Then the CSMS sends TriggerMessage with
      | field            | value            |
      | requestedMessage | BootNotification |
    When the test station boots with reason "Triggered"
    Then the CSMS answers BootNotification with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station

  @TC_B_42_CSMS
  Scenario: TC_B_42_CSMS Set new NetworkConnectionProfile - Accepted
    Given the test station is in state Booted
    When the CSMS is asked to set the network connection profile of the test station
    Then the CSMS sends SetNetworkProfile with
      | field                          | value                           |
      | configurationSlot              | <CONFIGURED_CONFIGURATION_SLOT> |
      | connectionData.messageTimeout  | <CONFIGURED_MESSAGE_TIMEOUT>    |
      | connectionData.ocppInterface   | <CONFIGURED_OCPP_INTERFACE>     |
      | connectionData.ocppTransport   | JSON                            |
      | connectionData.ocppVersion     | OCPP20                          |
      | connectionData.securityProfile | <CONFIGURED_SECURITY_PROFILE>   |
      | connectionData.ocppCsmsUrl     | (present)                       |

  @TC_B_44_CSMS
  Scenario: TC_B_44_CSMS Set new NetworkConnectionProfile - Failed
    Given the test station is in state Booted
    And the test station will answer SetNetworkProfile with status "Failed"
    When the CSMS is asked to set the network connection profile of the test station
    Then the CSMS sends SetNetworkProfile
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"

  @TC_B_58_CSMS
  Scenario: TC_B_58_CSMS WebSocket Subprotocol validation
    # OCPP-J (Part 4, 3.2): a CSMS that agrees to none of the offered subprotocols either refuses
    # the upgrade or completes the handshake without Sec-WebSocket-Protocol and closes at once.
    When the test station connects offering the subprotocols "ocpp0.1"
    Then the CSMS does not accept the subprotocol
    When the test station connects offering the subprotocols "ocpp0.1, ocpp2.0.1"
    Then the CSMS accepts the connection with subprotocol "ocpp2.0.1"
