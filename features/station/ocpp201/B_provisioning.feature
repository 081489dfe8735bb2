@ocpp201 @station @blockB
Feature: B Provisioning - the station under test boots, heartbeats and is configured
  End-to-end cases of the charging-station simulator's test plan (E2E_Bxx). The suite plays
  the CSMS; the station under test is the embedded reference station unless configured.

  @E2E_B01
  Scenario: E2E_B01 Cold boot Accepted
    Given the test CSMS will answer BootNotification with Accepted
    And the test CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the station sends StatusNotification "Available" for EVSE 1 connector 1
    And the station sends Heartbeat within 10 seconds

  @E2E_B02
  Scenario: E2E_B02 Cold boot Pending then Accepted
    Given the test CSMS will answer BootNotification with Pending then Accepted
    And the test CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    # The interval of a Pending/Rejected answer is a minimum wait (B03.FR.06; plan: "retry after interval").
    And the station sends BootNotification again once the interval of the test CSMS's answer has passed
    And the station sends StatusNotification "Available" for EVSE 1 connector 1
    And while Pending the station sent nothing but BootNotification

  @E2E_B03
  Scenario: E2E_B03 Cold boot Rejected
    Given the test CSMS will answer BootNotification with Rejected
    And the test CSMS gives a heartbeat interval of 2 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    # The interval of a Pending/Rejected answer is a minimum wait (B03.FR.06; plan: "retry after interval").
    And the station sends BootNotification again once the interval of the test CSMS's answer has passed
    And while Rejected the station sent nothing but BootNotification

  @E2E_B04
  Scenario: E2E_B04 Offline then reconnect (CSMS down and back)
    Given the station has booted
    When the test CSMS goes down
    Then the station tries to reconnect 3 times, waiting longer each time
    When the test CSMS comes back
    Then the station connects to the test CSMS again
    And the test CSMS answered each BootNotification of the station with status "Accepted"
    # the plan: "Boot (if required) Accepted; Available": a station that did not reboot may keep its status
    And the station is "Available" on every connector after the reconnection

  @E2E_B05
  Scenario: E2E_B05 SetVariables
    Given the test CSMS gives a heartbeat interval of 60 seconds
    And the station has booted
    When the test CSMS sends SetVariables "OCPPCommCtrlr.HeartbeatInterval=10"
    Then the station answers SetVariables with
      | field                                | value             |
      | setVariableResult[0].attributeStatus | Accepted          |
      | setVariableResult[0].component.name  | OCPPCommCtrlr     |
      | setVariableResult[0].variable.name   | HeartbeatInterval |
    And the station sends Heartbeat about 10 seconds after answering SetVariables

  @E2E_B06
  Scenario: E2E_B06 GetVariables
    Given the station has booted
    When the test CSMS sends GetVariables "ChargingStation.AvailabilityState"
    Then the station answers GetVariables with
      | field                                | value             |
      | getVariableResult[0].attributeStatus | Accepted          |
      | getVariableResult[0].component.name  | ChargingStation   |
      | getVariableResult[0].variable.name   | AvailabilityState |
      | getVariableResult[0].attributeValue  | Available         |

  @E2E_B06-MANUAL
  Scenario: E2E_B06-MANUAL BootNotification sent on demand
    Given the station has booted
    When the station is made to send BootNotification with
      """
      {"reason": "PowerUp", "chargingStation": {"model": "E2E-Model", "vendorName": "E2E-Vendor"}}
      """
    Then the test CSMS's answer to BootNotification has
      | field       | value     |
      | status      | Accepted  |
      | interval    | > 0       |
      | currentTime | (present) |
    And the station sends BootNotification with
      | field                      | value      |
      | reason                     | PowerUp    |
      | chargingStation.vendorName | E2E-Vendor |

  @E2E_B07
  Scenario: E2E_B07 GetBaseReport FullInventory
    Given the station has booted
    When the test CSMS sends GetBaseReport "FullInventory"
    Then the station answers GetBaseReport with status "Accepted"
    And the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false

  @E2E_B09
  Scenario: E2E_B09 SetNetworkProfile
    Given the station has booted
    When the test CSMS sends SetNetworkProfile
    Then the station answers SetNetworkProfile with status "Accepted" or "Rejected"
    When the test CSMS sends SetNetworkProfile with
      """
      {"configurationSlot": 1,
       "connectionData": {"ocppVersion": "OCPP20", "ocppTransport": "JSON", "ocppCsmsUrl": "ws://127.0.0.1:9/ocpp",
                          "messageTimeout": 30, "securityProfile": 0, "ocppInterface": "Wired0"}}
      """
    Then the station answers SetNetworkProfile with status "Rejected"
    And the station stays connected for 2 seconds

  @E2E_B11
  Scenario: E2E_B11 Reset Immediate without transaction
    Given the station has booted
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends StatusNotification "Unavailable" for EVSE 1 connector 1
    And the station connects to the test CSMS again
    And the station sends BootNotification with reason "RemoteReset"
    And the station sends StatusNotification "Available" for EVSE 1 connector 1

  @E2E_B11-ONIDLE
  Scenario: E2E_B11-ONIDLE Reset OnIdle without transaction
    Given the station has booted
    When the test CSMS sends Reset "OnIdle"
    Then the station answers Reset with status "Accepted"
    And the station sends StatusNotification "Unavailable" for EVSE 1 connector 1
    And the station connects to the test CSMS again
    And the station sends BootNotification with reason "RemoteReset"
    And the station sends StatusNotification "Available" for EVSE 1 connector 1

  @E2E_B11-PENDING
  Scenario: E2E_B11-PENDING Reset while registration Pending
    Given the test CSMS will answer BootNotification with Pending then Accepted
    And the test CSMS gives a heartbeat interval of 60 seconds
    When the station powers up
    Then the station sends BootNotification within 10 seconds
    And the test CSMS's answer to BootNotification has status "Pending"
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station connects to the test CSMS again
    And the station sends BootNotification with reason "RemoteReset"
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Available" for EVSE 1 connector 1

  @E2E_B12
  Scenario: E2E_B12 Reset during transaction
    Given the station has booted
    When the test CSMS sends RequestStartTransaction for idToken "test_token" on EVSE 1
    Then the station answers RequestStartTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field     | value   |
      | eventType | Started |
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.stoppedReason | ImmediateReset |
    And the station connects to the test CSMS again
    And the station sends BootNotification with reason "RemoteReset"
    And the station sends StatusNotification "Available" for EVSE 1 connector 1
