@ocpp201 @station @blockE
Feature: E Transactions - OCTT charging-station cases: start and stop points, local start and stop, EV connection timeout, transaction status, offline queue and retries
  OCTT test cases TC_E_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured. The
  reusable states are the state library of block C ("Given the station is brought to state ..."), at the configured
  EVSE and connector with the valid idToken; which TransactionEvents a state expects follows the station's
  TxStartPoint, read with GetVariables (OCTT: its configuration of the station). A "Configuration State"
  is a Given that sets the variable; "(If implemented)" leaves a variable the station does not know alone.
  The document's NotifyEvent form of a connector status is not taken: the suite checks StatusNotification.
  Reusable state ParkingBayOccupied, and the parking bay parts of ParkingBayUnoccupied, are left out of the
  states: the document makes ParkingBayOccupied optional, and most stations have no parking bay sensor.
  TC_E_12_CS and TC_E_19_CS drive the EV into and out of the parking bay (driver actions
  drive_into_parking_bay, drive_out_of_parking_bay; a driver without them leaves those cases not run).

  # ------------------------------------------------------------------ E01 start points

  @TC_E_01_CS
  Scenario: TC_E_01_CS Start transaction options - PowerPathClosed
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "PowerPathClosed"
    And the station is brought to state Authorized
    When the station is brought to state EVConnectedPreSession
    # EVConnectedPreSession step 3 "eventType Started if TxStartPoint is ... PowerPathClosed and State is
    # Authorized": the state library expects a TransactionEvent there only for EVConnected start points, so
    # the case checks the Started event of the closed power path itself.
    Then the station sends TransactionEvent with
      | field                         | value                                           |
      | eventType                     | Started                                         |
      | triggerReason                 | CablePluggedIn or ChargingStateChanged or RemoteStart |
      | transactionInfo.chargingState | EVConnected or SuspendedEVSE or Charging        |
      | evse.id                       | <CONFIGURED_EVSE_ID>                            |
      | evse.connectorId              | <CONFIGURED_CONNECTOR_ID>                       |

  @TC_E_02_CS
  Scenario: TC_E_02_CS Start transaction options - EnergyTransfer
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "EnergyTransfer"
    And the station is brought to state Authorized
    # Manual action "Connect the EV and EVSE", at the configured EVSE (1).
    When an EV is plugged in at EVSE 1
    Then the station sends StatusNotification "Occupied" for EVSE 1 connector 1
    # Local authorization (OCTT's default): triggerReason ChargingStateChanged or Authorized.
    And the station sends TransactionEvent with
      | field                         | value                                |
      | eventType                     | Started                              |
      | triggerReason                 | ChargingStateChanged or Authorized   |
      | idToken.idToken               | <VALID_ID_TOKEN>                     |
      | idToken.type                  | <VALID_ID_TOKEN_TYPE>                |
      | evse                          | (present)                            |
      | evse.connectorId              | (present)                            |
      | transactionInfo.chargingState | Charging                             |

  @TC_E_09_CS
  Scenario: TC_E_09_CS Start transaction options - EVConnected
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "EVConnected"
    When an EV is plugged in at EVSE 1
    Then the station sends StatusNotification "Occupied" for EVSE 1 connector 1
    And the station sends TransactionEvent with
      | field                         | value                                  |
      | eventType                     | Started                                |
      | triggerReason                 | CablePluggedIn or ChargingStateChanged |
      | evse                          | (present)                              |
      | evse.connectorId              | (present)                              |
      | transactionInfo.chargingState | EVConnected                            |

  @TC_E_10_CS
  Scenario: TC_E_10_CS Start transaction options - Authorized - Local
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "Authorized"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    When the driver presents the valid idToken
    Then the station sends Authorize with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
    And the station sends TransactionEvent with
      | field           | value                 |
      | eventType       | Started               |
      | triggerReason   | Authorized            |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |

  @TC_E_13_CS
  Scenario: TC_E_13_CS Start transaction options - Authorized - Remote
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "Authorized"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    # Step 3 (Authorize) is only for AuthorizeRemoteStart true; the suite sets it false (OCTT's general
    # precondition for the CSMS cases) so that the case has one course. The idToken is the configured valid
    # one (04A1B2C3D4E501 by default), on the configured EVSE (1).
    And the station's AuthCtrlr.AuthorizeRemoteStart is "false"
    When the test CSMS sends RequestStartTransaction for idToken "04A1B2C3D4E501" on EVSE 1
    Then the station answers RequestStartTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value                 |
      | eventType                     | Started               |
      | triggerReason                 | RemoteStart           |
      | idToken.idToken               | <VALID_ID_TOKEN>      |
      | idToken.type                  | <VALID_ID_TOKEN_TYPE> |
      | transactionInfo.remoteStartId | (present)             |
    And the TransactionEvent carries the remoteStartId of the RequestStartTransaction

  @TC_E_11_CS
  Scenario: TC_E_11_CS Start transaction options - DataSigned
    # Prerequisite: TxStartPoint can be DataSigned (a station whose ReadOnly TxStartPoint cannot refuses the
    # SetVariables: the case is not run).
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "DataSigned"
    And the station's SampledDataCtrlr.SignReadings is "true"
    And the station is brought to state Authorized
    # Manual action "Connect the EV and EVSE", at the configured EVSE (1).
    When an EV is plugged in at EVSE 1
    Then the station sends StatusNotification "Occupied" for EVSE 1 connector 1
    # Step 3, local authorization (OCTT's default): triggerReason SignedDataReceived. "meterValue is provided
    # with the following values": the suite reads the first sampledValue of the first meterValue, the reading
    # of TxStartedMeasurands (the energy register) that the station signs.
    And the station sends TransactionEvent with
      | field                                                       | value                 |
      | eventType                                                   | Started               |
      | triggerReason                                               | SignedDataReceived    |
      | idToken.idToken                                             | <VALID_ID_TOKEN>      |
      | idToken.type                                                | <VALID_ID_TOKEN_TYPE> |
      | evse                                                        | (present)             |
      | evse.connectorId                                            | (present)             |
      | meterValue[0].sampledValue[0].context                       | Transaction.Begin     |
      | meterValue[0].sampledValue[0].signedMeterValue.encodingMethod | (present)           |
      | meterValue[0].sampledValue[0].signedMeterValue.publicKey    | (present)             |
      | meterValue[0].sampledValue[0].signedMeterValue.signedMeterData | (present)          |
      | meterValue[0].sampledValue[0].signedMeterValue.signingMethod | (present)            |
    And the station sends TransactionEvent with
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |

  @TC_E_12_CS
  Scenario: TC_E_12_CS Start transaction options - ParkingBayOccupied
    # Prerequisite: TxStartPoint can be ParkingBayOccupancy (a station whose ReadOnly TxStartPoint cannot refuses
    # the SetVariables: the case is not run). "Drive EV into parking bay" is driver action drive_into_parking_bay:
    # a driver without it (a station without a parking bay sensor) leaves the case not run.
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "ParkingBayOccupancy"
    # Manual action "Drive EV into parking bay", at the configured EVSE (1).
    When the EV drives into the parking bay of EVSE 1
    Then the station sends TransactionEvent with
      | field         | value      |
      | eventType     | Started    |
      | triggerReason | EVDetected |

  # ------------------------------------------------------------------ E02/E03 local start

  @TC_E_03_CS
  Scenario: TC_E_03_CS Local start transaction - Cable plugin first - Success
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EVConnectedPreSession
    When the station is brought to state Authorized
    And the station is brought to state EnergyTransferStarted

  @TC_E_04_CS
  Scenario: TC_E_04_CS Local start transaction - Authorization first - Success
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    When the station is brought to state Authorized
    And the station is brought to state EnergyTransferStarted

  @TC_E_05_CS
  Scenario: TC_E_05_CS Local start transaction - Authorization first - Cable plugin timeout
    Given the station has booted
    And the station's TxCtrlr.EVConnectionTimeOut is "<CONFIGURED_EV_CONNECTION_TIMEOUT>"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station's AuthCacheCtrlr.Enabled is "false" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "false"
    And the station is brought to state Authorized
    # Step 1, for a transaction started at authorization: Ended with Timeout if TxStopPoint contains
    # Authorized, else Updated (the step reads TxStopPoint with GetVariables).
    Then the station ends the authorization once EVConnectionTimeOut has passed
    # Steps 3-4: the EVSE is ready for another session.
    When the station is brought to state Authorized
    And the station is brought to state EnergyTransferStarted

  @TC_E_39_CS
  Scenario: TC_E_39_CS Stop transaction options - Deauthorized - timeout
    # As the 2023-12 errata give it (Authorized local or remote; the cable plugged in after the timeout).
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station's TxCtrlr.EVConnectionTimeOut is "<CONFIGURED_EV_CONNECTION_TIMEOUT>"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state Authorized
    Then the station ends the authorization once EVConnectionTimeOut has passed
    When an EV is plugged in at EVSE 1
    # Step 3: the errata's "eventType must be Updated if TxStartPoint is ParkingBayOccupancy, else Ended"
    # cannot hold for the event of a cable plugged in after the transaction ended (a new transaction starts
    # with it, or none); the suite checks the trigger and that no energy flows.
    Then the station sends TransactionEvent with
      | field                         | value                                           |
      | triggerReason                 | CablePluggedIn                                  |
      | transactionInfo.chargingState | EVConnected or SuspendedEV or SuspendedEVSE or Idle |

  @TC_E_38_CS
  Scenario: TC_E_38_CS Local start transaction - EV not ready
    # Prerequisite "TxStartPoint should not be EnergyTransfer": a station whose TxStartPoint is EnergyTransfer
    # starts no transaction for an EV that takes no energy, so step 2 cannot come; deselect the case for it.
    Given the station has booted
    And the station is brought to state Authorized
    When the EV is made not ready for the energy transfer at EVSE 1
    And the station is brought to state EVConnectedPreSession
    Then the station sends TransactionEvent with
      | field                         | value                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |

  @TC_E_52_CS
  Scenario: TC_E_52_CS Local start transaction - Authorization first - DisableRemoteAuthorization
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    # Prerequisite "AuthCtrlr.DisableRemoteAuthorization is implemented": a station that does not take the
    # configuration state is not run.
    And the station's AuthCtrlr.DisableRemoteAuthorization is "true"
    # Memory state "None of the configured valid IdTokens is present in Authorization Cache or Local
    # Authorization List": the suite does not clear them (that would be a CSMS message the case does not
    # send); the embedded station starts each scenario empty, a real one must be so. ParkingBayOccupied
    # (optional) is left out.
    When the driver presents the valid idToken
    # "authorization is refused": no Authorize, and no transaction started or authorized with the idToken.
    Then the station sends no Authorize for 2 seconds
    And the station sends no TransactionEvent for 2 seconds

  # ------------------------------------------------------------------ E06/E07 stop points, local and remote stop

  @TC_E_06_CS
  Scenario: TC_E_06_CS Local Stop Transaction - Accepted
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EnergyTransferStarted
    # Steps 1-2: the state library's EVConnectedPostSession goes through StopAuthorized (local) first.
    When the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    # Step 4 ParkingBayUnoccupied: nothing to do without a parking bay sensor. OCTT's general rule for a
    # transaction stopped with StopAuthorized local: the stoppedReason of its Ended event is Local or omitted.
    Then the station's TransactionEvent that ends the transaction has
      | field                         | value              |
      | transactionInfo.stoppedReason | Local or (absent)  |

  @TC_E_07_CS
  Scenario: TC_E_07_CS Stop transaction options - PowerPathClosed - Local stop
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "PowerPathClosed"
    And the station is brought to state EnergyTransferStarted
    When the station is brought to state StopAuthorized
    # StopAuthorized steps 1-3: with the power path opened the transaction ends (StopAuthorized, or a
    # ChargingStateChanged after it), stoppedReason Local or omitted.
    Then the station's TransactionEvent that ends the transaction has
      | field                         | value                                 |
      | triggerReason                 | StopAuthorized or ChargingStateChanged |
      | transactionInfo.stoppedReason | Local or (absent)                     |

  @TC_E_35_CS
  Scenario: TC_E_35_CS Stop transaction options - PowerPathClosed - Remote stop
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "PowerPathClosed"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends RequestStopTransaction
    Then the station answers RequestStopTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |
      | eventType                     | Ended      |

  @TC_E_08_CS
  Scenario: TC_E_08_CS Stop transaction options - EnergyTransfer stopped - StopAuthorized
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "EnergyTransfer"
    And the station is brought to state EnergyTransferStarted
    When the station is brought to state StopAuthorized
    # The document lists no validation of its own: those of StopAuthorized (the transaction ends).
    Then the station's TransactionEvent that ends the transaction has
      | field                         | value                                 |
      | triggerReason                 | StopAuthorized or ChargingStateChanged |
      | transactionInfo.stoppedReason | Local or (absent)                     |

  @TC_E_14_CS
  Scenario: TC_E_14_CS Stop transaction options - EVDisconnected - Charging Station side
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "EVConnected"
    And the station is brought to state EnergyTransferStarted
    And the station is brought to state EVConnectedPostSession
    When the EV is unplugged from EVSE 1
    Then the station sends StatusNotification "Available" for EVSE 1 connector 1
    # Step 3 as the 2023-12 errata give it (stoppedReason may be omitted).
    And the station's TransactionEvent that ends the transaction has
      | field                         | value                                |
      | triggerReason                 | EVCommunicationLost                  |
      | transactionInfo.chargingState | Idle                                 |
      | transactionInfo.stoppedReason | Local or EVDisconnected or (absent)  |

  @TC_E_15_CS
  Scenario: TC_E_15_CS Stop transaction options - StopAuthorized - Local
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station is brought to state EnergyTransferStarted
    # OCTT waits <Configured Transaction Duration> first; the suite does not (nothing depends on it).
    When the driver presents the valid idToken
    Then the station sends TransactionEvent with
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | eventType                     | Ended          |

  @TC_E_21_CS
  Scenario: TC_E_21_CS Stop transaction options - StopAuthorized - Remote
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends RequestStopTransaction
    Then the station answers RequestStopTransaction with status "Accepted"
    And the station sends TransactionEvent with
      | field                         | value      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |
      | eventType                     | Ended      |

  @TC_E_16_CS
  Scenario: TC_E_16_CS Stop transaction options - Deauthorized - Invalid idToken
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station's AuthCtrlr.OfflineTxForUnknownIdEnabled is "true" if implemented
    And the station's TxCtrlr.StopTxOnInvalidId is "true"
    # Memory state IdTokenLocalAuthList is left out: the suite has no local list step for a station yet.
    And the station has the valid idToken in its authorization cache
    # "The OCTT will respond to the TransactionEventRequest containing the idToken with Invalid".
    And the test CSMS will answer the valid idToken with "Invalid"
    And the station has started a transaction while offline
    Then the station sends TransactionEvent with
      | field   | value |
      | offline | true  |
    And the station's TransactionEvent that ends the transaction has
      | field                         | value        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |

  @TC_E_19_CS
  Scenario: TC_E_19_CS Stop transaction options - ParkingBayUnoccupied
    # Prerequisite: TxStopPoint can be ParkingBayOccupancy alone (the document's "ParkingBayOccupied"; a station
    # that refuses the SetVariables is not run), and a parking bay sensor (driver action drive_out_of_parking_bay).
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "ParkingBayOccupancy"
    # Reusable state EVDisconnected, through the states before it (local start and stop, OCTT's default).
    And the station is brought to state EnergyTransferStarted
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    # Manual action "Drive EV out of parking bay", at the configured EVSE (1). The suite stops transactions
    # locally, so stoppedReason Local.
    When the EV drives out of the parking bay of EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value      |
      | triggerReason                 | EVDeparted |
      | transactionInfo.stoppedReason | Local      |
      | eventType                     | Ended      |

  # ------------------------------------------------------------------ E06 stop points on the EV side, E09/E10 EV-side disconnect
  # Reusable state EnergyTransferSuspended as the 2023-12 errata give it (the EV suspends after <Configured
  # Transaction Duration>; driver action ev_suspend). "Disconnect the EV and EVSE on EV side" is driver action
  # unplug_at_ev: the cable stays in the station. The NotifyEvent form of a connector status is not taken.
  # The steps for a detachable cable at the station side are taken (the reference station's); a station with a
  # permanently attached cable is not one TC_E_24_CS is for (prerequisite, station_has_fixed_cable), and
  # TC_E_26_CS's step 3 (StatusNotification Available, for a permanently attached cable only) is not checked.
  # TC_E_27_CS is for a station with a permanently attached cable (station_has_fixed_cable; the embedded
  # reference station is made one).

  @TC_E_17_CS
  Scenario: TC_E_17_CS Stop transaction options - Deauthorized - EV side disconnect
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "true"
    And the station's OCPPCommCtrlr.UnlockOnEVSideDisconnect is "false"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | eventType                     | Ended               |
    # Manual actions for a detachable cable: the idToken that started the transaction unlocks the cable
    # (UnlockOnEVSideDisconnect false), then the cable comes out of the station.
    When the driver presents the valid idToken
    And the EV is unplugged from EVSE 1
    Then the station sends StatusNotification "Available" for EVSE 1 connector 1

  @TC_E_20_CS
  Scenario: TC_E_20_CS Stop transaction options - EVDisconnected - EV side (able to charge IEC 61851-1 EV)
    # Prerequisite "able to charge with an EV that uses IEC 61851-1": the EV the driver acts on is such an EV.
    # "StopTxOnEVSideDisconnect is false (If mutability is ReadWrite)": a station that refuses it is not run.
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "EVConnected"
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "false" if implemented
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | eventType                     | Ended               |

  @TC_E_54_CS
  Scenario: TC_E_54_CS Stop transaction options - EVDisconnected - EV side (not able to charge IEC 61851-1 EV)
    # Prerequisite "supports high level communication": the EV the driver acts on uses it (the suite cannot
    # tell); the reference station runs it as TC_E_20_CS.
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "EVConnected"
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "false" if implemented
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value                         |
      | triggerReason                 | EVCommunicationLost           |
      | transactionInfo.chargingState | Idle                          |
      | transactionInfo.stoppedReason | StoppedByEV or EVDisconnected |
      | eventType                     | Ended                         |

  @TC_E_37_CS
  Scenario: TC_E_37_CS Stop transaction options - PowerPathClosed - EV side disconnect
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "PowerPathClosed"
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "false" if implemented
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | eventType                     | Ended               |

  @TC_E_22_CS
  Scenario: TC_E_22_CS Stop transaction options - EnergyTransfer stopped - SuspendedEV
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "EnergyTransfer"
    And the station is brought to state EnergyTransferStarted
    When the EV suspends the energy transfer
    # Step 1 as the document gives it (not loosened by the errata, which change the reusable state only).
    Then the station reports that the EV suspended the energy transfer

  @TC_E_24_CS
  Scenario: TC_E_24_CS Disconnect cable on EV-side - Deauthorize transaction - UnlockOnEVSideDisconnect is true
    Given the station has no permanently attached cable
    And the station has booted
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "true"
    And the station's OCPPCommCtrlr.UnlockOnEVSideDisconnect is "true"
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
    When the EV is unplugged from EVSE 1
    Then the station sends StatusNotification "Available" for EVSE 1 connector 1

  @TC_E_25_CS
  Scenario: TC_E_25_CS Disconnect cable on EV-side - Deauthorize transaction - UnlockOnEVSideDisconnect is false
    Given the station has booted
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "true"
    And the station's OCPPCommCtrlr.UnlockOnEVSideDisconnect is "false"
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
    # Manual actions for a detachable cable: the idToken that started the transaction, then the cable out.
    When the driver presents the valid idToken
    And the EV is unplugged from EVSE 1
    Then the station sends StatusNotification "Available" for EVSE 1 connector 1

  @TC_E_26_CS
  Scenario: TC_E_26_CS Disconnect cable on EV-side - Suspend transaction
    # "TxStopPoint contains Authorized (If supported) AND/OR ParkingBayOccupancy (If supported)": Authorized.
    Given the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station's OCPPCommCtrlr.UnlockOnEVSideDisconnect is "false"
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "false"
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | eventType                     | Updated             |
    When the cable is plugged into the EV again at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value          |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
      | eventType                     | Updated        |
    And the station sends TransactionEvent with
      | field                         | value                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
      | eventType                     | Updated              |

  @TC_E_27_CS
  Scenario: TC_E_27_CS Disconnect cable on EV-side - Suspend transaction - Fixed cable connection timeout
    # "TxStopPoint contains Authorized (If supported), ParkingBayOccupancy (If supported)": Authorized, as for
    # TC_E_26_CS. The document sets no EVConnectionTimeOut ("the configured EVConnectionTimeout"): the station is
    # given <CONFIGURED_EV_CONNECTION_TIMEOUT>, as in TC_E_05_CS, so that the wait is known.
    Given the station has a permanently attached cable
    And the station has booted
    And the station's TxCtrlr.TxStopPoint is "Authorized"
    And the station's TxCtrlr.EVConnectionTimeOut is "<CONFIGURED_EV_CONNECTION_TIMEOUT>"
    And the station's OCPPCommCtrlr.UnlockOnEVSideDisconnect is "false"
    And the station's TxCtrlr.StopTxOnEVSideDisconnect is "false"
    And the station is brought to state EnergyTransferSuspended
    When the cable is disconnected on the EV side at EVSE 1
    Then the station sends TransactionEvent with
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | eventType                     | Updated             |
    # Step 3, for a permanently attached cable: the connector is free again.
    And the station sends StatusNotification "Available" for EVSE 1 connector 1
    # The manual action "Reconnect the EV and EVSE on EV side ... before the configured EVConnectionTimeout
    # expires" is not taken: step 5 (triggerReason EVConnectTimeout) and the case's purpose ("deauthorizes the
    # transaction after the configured connection timeout expires") need the EV to stay away until then.
    # Step 5: Ended with stoppedReason Timeout when TxStopPoint contains Authorized, else Updated (the step
    # reads TxStopPoint with GetVariables).
    And the station ends the authorization once EVConnectionTimeOut has passed

  # ------------------------------------------------------------------ E14 transaction status

  @TC_E_28_CS
  Scenario: TC_E_28_CS Check Transaction status - TransactionId unknown
    Given the station has booted
    # <Randomly generated transactionId>: a fixed one the station cannot know.
    When the test CSMS sends GetTransactionStatus with
      """
      {"transactionId": "octt-e28-unknown-transaction"}
      """
    Then the station answers GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | false |
      | messagesInQueue  | false |

  @TC_E_30_CS
  Scenario: TC_E_30_CS Check Transaction status - Transaction with id ongoing - without message in queue
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the test CSMS requests the status of the station's transaction
    Then the station answers GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | true  |
      | messagesInQueue  | false |

  @TC_E_32_CS
  Scenario: TC_E_32_CS Check Transaction status - Transaction with id ended - without message in queue
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    # "EnergyTransferStarted, ParkingBayUnoccupied": through StopAuthorized, EVConnectedPostSession and
    # EVDisconnected (ParkingBayUnoccupied itself needs a parking bay sensor).
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    When the test CSMS requests the status of the station's transaction
    Then the station answers GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | false |
      | messagesInQueue  | false |

  @TC_E_34_CS
  Scenario: TC_E_34_CS Check Transaction status - Without transactionId - without message in queue
    Given the station has booted
    When the test CSMS sends GetTransactionStatus with
      """
      {}
      """
    Then the station answers GetTransactionStatus with
      | field            | value    |
      | ongoingIndicator | (absent) |
      | messagesInQueue  | false    |

  # With a message in queue: "The OCTT sends a GetTransactionStatusRequest ... the moment the WebSocket
  # connection is restored". A station empties its queue at once when it reconnects, so the answer would race
  # the queue: the test CSMS holds its answers to the queued TransactionEvents until the station has answered
  # GetTransactionStatus. The station sends one message at a time (OCPP-J 4.1.1): the one whose answer is held
  # is on its way, still queued until answered, and so is the rest of the queue. OfflineThreshold "<Configured
  # RetryBackOffWaitMinimum_duration> + 60.0" is 300, as for TC_E_40_CS below. "The OCTT waits
  # <RetryBackOffWaitMinimum_duration> before accepting a reconnection attempt": the test CSMS is back a tenth of
  # it early, since the station's first attempt comes just then and a refused one doubles its backoff.

  @TC_E_29_CS
  Scenario: TC_E_29_CS Check Transaction status - Transaction with id ongoing - with message in queue
    Given the station has booted
    And the station's SampledDataCtrlr.TxUpdatedMeasurands is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_MEASURANDS>"
    And the station's SampledDataCtrlr.TxUpdatedInterval is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_INTERVAL>"
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS goes down
    And the test CSMS comes back after <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> seconds and at once requests the status of the station's transaction
    Then the station answers GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | true  |
      | messagesInQueue  | true  |
    # Step 5 "meterValues must be present": the field is meterValue.
    And every TransactionEvent the station queued while offline has
      | field      | value     |
      | eventType  | Updated   |
      | meterValue | (present) |
      | offline    | true      |

  @TC_E_31_CS
  Scenario: TC_E_31_CS Check Transaction status - Transaction with id ended - with message in queue
    Given the station has booted
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS goes down
    # Manual actions: the same idToken as started the transaction, then the cable out (the parking bay is
    # left out, as above); the tool waits <Configured Transaction Duration>.
    And the driver presents the valid idToken
    And the EV is unplugged from EVSE 1
    And the transaction duration has passed
    # With TxStopPoint Authorized the Ended event may be the only queued message, and it is on its way when
    # GetTransactionStatus comes: a message leaves the queue when the CSMS has answered it.
    And the test CSMS comes back after <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> seconds and at once requests the status of the station's transaction
    Then the station answers GetTransactionStatus with
      | field            | value |
      | ongoingIndicator | false |
      | messagesInQueue  | true  |
    # Step 3: the queue emptied, the reusable states' validations from StopAuthorized on.
    And every TransactionEvent the station queued while offline has
      | field   | value |
      | offline | true  |
    And one TransactionEvent the station queued while offline has
      | field         | value          |
      | triggerReason | StopAuthorized |
    And one TransactionEvent the station queued while offline has
      | field     | value |
      | eventType | Ended |

  @TC_E_33_CS
  Scenario: TC_E_33_CS Check Transaction status - Without transactionId - with message in queue
    Given the station has booted
    And the station's SampledDataCtrlr.TxUpdatedMeasurands is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_MEASURANDS>"
    And the station's SampledDataCtrlr.TxUpdatedInterval is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_INTERVAL>"
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS goes down
    And the test CSMS comes back after <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> seconds and at once requests the status of every transaction
    Then the station answers GetTransactionStatus with
      | field            | value    |
      | ongoingIndicator | (absent) |
      | messagesInQueue  | true     |
    And every TransactionEvent the station queued while offline has
      | field      | value     |
      | eventType  | Updated   |
      | meterValue | (present) |
      | offline    | true      |

  # ------------------------------------------------------------------ E08/E11/E12 offline queue
  # "The OCTT closes the WebSocket connection AND does not accept a reconnect" is "the test CSMS goes down";
  # the queued messages are the TransactionEvents the station delivers after its reconnection that are
  # timestamped between the close of its connection and its reconnection. The manual actions "Drive EV
  # into / out of parking bay" are left out (optional: most stations have no parking bay sensor).
  # OfflineThreshold "<Configured RetryBackOffWaitMinimum_duration> + 60.0": a step value cannot add, so the
  # station gets 300, above that sum with the default <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> (30; 10 for the
  # embedded station); raise it with a RetryBackOffWaitMinimum above 240 (the point: the offline period stays
  # below the threshold).

  @TC_E_40_CS
  Scenario: TC_E_40_CS Offline Behaviour - Connection loss during transaction
    Given the station has booted
    And the station's SampledDataCtrlr.TxUpdatedMeasurands is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_MEASURANDS>"
    And the station's SampledDataCtrlr.TxUpdatedInterval is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_INTERVAL>"
    And the station's SampledDataCtrlr.Enabled is "true"
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS goes down
    And the test CSMS comes back after <CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM> seconds
    # Step 3 "meterValues must be present": the field is meterValue.
    Then every TransactionEvent the station queued while offline has
      | field      | value     |
      | eventType  | Updated   |
      | meterValue | (present) |
      | offline    | true      |

  @TC_E_43_CS
  Scenario: TC_E_43_CS Offline Behaviour - Transaction during offline period
    Given the station has booted
    # Step 1, memory state TransactionEventsInQueueEnded (its memory state IdTokenLocalAuthList is left out:
    # the suite has no local list step for a station yet).
    And the station's AuthCtrlr.OfflineTxForUnknownIdEnabled is "true" if implemented
    And the station has the valid idToken in its authorization cache
    When the test CSMS goes down
    And an EV is plugged in at EVSE 1
    And the driver presents the valid idToken
    And the driver presents the valid idToken
    And the EV is unplugged from EVSE 1
    And the test CSMS comes back
    Then every TransactionEvent the station queued while offline has
      | field   | value |
      | offline | true  |
    And one TransactionEvent the station queued while offline has
      | field     | value   |
      | eventType | Started |
    And one TransactionEvent the station queued while offline has
      | field     | value |
      | eventType | Ended |

  @TC_E_44_CS
  Scenario: TC_E_44_CS Offline Behaviour - Stop transaction during offline period
    Given the station has booted
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station is brought to state EnergyTransferStarted
    When the test CSMS goes down
    # Manual actions: the same idToken as started the transaction (the valid one), then the cable out.
    And the driver presents the valid idToken
    And the EV is unplugged from EVSE 1
    And the test CSMS comes back
    Then every TransactionEvent the station queued while offline has
      | field   | value |
      | offline | true  |
    And one TransactionEvent the station queued while offline has
      | field     | value |
      | eventType | Ended |

  @TC_E_45_CS
  Scenario: TC_E_45_CS Offline Behaviour - Stop transaction during offline period - Same GroupId
    # Prerequisite: an Authorization Cache (the suite has no local list step for a station yet, so the memory
    # state IdTokenLocalAuthList is left out and the cache is the one the case uses).
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's OCPPCommCtrlr.OfflineThreshold is "300"
    And the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is "<CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM>"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    # Memory state IdTokenCached for <Configured valid idtoken fields2> with <Configured GroupIdToken>, and
    # the reusable state Authorized with the same group: the test CSMS's answers carry <GROUP_ID>.
    And the test CSMS puts the valid idToken in group "<GROUP_ID>"
    And the test CSMS puts the second valid idToken in group "<GROUP_ID>"
    And the station has the second valid idToken in its authorization cache
    And the station is brought to state Authorized
    And the station is brought to state EnergyTransferStarted
    When the test CSMS goes down
    # Manual actions: present idToken2 (known from the cache, of the transaction's group), then the cable out.
    And the driver presents the second valid idToken
    And the EV is unplugged from EVSE 1
    And the test CSMS comes back
    Then every TransactionEvent the station queued while offline has
      | field   | value |
      | offline | true  |
    And one TransactionEvent the station queued while offline has
      | field     | value |
      | eventType | Ended |
    # Beyond the document's validations, from its purpose ("the transaction stopped by an idToken with the same
    # groupIdToken"): the unplugging ends the transaction too when TxStopPoint contains EVConnected, so the
    # suite checks that the presented idToken stopped it (Ended, or Updated when TxStopPoint lacks Authorized).
    And one TransactionEvent the station queued while offline has
      | field         | value          |
      | triggerReason | StopAuthorized |

  # ------------------------------------------------------------------ E13 retries
  # Step 5's TransactionEvent is not named by the document: the test CSMS fails them from the one of
  # EVConnectedPreSession on (the cable plugged in after the authorization), which the station sends whatever
  # its TxStartPoint, so that the case does not wait for a meter value. Steps 1-4 (optional: SignedDataReceived,
  # SuspendedEVSE) are then failed too, and not judged.

  @TC_E_41_CS
  Scenario: TC_E_41_CS Retry sending transaction message when failed - Max retry count reached
    Given the station has booted
    And the station's OCPPCommCtrlr.MessageAttempts[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT>"
    And the station's OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT_INTERVAL>"
    And the station is brought to state Authorized
    # Step 5: the test CSMS does not reply; the station's OCPPCommCtrlr.MessageTimeout[Default] (read with
    # GetVariables, protocol seconds) is part of each interval.
    And the test CSMS will not answer TransactionEvent
    When the station is brought to state EVConnectedPreSession
    Then the station tries the failed TransactionEvent <CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT> times in all

  @TC_E_42_CS
  Scenario: TC_E_42_CS Retry sending transaction message when failed - Success before reaching the max retry count
    Given the station has booted
    And the station's OCPPCommCtrlr.MessageAttempts[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT>"
    And the station's OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT_INTERVAL>"
    And the station is brought to state Authorized
    # "The tool will ignore the first request and only respond to the second request".
    And the test CSMS will ignore the station's first TransactionEvent
    When the station is brought to state EVConnectedPreSession
    # Step 5 as the 2023-12 errata give it: sent 2 times, then no more.
    Then the station tries the failed TransactionEvent 2 times in all

  @TC_E_50_CS
  Scenario: TC_E_50_CS Retry sending transaction message when failed - Max retry count reached - CallError
    Given the station has booted
    And the station's OCPPCommCtrlr.MessageAttempts[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT>"
    And the station's OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT_INTERVAL>"
    And the station is brought to state Authorized
    And the test CSMS will answer every TransactionEvent with CALLERROR "InternalError"
    When the station is brought to state EVConnectedPreSession
    Then the station tries the failed TransactionEvent <CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT> times in all

  @TC_E_51_CS
  Scenario: TC_E_51_CS Retry sending transaction message when failed - Success before reaching the max retry count - CallError
    Given the station has booted
    And the station's OCPPCommCtrlr.MessageAttempts[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT>"
    And the station's OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] is "<CONFIGURED_MESSAGE_ATTEMPTS_TRANSACTION_EVENT_INTERVAL>"
    And the station is brought to state Authorized
    # "CallError ... to all requests except for the second request": the station stops at the second, so the
    # test CSMS fails only the first.
    And the test CSMS will answer the station's first TransactionEvent with CALLERROR "InternalError"
    When the station is brought to state EVConnectedPreSession
    # Step 5 as the 2023-12 errata give it: sent 2 times, then no more.
    Then the station tries the failed TransactionEvent 2 times in all
