@ocpp201 @station @blockF
Feature: F Remote control - OCTT charging-station cases: remote start and stop, unlocking a connector, TriggerMessage
  OCTT test cases TC_F_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured. The
  reusable states are the state library of block C ("Given the station is brought to state ..."), at the
  configured EVSE and connector with the valid idToken; "Authorized (remote)" and "StopAuthorized (remote)"
  are the states' Main B (RequestStartTransaction, RequestStopTransaction). Whether Authorized (remote)
  expects an Authorize follows the station's AuthCtrlr.AuthorizeRemoteStart, read with GetVariables (OCTT:
  its configuration of the station). The document's NotifyEvent form of a connector status is not taken:
  the suite checks StatusNotification. Prerequisites on what the station supports ("supports sending X
  triggered by a TriggerMessageRequest") are the answer NotImplemented: the scenario is then not run.

  # ------------------------------------------------------------------ F01/F02 remote start

  @TC_F_01_CS
  Scenario: TC_F_01_CS Remote start transaction - Cable plugin first
    # Prerequisite "The Charging Station does NOT have a cable lock, which prevents the EV driver to connect the
    # EV and EVSE before authorization": a station with one cannot be brought to EVConnectedPreSession first;
    # deselect the case for it.
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EVConnectedPreSession
    When the station is brought to state Authorized (remote)
    And the station is brought to state EnergyTransferStarted

  @TC_F_02_CS
  Scenario: TC_F_02_CS Remote start transaction - Remote start first - AuthorizeRemoteStart is true
    # Prerequisites: a station whose AuthCtrlr.Enabled or AuthorizeRemoteStart is ReadOnly false refuses the
    # SetVariables: the case is not run. ParkingBayOccupied (optional) is left out.
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station's AuthCtrlr.AuthorizeRemoteStart is "true" if implemented
    When the station is brought to state Authorized (remote)
    And the station is brought to state EnergyTransferStarted

  @TC_F_03_CS
  Scenario: TC_F_03_CS Remote start transaction - Remote start first - AuthorizeRemoteStart is false
    # Prerequisite: a station whose AuthorizeRemoteStart is ReadOnly true refuses the SetVariables: not run.
    # Authorized (remote) also holds the station to F01.FR.02: no Authorize for the idToken before the
    # transaction's RemoteStart event.
    Given the station has booted
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station's AuthCtrlr.AuthorizeRemoteStart is "false" if implemented
    When the station is brought to state Authorized (remote)
    And the station is brought to state EnergyTransferStarted

  @TC_F_04_CS
  Scenario: TC_F_04_CS Remote start transaction - Remote start first - Cable plugin timeout
    # Configuration state "TxCtrlr.TxStartPoint is ParkingBayOccupancy OR Authorized" (2023-12 errata
    # prerequisite: the station supports one of them): the suite sets Authorized; a station that refuses it is
    # not run (one with ParkingBayOccupancy only: deselect the case).
    Given the station has booted
    And the station's TxCtrlr.EVConnectionTimeOut is "<CONFIGURED_EV_CONNECTION_TIMEOUT>"
    And the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station's TxCtrlr.TxStartPoint is "Authorized"
    And the station is brought to state Authorized (remote)
    # Step 1: triggerReason EVConnectTimeout, Ended (stoppedReason Timeout) when the station's TxStopPoint ends
    # the transaction with its authorization (Authorized, PowerPathClosed, EnergyTransfer), else Updated, as in
    # TC_E_05_CS (the document's "eventType must be Ended" cannot hold for a TxStopPoint EVConnected alone).
    Then the station ends the authorization once EVConnectionTimeOut has passed
    # Step 3: the EVSE is ready for another session.
    When the station is brought to state Authorized (remote)

  # ------------------------------------------------------------------ F05 unlock connector

  # Prerequisite of TC_F_05/06/07/10_CS "The Charging Station has a connector lock": deselect the cases for a
  # station without one.

  @TC_F_05_CS
  Scenario: TC_F_05_CS Remote unlock Connector - With ongoing transaction
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends UnlockConnector with
      """
      {"evseId": <CONFIGURED_EVSE_ID>, "connectorId": <CONFIGURED_CONNECTOR_ID>}
      """
    Then the station answers UnlockConnector with status "OngoingAuthorizedTransaction"

  @TC_F_06_CS
  Scenario: TC_F_06_CS Remote unlock Connector - Without ongoing transaction - Accepted
    Given the station has booted
    When the test CSMS sends UnlockConnector with
      """
      {"evseId": <CONFIGURED_EVSE_ID>, "connectorId": <CONFIGURED_CONNECTOR_ID>}
      """
    Then the station answers UnlockConnector with status "Unlocked"

  @TC_F_07_CS
  Scenario: TC_F_07_CS Remote unlock Connector - Without ongoing transaction - No cable connected
    # Charging state "No cable connected at <Configured Connector>": so it is after the boot.
    Given the station has booted
    When the test CSMS sends UnlockConnector with
      """
      {"evseId": <CONFIGURED_EVSE_ID>, "connectorId": <CONFIGURED_CONNECTOR_ID>}
      """
    Then the station answers UnlockConnector with status "Unlocked"

  @TC_F_10_CS
  Scenario: TC_F_10_CS Remote unlock Connector - Without ongoing transaction - UnknownConnector
    Given the station has booted
    When the test CSMS sends UnlockConnector with
      """
      {"evseId": <CONFIGURED_EVSE_ID>, "connectorId": 999}
      """
    Then the station answers UnlockConnector with status "UnknownConnector"

  # ------------------------------------------------------------------ F03 remote stop

  @TC_F_08_CS
  Scenario: TC_F_08_CS Remote stop transaction - Success
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the station is brought to state StopAuthorized (remote)

  @TC_F_09_CS
  Scenario: TC_F_09_CS Remote stop transaction - Rejected
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    # "<Different transactionId than provided by the Charging Station in TransactionEventRequest>": the
    # station's transactionIds are its own; this one is no identifier a station makes up.
    When the test CSMS sends RequestStopTransaction with
      """
      {"transactionId": "OCTT-TC_F_09-unknown-transaction"}
      """
    Then the station answers RequestStopTransaction with status "Rejected"

  # ------------------------------------------------------------------ F06 TriggerMessage

  @TC_F_11_CS
  Scenario: TC_F_11_CS Trigger message - MeterValues - Specific EVSE
    Given the station has booted
    When the test CSMS sends TriggerMessage with
      """
      {"requestedMessage": "MeterValues", "evse": {"id": <CONFIGURED_EVSE_ID>}}
      """
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends MeterValues with
      | field                                 | value                |
      | evseId                                | <CONFIGURED_EVSE_ID> |
      | meterValue[0].sampledValue[0].context | Trigger              |

  @TC_F_12_CS
  Scenario: TC_F_12_CS Trigger message - MeterValues - All EVSE
    Given the station has booted
    When the test CSMS sends TriggerMessage for MeterValues
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And for every EVSE the station sends MeterValues after answering TriggerMessage with
      | field                                 | value   |
      | meterValue[0].sampledValue[0].context | Trigger |

  @TC_F_13_CS
  Scenario: TC_F_13_CS Trigger message - TransactionEvent - Specific EVSE
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends TriggerMessage with
      """
      {"requestedMessage": "TransactionEvent", "evse": {"id": <CONFIGURED_EVSE_ID>}}
      """
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends TransactionEvent with
      | field                                 | value                           |
      | evse.id                               | (absent) or <CONFIGURED_EVSE_ID> |
      | triggerReason                         | Trigger                         |
      | transactionInfo.chargingState         | Charging                        |
      | meterValue                            | (present)                       |
      | meterValue[0].sampledValue[0].context | Trigger                         |

  @TC_F_14_CS
  Scenario: TC_F_14_CS Trigger message - TransactionEvent - All EVSE
    # "State is EnergyTransferStarted for all EVSE": on EVSE 1 and 2, with the valid and the second valid
    # idToken (the state on EVSE 2 is left out for a station with one EVSE). Step 3 "evse.id must be
    # <Configured evseId>", for every EVSE: each event names its own EVSE and carries its transactionId.
    Given the station has booted
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the test CSMS sends TriggerMessage for TransactionEvent
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And for every EVSE the station sends TransactionEvent after answering TriggerMessage with
      | field                                 | value     |
      | triggerReason                         | Trigger   |
      | transactionInfo.chargingState         | Charging  |
      | meterValue                            | (present) |
      | meterValue[0].sampledValue[0].context | Trigger   |

  @TC_F_15_CS
  Scenario: TC_F_15_CS Trigger message - LogStatusNotification - Idle
    Given the station has booted
    When the test CSMS sends TriggerMessage for LogStatusNotification
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends LogStatusNotification with
      | field  | value |
      | status | Idle  |

  @TC_F_16_CS
  Scenario: TC_F_16_CS Trigger message - LogStatusNotification - Uploading
    Given the station has booted
    # Step 1: GetLog with logType DiagnosticsLog to the configured log location (station_upload_location).
    When the test CSMS sends GetLog
    Then the station answers GetLog with status "Accepted"
    And the station sends LogStatusNotification with status "Uploading"
    When the test CSMS sends TriggerMessage for LogStatusNotification
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends LogStatusNotification with
      | field  | value     |
      | status | Uploading |

  @TC_F_17_CS
  Scenario: TC_F_17_CS Trigger message - FirmwareStatusNotification - Specific EVSE not relevant
    Given the station has booted
    When the test CSMS sends TriggerMessage with
      """
      {"requestedMessage": "FirmwareStatusNotification", "evse": {"id": <CONFIGURED_EVSE_ID>}}
      """
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends FirmwareStatusNotification with
      | field  | value |
      | status | Idle  |

  @TC_F_18_CS
  Scenario: TC_F_18_CS Trigger message - FirmwareStatusNotification - Idle
    Given the station has booted
    When the test CSMS sends TriggerMessage for FirmwareStatusNotification
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends FirmwareStatusNotification with
      | field  | value |
      | status | Idle  |

  @TC_F_19_CS
  Scenario: TC_F_19_CS Trigger message - FirmwareStatusNotification - Downloading
    Given the station has booted
    When the test CSMS asks the station to update its firmware, with a retrieveDateTime 2 hours ago
    Then the station answers UpdateFirmware with status "Accepted"
    And the station sends FirmwareStatusNotification with status "Downloading"
    When the test CSMS sends TriggerMessage for FirmwareStatusNotification
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends FirmwareStatusNotification with
      | field  | value       |
      | status | Downloading |

  @TC_F_20_CS
  Scenario: TC_F_20_CS Trigger message - Heartbeat
    Given the station has booted
    When the test CSMS sends TriggerMessage for Heartbeat
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    # Step 3 has no tool validation of its own; the Heartbeat must come.
    And after answering TriggerMessage the station sends Heartbeat

  @TC_F_23_CS
  Scenario: TC_F_23_CS Trigger message - StatusNotification - Specific EVSE - Available
    Given the station has booted
    When the test CSMS sends TriggerMessage with
      """
      {"requestedMessage": "StatusNotification", "evse": {"id": <CONFIGURED_EVSE_ID>, "connectorId": <CONFIGURED_CONNECTOR_ID>}}
      """
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends StatusNotification with
      | field           | value                     |
      | evseId          | <CONFIGURED_EVSE_ID>      |
      | connectorId     | <CONFIGURED_CONNECTOR_ID> |
      | connectorStatus | Available                 |

  @TC_F_24_CS
  Scenario: TC_F_24_CS Trigger message - StatusNotification - Specific EVSE - Occupied
    Given the station has booted
    And the station is brought to state EVConnectedPreSession
    When the test CSMS sends TriggerMessage with
      """
      {"requestedMessage": "StatusNotification", "evse": {"id": <CONFIGURED_EVSE_ID>, "connectorId": <CONFIGURED_CONNECTOR_ID>}}
      """
    Then the station answers TriggerMessage with status "Accepted" if it implements it
    And after answering TriggerMessage the station sends StatusNotification with
      | field           | value                     |
      | evseId          | <CONFIGURED_EVSE_ID>      |
      | connectorId     | <CONFIGURED_CONNECTOR_ID> |
      | connectorStatus | Occupied                  |

  @TC_F_26_CS
  Scenario: TC_F_26_CS Trigger message - BootNotification - Rejected
    # Prerequisite "supports sending BootNotification triggered by a TriggerMessageRequest": an answer
    # NotImplemented leaves the case not run.
    Given the station has booted
    When the test CSMS sends TriggerMessage for BootNotification
    Then the station answers TriggerMessage with status "Rejected" if it implements it

  @TC_F_27_CS
  Scenario: TC_F_27_CS Trigger message - NotImplemented
    # Prerequisite "The Charging Station does NOT support sending SignCombinedCertificates triggered by a
    # TriggerMessageRequest": deselect the case for a station that does.
    Given the station has booted
    When the test CSMS sends TriggerMessage for SignCombinedCertificate
    Then the station answers TriggerMessage with status "NotImplemented"
