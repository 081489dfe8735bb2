@ocpp201 @csms @blockE
Feature: E Transactions - the CSMS under test follows transactions however the station starts and stops them
  OCTT test cases TC_E_xx_CSMS (OCPP 2.0.1 Part 6, with the 2023-12 errata). The station starts and
  stops transactions at every TxStartPoint and TxStopPoint, restarts seqNo at 0 for every
  transaction, and sends messages it queued while offline; the CSMS must answer every
  TransactionEvent, authorize the idTokens in them, and ask for the status of transactions.
  The station waits TRANSACTION_DURATION where OCTT does (0 against the embedded CSMS).

  Background:
    Given the test station is in state Booted

  @TC_E_01_CSMS
  Scenario: TC_E_01_CSMS Start transaction options - PowerPathClosed
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Accepted"
    When the test station reports connector status "Occupied"
    And the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Started              |
      | triggerReason | ChargingStateChanged |
      | chargingState | SuspendedEVSE        |
      | idToken       | valid                |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Updated              |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
    Then the CSMS answers every message of the test station

  @TC_E_02_CSMS
  Scenario: TC_E_02_CSMS Start transaction options - EnergyTransfer
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Accepted"
    When the test station reports connector status "Occupied"
    And the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Started              |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
      | idToken       | valid                |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    And the CSMS answers every message of the test station

  @TC_E_03_CSMS
  Scenario: TC_E_03_CSMS Local start transaction - Cable plugin first - Success
    Given the test station is in state EVConnectedPreSession
    When the test station goes to state Authorized
    And the test station goes to state EnergyTransferStarted
    Then the CSMS answers every message of the test station

  @TC_E_04_CSMS
  Scenario: TC_E_04_CSMS Local start transaction - Authorization first - Success
    When the test station goes to state Authorized
    And the test station goes to state EnergyTransferStarted
    Then the CSMS answers every message of the test station

  @TC_E_07_CSMS
  Scenario: TC_E_07_CSMS Stop transaction options - PowerPathClosed - Local stop
    Given the test station is in state EnergyTransferStarted
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | stoppedReason | Local          |
    Then the CSMS answers every message of the test station

  @TC_E_08_CSMS
  Scenario: TC_E_08_CSMS Stop transaction options - EnergyTransfer stopped - StopAuthorized
    Given the test station is in state EnergyTransferStarted
    And the test station is in state StopAuthorized
    When the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Ended                |
      | triggerReason | ChargingStateChanged |
      | chargingState | EVConnected          |
      | stoppedReason | Local                |
    Then the CSMS answers every message of the test station

  @TC_E_09_CSMS
  Scenario: TC_E_09_CSMS Start transaction options - EVConnected
    When the test station reports connector status "Occupied"
    And the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Started        |
      | triggerReason | CablePluggedIn |
      | chargingState | EVConnected    |
    Then the CSMS answers every message of the test station

  @TC_E_10_CSMS
  Scenario: TC_E_10_CSMS Start transaction options - Authorized - Local
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value      |
      | eventType     | Started    |
      | triggerReason | Authorized |
      | idToken       | valid      |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"

  @TC_E_11_CSMS
  Scenario: TC_E_11_CSMS Start transaction options - DataSigned
    When the test station sends Authorize for the valid idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Accepted"
    When the test station reports connector status "Occupied"
    And the test station sends a TransactionEvent with
      | field             | value              |
      | eventType         | Started            |
      | triggerReason     | SignedDataReceived |
      | idToken           | valid              |
      | meterValue        | Transaction.Begin  |
      | meterValue.value  | 0.0                |
      | meterValue.signed | true               |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Updated              |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
    Then the CSMS answers every message of the test station

  @TC_E_12_CSMS
  Scenario: TC_E_12_CSMS Start transaction options - ParkingBayOccupied
    When the test station sends a TransactionEvent with
      | field         | value      |
      | eventType     | Started    |
      | triggerReason | EVDetected |
    Then the CSMS answers every message of the test station

  @TC_E_14_CSMS
  Scenario: TC_E_14_CSMS Stop transaction options - EVDisconnected - Charging Station side
    Given the test station is in state EnergyTransferStarted
    And the test station is in state StopAuthorized
    And the test station is in state EVConnectedPostSession
    When the test station goes to state EVDisconnected
    Then the CSMS answers every message of the test station

  @TC_E_15_CSMS
  Scenario: TC_E_15_CSMS Stop transaction options - StopAuthorized - Local
    Given the test station is in state EnergyTransferStarted
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | stoppedReason | Local          |
    Then the CSMS answers every message of the test station

  @TC_E_16_CSMS
  Scenario: TC_E_16_CSMS Stop transaction options - Deauthorized - Invalid idToken
    When the test station sends a TransactionEvent with
      | field         | value      |
      | eventType     | Started    |
      | triggerReason | Authorized |
      | idToken       | invalid    |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Invalid" or "Unknown"
    When the test station sends a TransactionEvent with
      | field         | value        |
      | eventType     | Ended        |
      | triggerReason | Deauthorized |
      | stoppedReason | DeAuthorized |
    Then the CSMS answers every message of the test station

  @TC_E_17_CSMS
  Scenario: TC_E_17_CSMS Stop transaction options - Deauthorized - EV side disconnect
    Given the test station is in state EnergyTransferSuspended
    When the test station sends a TransactionEvent with
      | field         | value               |
      | eventType     | Ended               |
      | triggerReason | EVCommunicationLost |
      | chargingState | Idle                |
      | stoppedReason | EVDisconnected      |
    Then the CSMS answers every message of the test station

  @TC_E_19_CSMS
  Scenario: TC_E_19_CSMS Stop transaction options - ParkingBayUnoccupied
    # The reusable state EVDisconnected ends the transaction, after which no EVDeparted could end it
    # again. As the public pytest suite does, the transaction outlives the cable here (TxStopPoint
    # ParkingBayOccupancy): the unplugging is an Updated event, and the EV leaving the bay ends it.
    Given the test station is in state EnergyTransferStarted
    And the test station is in state StopAuthorized
    And the test station is in state EVConnectedPostSession
    When the test station reports connector status "Available"
    And the test station sends a TransactionEvent with
      | field         | value               |
      | eventType     | Updated             |
      | triggerReason | EVCommunicationLost |
      | chargingState | Idle                |
    And the test station sends a TransactionEvent with
      | field         | value      |
      | eventType     | Ended      |
      | triggerReason | EVDeparted |
      | stoppedReason | Local      |
    Then the CSMS answers every message of the test station

  @TC_E_20_CSMS
  Scenario: TC_E_20_CSMS Stop transaction options - EVDisconnected - EV side (IEC 61851-1)
    # As the public pytest suite does, the EV is unplugged straight from EnergyTransferSuspended
    # (no StopAuthorized / EVConnectedPostSession first: the driver did not stop, the EV left).
    Given the test station is in state EnergyTransferSuspended
    When the test station goes to state EVDisconnected
    Then the CSMS answers every message of the test station

  @TC_E_21_CSMS
  Scenario: TC_E_21_CSMS Stop transaction options - StopAuthorized - Remote
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked to stop the transaction
    Then the CSMS requests to stop the transaction on EVSE 1
    And the CSMS reports that the test station answered RequestStopTransaction with
      | field  | value    |
      | status | Accepted |
    When the test station sends a TransactionEvent with
      | field         | value      |
      | eventType     | Ended      |
      | triggerReason | RemoteStop |
      | stoppedReason | Remote     |
    Then the CSMS answers every message of the test station

  @TC_E_22_CSMS
  Scenario: TC_E_22_CSMS Stop transaction options - EnergyTransfer stopped - SuspendedEV
    Given the test station is in state EnergyTransferStarted
    When the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Ended                |
      | triggerReason | ChargingStateChanged |
      | chargingState | SuspendedEV          |
      | stoppedReason | StoppedByEV          |
    Then the CSMS answers every message of the test station

  @TC_E_26_CSMS
  Scenario: TC_E_26_CSMS Disconnect cable on EV-side - Suspend transaction
    Given the test station is in state EnergyTransferSuspended
    When the test station sends a TransactionEvent with
      | field         | value               |
      | eventType     | Updated             |
      | triggerReason | EVCommunicationLost |
      | chargingState | Idle                |
    And the test station reports connector status "Available"
    And the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | CablePluggedIn |
      | chargingState | EVConnected    |
    And the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Updated              |
      | triggerReason | ChargingStateChanged |
      | chargingState | Charging             |
    Then the CSMS answers every message of the test station

  @TC_E_29_CSMS
  Scenario: TC_E_29_CSMS Check Transaction status - Transaction with id ongoing - with message in queue
    # The station samples a meter value while it is offline; it is the queued message.
    Given the test station is in state EnergyTransferStarted
    When the test station disconnects
    And the test station puts a TransactionEvent in its offline queue with
      | field         | value              |
      | eventType     | Updated            |
      | triggerReason | MeterValuePeriodic |
      | meterValue    | Sample.Periodic    |
    And the test station waits for the transaction duration
    And the test station reconnects
    And the CSMS is asked for the status of the transaction
    Then the CSMS asks the test station for the status of the transaction
    And the CSMS reports that the test station answered GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | true  |
      | messagesInQueue  | true  |
    When the test station sends its queued TransactionEvent messages
    Then the CSMS answers every message of the test station

  @TC_E_30_CSMS
  Scenario: TC_E_30_CSMS Check Transaction status - Transaction with id ongoing - without message in queue
    Given the test station is in state EnergyTransferStarted
    When the CSMS is asked for the status of the transaction
    Then the CSMS asks the test station for the status of the transaction
    And the CSMS reports that the test station answered GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | true  |
      | messagesInQueue  | false |

  @TC_E_31_CSMS
  Scenario: TC_E_31_CSMS Check Transaction status - Transaction with id ended - with message in queue
    # No manual action: the Ended event skips two seqNos, and the CSMS itself asks for the status of
    # the transaction. With the errata's StatusNotification after the reconnection.
    Given the test station is in state EnergyTransferStarted
    When the test station disconnects
    And the test station puts a TransactionEvent in its offline queue with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | StopAuthorized |
    And the test station puts a TransactionEvent in its offline queue with
      | field         | value                |
      | eventType     | Updated              |
      | triggerReason | ChargingStateChanged |
      | chargingState | EVConnected          |
    And the test station puts a TransactionEvent in its offline queue with
      | field         | value               |
      | eventType     | Ended               |
      | triggerReason | EVCommunicationLost |
      | chargingState | Idle                |
      | stoppedReason | EVDisconnected      |
    And the test station waits for the transaction duration
    And the test station reconnects
    And the test station sends StatusNotification "Available"
    And the test station sends its queued TransactionEvent "Ended" first
    Then the CSMS asks the test station for the status of the transaction
    When the test station sends its queued TransactionEvent messages
    Then the CSMS answers every message of the test station

  @TC_E_33_CSMS
  Scenario: TC_E_33_CSMS Check Transaction status - Without transactionId - with message in queue
    Given the test station is in state EnergyTransferStarted
    When the test station disconnects
    And the test station puts a TransactionEvent in its offline queue with
      | field         | value              |
      | eventType     | Updated            |
      | triggerReason | MeterValuePeriodic |
      | meterValue    | Sample.Periodic    |
    And the test station waits for the transaction duration
    And the test station reconnects
    And the CSMS is asked whether the test station has queued transaction messages
    Then the CSMS asks the test station whether it has queued transaction messages
    And the CSMS reports that the test station answered GetTransactionStatus with
      | field            | value    |
      | ongoingIndicator | (absent) |
      | messagesInQueue  | true     |
    When the test station sends its queued TransactionEvent messages
    Then the CSMS answers every message of the test station

  @TC_E_34_CSMS
  Scenario: TC_E_34_CSMS Check Transaction status - Without transactionId - without message in queue
    When the CSMS is asked whether the test station has queued transaction messages
    Then the CSMS asks the test station whether it has queued transaction messages
    And the CSMS reports that the test station answered GetTransactionStatus with
      | field            | value    |
      | ongoingIndicator | (absent) |
      | messagesInQueue  | false    |

  @TC_E_38_CSMS
  Scenario: TC_E_38_CSMS Local start transaction - EV not ready
    Given the test station is in state Authorized
    When the test station goes to state EVConnectedPreSession
    And the test station sends a TransactionEvent with
      | field         | value                |
      | eventType     | Updated              |
      | triggerReason | ChargingStateChanged |
      | chargingState | SuspendedEV          |
    Then the CSMS answers every message of the test station

  @TC_E_39_CSMS
  Scenario: TC_E_39_CSMS Stop transaction options - Deauthorized - timeout
    # OCTT sends the Ended event once the EV connection timeout expired; the CSMS sees no difference.
    Given the test station is in state Authorized
    When the test station sends a TransactionEvent with
      | field         | value            |
      | eventType     | Ended            |
      | triggerReason | EVConnectTimeout |
      | stoppedReason | Timeout          |
    Then the CSMS answers every message of the test station

  @TC_E_53_CSMS
  Scenario: TC_E_53_CSMS Reset Sequence Number - CSMS accepting seqNo = 0 at start of transaction
    When the test station goes to state EnergyTransferStarted
    And the test station goes to state EVDisconnected
    And the test station goes to state EnergyTransferStarted
    And the test station goes to state EVDisconnected
    Then the CSMS accepted a TransactionEvent Started with seqNo 0 for each of the 2 transactions
