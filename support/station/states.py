"""OCTT's reusable states (OCPP 2.0.1 Part 6, "Reusable states", CSMS as system under test),
played by the test station. Each one sends what the test-case document lists, in its order, and
applies its tool validations: a CSMS that fails them fails the precondition, not a later step.
"""
from .transactions import wait_transaction_duration


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
    # Part 1 only when the EV is not connected yet (OCTT: "If EVConnected is true, proceed to part 2").
    if station.model.connector(evse_id, connector_id).status != "Occupied":
        _connector_status(session, station, evse_id, connector_id, "Occupied")
        session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
            evse_id, "Updated", "CablePluggedIn", charging_state="EVConnected", connector_id=connector_id), station)
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "ChargingStateChanged", charging_state="Charging", connector_id=connector_id), station)


def energy_transfer_suspended(session, station, evse_id, id_token, connector_id=1):
    """EnergyTransferSuspended: EnergyTransferStarted (unless it is), then the EV suspends charging.
    (OCTT first waits the transaction duration: the transaction_duration setting.)"""
    tx = station.model.transactions.get(evse_id)
    if tx is None or tx.ended or tx.id_token is None or station.model.connector(evse_id, connector_id).status != "Occupied":
        energy_transfer_started(session, station, evse_id, id_token, connector_id)
    wait_transaction_duration(session)
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "ChargingStateChanged", charging_state="SuspendedEV", connector_id=connector_id), station)


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


def reserved(session, station, evse_id, id_token):
    """Reserved: the CSMS is asked to reserve the EVSE for the idToken; it sends ReserveNow (evseId
    that EVSE, no connectorType, the idToken and its type); the station accepts and reports the
    connectors of the EVSE Reserved (StatusNotification, NotifyEvent)."""
    from . import reservation
    session.require_connected(station)
    reservation.ask_reserve(session, id_token, evse_id=evse_id)
    session.expect_request("ReserveNow", reservation.reserve_rows(id_token, evse_id), station=station)
    for key in reservation.connectors_concerned(station.model, evse_id):
        _connector_status(session, station, *key, "Reserved")


def unavailable(session, station, evse_id=None):
    """Unavailable: the CSMS is asked to make the EVSE (or, without one, the whole station)
    Inoperative; it sends ChangeAvailability (operationalStatus Inoperative, that evse, no
    connectorId); the station accepts and reports every connector concerned Unavailable."""
    from . import availability
    session.require_connected(station)
    availability.ask_change_availability(session, "Inoperative", evse_id)
    session.expect_request("ChangeAvailability", availability.change_availability_rows("Inoperative", evse_id),
                           station=station)
    for key in availability.connectors_concerned(station.model, evse_id):
        _connector_status(session, station, *key, "Unavailable")


def iso15118_smart_charging(session, station, evse_id):
    """ISO15118SmartCharging (K): the EV's charging needs, the CSMS's TxProfile for the transaction,
    the EV's schedule within it, then charging (support/station/smart_charging.py)."""
    from . import smart_charging_actions
    smart_charging_actions.iso15118_smart_charging(session, station, evse_id)


STATES = {
    "Booted": "booted",
    "EVConnectedPreSession": "ev_connected_pre_session",
    "Authorized": "authorized",
    "EnergyTransferStarted": "energy_transfer_started",
    "EnergyTransferSuspended": "energy_transfer_suspended",
    "StopAuthorized": "stop_authorized",
    "EVConnectedPostSession": "ev_connected_post_session",
    "EVDisconnected": "ev_disconnected",
    "Reserved": "reserved",
    "Unavailable": "unavailable",
    "ISO15118SmartCharging": "iso15118_smart_charging",
}
