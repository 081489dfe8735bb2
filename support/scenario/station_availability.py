"""Block G Availability of a station under test (OCTT TC_G_xx_CS): ChangeAvailability of the whole
station, of the configured EVSE (CONFIGURED_EVSE_ID) or of the configured connector (CONFIGURED_CONNECTOR_ID),
the reusable state Unavailable (Part 6, Table 234), and the connector statuses the station reports for it.
The document's NotifyEvent form of a connector status (Connector.AvailabilityState) is not taken: the suite
checks StatusNotification. The steps are in features/steps/station_availability_steps.py (the command in
station_csms_steps.py, beside the whole station's)."""
import re

from . import expect
from .station_states import booted, octt_station, _mark
from .trace import SENT
from .words import enum_value

COMPONENTS = ("EVSE", "connector")


def _component(word):
    if word is None or word in COMPONENTS:
        return word
    import difflib
    hint = difflib.get_close_matches(word, COMPONENTS, 1, 0.5)
    raise expect.StepError(f"'{word}' is not a component of the configured ones; use "
                           + (f"{hint[0]}" if hint else " or ".join(COMPONENTS)))


def _configured(session):
    return session.config.integer("evse_id"), session.config.integer("connector_id")


def connectors_of(session, component=None):
    """(evseId, connectorId) of every connector of the whole station (None), of the configured EVSE
    ("EVSE") or the configured connector ("connector")."""
    component = _component(component)
    evse, connector = _configured(session)
    if component == "connector":
        return [(evse, connector)]
    if component == "EVSE":
        return sorted({(e, c) for e, c in session.connectors() if e == evse} | {(evse, connector)})
    return session.connectors()


def _what(component):
    return {"EVSE": "the configured EVSE", "connector": "the configured connector"}.get(component, "the station")


def change_availability(session, status, component=None):
    """ChangeAvailability with this operationalStatus: of the whole station (no evse), of the configured EVSE
    (evse.id) or of the configured connector (evse.id and evse.connectorId)."""
    payload = {"operationalStatus": enum_value("OperationalStatus", status)}
    component = _component(component)
    if component is not None:
        evse, connector = _configured(session)
        payload["evse"] = {"id": evse} if component == "EVSE" else {"id": evse, "connectorId": connector}
    return session.command("ChangeAvailability", payload)


def _request_entry(session):
    """The trace entry of the CSMS's latest ChangeAvailability request."""
    request = session.command_request("ChangeAvailability")
    sent = [e for e in list(session.trace.entries) if e.peer == session.station_id and e.direction == SENT
            and e.frame is not None and e.frame.action == "ChangeAvailability" and e.frame.payload == request]
    return sent[-1] if sent else None


def _statuses_since(session, entry, status, where):
    """The station's StatusNotifications with this status for connectors `where` holds for, after entry."""
    return [e for e in session.messages("StatusNotification") if entry is None or e.seq > entry.seq
            if e.frame.payload.get("connectorStatus") == status
            and where(e.frame.payload.get("evseId"), e.frame.payload.get("connectorId"))]


def expect_statuses(session, status, component=None, after=None, why=""):
    """The station reports this status for every connector of the component (after trace entry `after`)."""
    status = enum_value("ConnectorStatus", status)
    for evse, connector in connectors_of(session, component):
        session.expect_status(status, evse, connector, after=after,
                              what=f" with connectorStatus {status} for EVSE {evse} connector {connector}{why}")


def unavailable(session, component=None):
    """Reusable state Unavailable (Part 6, Table 234), "for <Configured evseId>" or "for <Configured
    connectorId>" or the whole station: ChangeAvailability Inoperative, answered Accepted, then StatusNotification
    Unavailable for every connector of the component. Only those: a connector outside it that the station reports
    Unavailable within quiet_period fails (G03.FR.01: the change is for the EVSE or connector named)."""
    booted(session)
    mark = _mark(session)
    change_availability(session, "Inoperative", component)
    session.check_command_answer("ChangeAvailability", [("status", "Accepted")])
    expect_statuses(session, "Unavailable", component, after=mark)
    if component is None:
        return
    inside = set(connectors_of(session, component))
    request = _request_entry(session)

    def outside(entry):
        payload = entry.frame.payload if entry.frame is not None else {}
        return session._from_station(entry, "StatusNotification") and (request is None or entry.seq > request.seq) \
            and payload.get("connectorStatus") == "Unavailable" \
            and (payload.get("evseId"), payload.get("connectorId")) not in inside
    wrong = session.trace.wait_for(outside, session.config.seconds("quiet_period"),
                                   request.seq if request is not None else session.floor)
    if wrong is not None:
        session.fail(f"the station reported EVSE {wrong.frame.payload.get('evseId')} connector "
                     f"{wrong.frame.payload.get('connectorId')} Unavailable after a ChangeAvailability Inoperative of "
                     f"{_what(component)} only (G03.FR.01, G03.FR.06: the EVSE or connector named becomes "
                     f"Unavailable, no other): {wrong.text}")


UNAVAILABLE_TEXT = re.compile(r"^Unavailable(?: for the configured (?P<component>EVSE|connector))?$")


def go_to_unavailable(session, text):
    """The state library's reusable state Unavailable ("Unavailable", "Unavailable for the configured EVSE",
    "Unavailable for the configured connector"); False for another state's text."""
    match = UNAVAILABLE_TEXT.match(text.strip())
    if match is None:
        if text.strip().startswith("Unavailable"):
            raise expect.StepError(f"'{text.strip()}': state Unavailable is the whole station's, or 'Unavailable for "
                                   f"the configured EVSE' or 'Unavailable for the configured connector'")
        return False
    unavailable(session, match.group("component"))
    return True


def expect_status_once_ended(session, status, component):
    """OCTT TC_G_11/14/17_CS steps 4, 7, 10, 13 ("only executed if the previous step ended the transaction"):
    once the transaction at the configured EVSE has ended, the station reports this status (Unavailable) for
    every connector of the component, after the ChangeAvailability it answered Scheduled; while it goes on,
    the station has not reported it (G03.FR.05, G04.FR.06: the change waits for the end of the transaction).
    After the step that reported it, nothing more is checked."""
    status = enum_value("ConnectorStatus", status)
    state = octt_station(session)
    request = _request_entry(session)
    if request is None:
        raise expect.StepError("the test CSMS has not sent ChangeAvailability in this scenario")
    inside = set(connectors_of(session, component))
    if state.started:
        early = _statuses_since(session, request, status, lambda e, c: (e, c) in inside)
        if early:
            session.fail(f"the station reported {status} for {_what(component)} while its transaction was still going "
                         f"on (G03.FR.05, G04.FR.06: a ChangeAvailability Inoperative during a transaction is "
                         f"Scheduled, and applied once the transaction has ended): {early[0].text}")
        return
    if getattr(session, "octt_reported_after_transaction", None) == request.seq:
        return
    expect_statuses(session, status, component, after=request,
                    why=" once its transaction had ended (G03.FR.05, G04.FR.06: the ChangeAvailability answered "
                        "Scheduled applies then)")
    if status == "Unavailable":
        available = _statuses_since(session, request, "Available", lambda e, c: (e, c) in inside)
        if available:
            session.fail(f"the station reported {_what(component)} Available after the ChangeAvailability Inoperative it "
                         f"answered Scheduled (G03.FR.05, G04.FR.06: once the transaction has ended the connector is "
                         f"Unavailable): {available[0].text}")
    session.octt_reported_after_transaction = request.seq


def expect_status_without_transaction(session, status):
    """OCTT TC_G_14_CS step 3: the station reports this status (Unavailable) for every connector of each EVSE
    that has no transaction the state library knows of (the transactions stay, G04.FR.06)."""
    expect_status_where_no_transaction(session, status, after=_request_entry(session),
                                       why=" (no transaction there; G04.FR.06: only the EVSEs with a transaction wait "
                                           "for it to end)")


def expect_status_where_no_transaction(session, status, why, after=None):
    """Every connector of an EVSE without a transaction the state library knows of reports this status
    (after trace entry `after`); `why` closes the failure's words."""
    from .station_states import transactions_at_every_evse
    busy = {evse for evse, _ in transactions_at_every_evse(session)}
    idle = [(e, c) for e, c in session.connectors() if e not in busy]
    if not idle:
        print("    (every EVSE of the station has a transaction: no connector without one to report)")
    status = enum_value("ConnectorStatus", status)
    for evse, connector in idle:
        session.expect_status(status, evse, connector, after=after,
                              what=f" with connectorStatus {status} for EVSE {evse} connector {connector}{why}")


def made_inoperative(session, evse, connector):
    """Whether the connector is Inoperative by the ChangeAvailability requests of the scenario the station
    answered Accepted or Scheduled (an Operative request undoes an Inoperative one of the same scope): the
    reusable state EVDisconnected then expects no StatusNotification Available (G03, G04)."""
    inoperative = set()
    for action, future in list(session.commands):
        if action != "ChangeAvailability" or not future.done() or future.cancelled():
            continue
        try:
            outcome = future.result(0)
        except Exception:
            continue
        if not outcome.ok or (outcome.response or {}).get("status") not in ("Accepted", "Scheduled"):
            continue
        target = outcome.request.get("evse") or {}
        scope = (target.get("id"), target.get("connectorId"))
        if outcome.request.get("operationalStatus") == "Inoperative":
            inoperative.add(scope)
        else:
            inoperative.discard(scope)
    return any(scope in inoperative for scope in ((None, None), (evse, None), (evse, connector)))
