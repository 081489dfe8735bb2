"""G Availability on the test station's side: how it answers ChangeAvailability, how it reports
its connectors, and the manual action that makes the CSMS change an availability."""
from ..scenario import csms_commands
from ..rpc import CALL
from ..scenario.trace import RECEIVED

INOPERATIVE = "Inoperative"


# ---------------------------------------------------------------------- the station's answers

def connectors_concerned(model, evse_id=None, connector_id=None):
    """(evseId, connectorId) of the station's connectors that a ChangeAvailability addresses."""
    return sorted(key for key in model.connectors
                  if (evse_id is None or key[0] == evse_id) and (connector_id is None or key[1] == connector_id))


def _transaction_ongoing(model, evse_id):
    tx = model.transactions.get(evse_id)
    return tx is not None and not tx.ended and tx.seq_no >= 0


def _change_availability(model, payload):
    # G03/G04: an unknown EVSE or connector is Rejected; Inoperative while a transaction runs on
    # an EVSE concerned is Scheduled (G03.FR.05, G04.FR.06); otherwise Accepted.
    evse = payload.get("evse") or {}
    keys = connectors_concerned(model, evse.get("id"), evse.get("connectorId"))
    if not keys:
        return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
    if payload["operationalStatus"] == INOPERATIVE and any(_transaction_ongoing(model, e) for e, _ in keys):
        return {"status": "Scheduled"}
    return {"status": "Accepted"}


# Default answers of the test station (registered in answers.DEFAULTS).
ANSWERS = {"ChangeAvailability": _change_availability}


# ---------------------------------------------------------------------- what the station sends

def report_connectors(session, station, status, keys, with_event=True):
    """StatusNotification (and NotifyEvent AvailabilityState) for each connector; all must be answered."""
    for evse_id, connector_id in keys:
        session.send_expecting_answer("StatusNotification",
                                      station.status_notification_payload(evse_id, connector_id, status), station)
        if with_event:
            session.send_expecting_answer("NotifyEvent",
                                          station.availability_event_payload(evse_id, connector_id, status), station)


def report_all_connectors(session, station, status):
    report_connectors(session, station, status, connectors_concerned(station.model))


def status_of_connectors_without_transaction(session, station, status):
    """Only a StatusNotification for every connector of an EVSE without an ongoing transaction
    (TC_G_14: "the state of all unoccupied connectors"). The answers are checked later."""
    keys = [key for key in connectors_concerned(station.model) if not _transaction_ongoing(station.model, key[0])]
    if not keys:
        print("(every connector of the station has a transaction: no StatusNotification to send)")
    for evse_id, connector_id in keys:
        session.send("StatusNotification", station.status_notification_payload(evse_id, connector_id, status), station)


def send_problem_event(session, station, evse_id, connector_id, component, variable, value):
    """NotifyEvent (trigger Delta) of a component of the connector, e.g. ConnectorPlugRetentionLock.Problem "true"."""
    payload = station.availability_event_payload(evse_id, connector_id, value)
    event = payload["eventData"][0]
    event["component"]["name"] = component
    event["variable"]["name"] = variable
    return session.send("NotifyEvent", payload, station)


# ---------------------------------------------------------------------- making the CSMS act

def ask_csms(session, description, action, payload):
    """OCTT's manual action: make the CSMS send `action` (trigger API call/{Action}, or an operator);
    the trigger API's report of the station's answer is kept for csms_commands.check_reported_answer."""
    return csms_commands.ask(session, description, f"call/{action}", payload, action)


def change_availability_payload(status, evse_id=None, connector_id=None):
    payload = {"operationalStatus": status}
    if evse_id is not None:
        payload["evse"] = {"id": evse_id}
        if connector_id is not None:
            payload["evse"]["connectorId"] = connector_id
    return payload


def describe_scope(evse_id=None, connector_id=None):
    if evse_id is None:
        return "the station"
    if connector_id is None:
        return f"EVSE {evse_id}"
    return f"connector {connector_id} of EVSE {evse_id}"


def ask_change_availability(session, status, evse_id=None, connector_id=None):
    description = f"make the CSMS change the availability of {describe_scope(evse_id, connector_id)} to {status}"
    return ask_csms(session, description, "ChangeAvailability", change_availability_payload(status, evse_id, connector_id))


def change_availability_rows(status, evse_id=None, connector_id=None):
    """The tool validations of a ChangeAvailabilityRequest for a scope."""
    if evse_id is None:
        return [("operationalStatus", status), ("evse", "(absent)")]
    return [("operationalStatus", status), ("evse.id", str(evse_id)),
            ("evse.connectorId", "(absent)" if connector_id is None else str(connector_id))]


def last_request(session, station, action):
    """The payload of the last `action` request the CSMS sent to the station (fails when none)."""
    requests = [e for e in session.trace.entries
                if e.peer == station.station_id and e.direction == RECEIVED and e.frame is not None
                and e.frame.type == CALL and e.frame.action == action]
    if not requests:
        session.fail(f"the CSMS has sent no {action} to {station.station_id} in this scenario")
    return requests[-1].frame.payload
