"""OCTT's reusable states (OCPP 2.0.1 Part 6, "Reusable states", CSMS as system under test),
played by the test station. Each one sends what the test-case document lists, in its order, and
applies its tool validations: a CSMS that fails them fails the precondition, not a later step.
"""


def _connector_status(session, station, evse_id, connector_id, status):
    """StatusNotification followed by NotifyEvent(AvailabilityState), as OCTT reports a connector."""
    session.send_expecting_answer("StatusNotification",
                                  station.status_notification_payload(evse_id, connector_id, status), station)
    session.send_expecting_answer("NotifyEvent",
                                  station.availability_event_payload(evse_id, connector_id, status), station)


def report_connector(session, station, evse_id, connector_id, status):
    _connector_status(session, station, evse_id, connector_id, status)


def booted(session, station, reason="PowerUp"):
    """Booted: BootNotification accepted, then the state of every connector."""
    session.require_connected(station)
    session.send_expecting_answer("BootNotification", station.boot_payload(reason), station)
    session.check_answer("BootNotification", [("status", "Accepted")], station)
    for (evse_id, connector_id), connector in sorted(station.model.connectors.items()):
        _connector_status(session, station, evse_id, connector_id, "Available")


def ev_connected_pre_session(session, station, evse_id, connector_id=1):
    """EVConnectedPreSession: cable plugged in; the transaction starts (TxStartPoint EVConnected)."""
    session.require_connected(station)
    _connector_status(session, station, evse_id, connector_id, "Occupied")
    tx = station.model.transactions.get(evse_id)
    authorized = tx is not None and not tx.ended and tx.id_token is not None
    payload = station.transaction_event_payload(evse_id, "Updated" if authorized else "Started", "CablePluggedIn",
                                                charging_state="EVConnected", connector_id=connector_id)
    session.send_expecting_answer("TransactionEvent", payload, station)


def authorized(session, station, evse_id, id_token, connector_id=1):
    """Authorized: Authorize, then TransactionEvent(Authorized); both must be Accepted."""
    session.require_connected(station)
    session.send_expecting_answer("Authorize", {"idToken": id_token}, station)
    session.check_answer("Authorize", [("idTokenInfo.status", "Accepted")], station)
    tx = station.model.transactions.get(evse_id)
    started = tx is not None and not tx.ended and tx.seq_no >= 0
    payload = station.transaction_event_payload(evse_id, "Updated" if started else "Started", "Authorized",
                                                id_token=id_token, connector_id=connector_id,
                                                charging_state="EVConnected" if started else None)
    session.send_expecting_answer("TransactionEvent", payload, station)
    session.check_answer("TransactionEvent", [("idTokenInfo.status", "Accepted")], station)


def energy_transfer_started(session, station, evse_id, id_token, connector_id=1):
    """EnergyTransferStarted: Authorized (unless it is), cable plugged in, then charging."""
    tx = station.model.transactions.get(evse_id)
    if tx is None or tx.ended or tx.id_token is None:
        authorized(session, station, evse_id, id_token, connector_id)
    _connector_status(session, station, evse_id, connector_id, "Occupied")
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "CablePluggedIn", charging_state="EVConnected", connector_id=connector_id), station)
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "ChargingStateChanged", charging_state="Charging", connector_id=connector_id), station)


def stop_authorized(session, station, evse_id, id_token):
    """StopAuthorized: the driver stops the transaction with an idToken; must be Accepted."""
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "StopAuthorized", charging_state="EVConnected", id_token=id_token), station)
    session.check_answer("TransactionEvent", [("idTokenInfo.status", "Accepted")], station)


def ev_connected_post_session(session, station, evse_id):
    """EVConnectedPostSession: energy transfer over, cable still plugged in."""
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "ChargingStateChanged", charging_state="EVConnected"), station)


def ev_disconnected(session, station, evse_id, connector_id=1):
    """EVDisconnected: cable unplugged; the transaction ends (TxStopPoint EVConnected)."""
    _connector_status(session, station, evse_id, connector_id, "Available")
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Ended", "EVCommunicationLost", charging_state="Idle", stopped_reason="EVDisconnected"), station)


STATES = {
    "Booted": "booted",
    "EVConnectedPreSession": "ev_connected_pre_session",
    "Authorized": "authorized",
    "EnergyTransferStarted": "energy_transfer_started",
    "StopAuthorized": "stop_authorized",
    "EVConnectedPostSession": "ev_connected_post_session",
    "EVDisconnected": "ev_disconnected",
}
