"""The station side of OCTT's reusable states (OCPP 2.0.1 Part 6, 2.18), which every block's cases
start from: Booted, EVConnectedPreSession, Authorized (Main A: the idToken presented locally; "(remote)":
Main B, RequestStartTransaction), EnergyTransferStarted, EnergyTransferSuspended, StopAuthorized ("(remote)":
Main B, RequestStopTransaction), EVConnectedPostSession, EVDisconnected.
The station is driven through its driver, at the configured EVSE and connector (CONFIGURED_EVSE_ID,
CONFIGURED_CONNECTOR_ID), and each state checks the document's tool validations. Which TransactionEvents
a state expects follows the station's TxStartPoint (read once per scenario with GetVariables, OCTT:
"<Configured TxStartPoint>"). A state "on EVSE n" (OCTT "for all EVSE") keeps a transaction per EVSE.
The step "the station is brought to state X" (features/steps/station_states_steps.py) calls go_to_state.
"""
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Optional

from . import expect
from .outcomes import NotRun
from .trace import SENT
from .words import id_token, token_kind
from ..csms.scripted import build_get_variables, parse_variable_spec

STATES = ("Booted", "EVConnectedPreSession", "Authorized", "EnergyTransferStarted", "EnergyTransferSuspended",
          "StopAuthorized", "EVConnectedPostSession", "EVDisconnected", "Unavailable")
STATE_TEXT = re.compile(r"^(?P<state>\w+)(?P<remote> \(remote\))?(?: on EVSE (?P<evse>\d+))?"
                        r"(?: with the (?P<kind>[\w ]+?) idToken)?(?P<cached> from its authorization cache)?"
                        r"(?P<profile> with a TxProfile)?$")
# The states that take an idToken: the one that authorizes (Authorized, EnergyTransferStarted when it
# has to authorize first) or the one presented to stop (StopAuthorized, C09: another of the same group).
TOKEN_STATES = ("Authorized", "EnergyTransferStarted", "StopAuthorized")
# The states OCTT reaches either way (Main A local, Main B "(remote)": a CSMS request).
REMOTE_STATES = ("Authorized", "StopAuthorized")



@dataclass
class OcttStation:
    """What the state library knows of the station in this scenario."""
    tx_start_points: Optional[set] = None
    started: bool = False           # a transaction runs at the configured EVSE
    plugged: bool = False           # the EV is connected there
    token: Optional[dict] = None    # the idToken that authorized the transaction
    stopped: bool = False           # StopAuthorized happened in this transaction
    transaction_id: Optional[str] = None   # of the latest TransactionEvent matched at this EVSE
    remote_start_id: Optional[int] = None   # of a remote start whose first TransactionEvent is still to come
    evse: Optional[int] = None      # another EVSE than the configured one (its connector 1)
    others: dict = field(default_factory=dict)   # EVSE id -> OcttStation of another EVSE


def octt_station(session):
    state = getattr(session, "octt_station", None)
    if state is None:
        state = session.octt_station = OcttStation()
    return state


def _where(session):
    state = octt_station(session)
    if state.evse is not None:
        return state.evse, 1
    return session.config.integer("evse_id"), session.config.integer("connector_id")


@contextmanager
def at_evse(session, evse):
    """The state library at another EVSE than the configured one (its connector 1): its own transaction,
    plug and idToken; the configured EVSE's state comes back afterwards."""
    home = octt_station(session)
    if evse is None or evse == session.config.integer("evse_id"):
        yield home
        return
    other = home.others.get(evse)
    if other is None:
        other = home.others[evse] = OcttStation(tx_start_points=home.tx_start_points, evse=evse)
    session.octt_station = other
    try:
        yield other
    finally:
        home.tx_start_points = home.tx_start_points or other.tx_start_points
        session.octt_station = home


def transactions_at_every_evse(session):
    """(EVSE id, OcttStation) of every EVSE the state library knows a running transaction of."""
    home = octt_station(session)
    states = [(session.config.integer("evse_id"), home)] + sorted(home.others.items())
    return [(evse, state) for evse, state in states if state.started]


def _step_error(message):
    return expect.StepError(message)


# ---------------------------------------------------------------------- reusable states

def tx_start_points(session):
    """The station's TxCtrlr.TxStartPoint, read once per scenario (GetVariables)."""
    state = octt_station(session)
    if state.tx_start_points is None:
        session.command("GetVariables", build_get_variables([parse_variable_spec("TxCtrlr.TxStartPoint", False)]))
        answer = session.check_command_answer("GetVariables", [("getVariableResult[0].attributeStatus", "(present)")])
        result = answer["getVariableResult"][0]
        if result["attributeStatus"] != "Accepted":
            raise NotRun(f"the station answered {result['attributeStatus']} to GetVariables TxCtrlr.TxStartPoint: "
                         f"the reusable states need its transaction start points")
        state.tx_start_points = {p.strip() for p in (result.get("attributeValue") or "").split(",") if p.strip()}
    return state.tx_start_points


def booted(session):
    """Reusable state Booted: the station powered up and its boot accepted, unless it is (it has not
    been powered off since)."""
    if not session.booted or not session.csms.is_connected(session.station_id):
        session.boot()
    octt_station(session)


def require_variable(session, spec, value):
    """OCTT prerequisite "<variable> is implemented with value <value>": GetVariables; a station without
    it, or with another value, is not one the case is for: not run."""
    booted(session)
    session.command("GetVariables", build_get_variables([parse_variable_spec(spec, False)]))
    answer = session.check_command_answer("GetVariables", [("getVariableResult[0].attributeStatus", "(present)")])
    result = answer["getVariableResult"][0]
    if result["attributeStatus"] != "Accepted" or result.get("attributeValue") != value:
        raise NotRun(f"the case needs {spec} implemented with value {value} (OCTT prerequisite); the station "
                     f"answered {result['attributeStatus']}"
                     + (f" with {result.get('attributeValue')!r}" if "attributeValue" in result else ""))


def station_made_as(session, setting, wanted, what):
    """OCTT prerequisite on what the station is (a user interface, a permanently attached cable): the
    setting (station_has_user_interface, station_has_fixed_cable) says it of a station under test; the
    embedded reference station is made so (its ReferenceStationSettings field: the setting without
    "station_has_"). A station that is not so is not one the case is for: not run."""
    from ..config import SETTINGS
    if session.config.station_embedded:
        if session.driver is None:
            session.driver = session.make_driver()
        setattr(session.driver.station.settings, setting[len("station_has_"):], wanted)
        return
    given = getattr(session.config, setting).strip().lower()
    if (given == "true") != wanted:
        env = next(s.env for s in SETTINGS if s.key == setting)
        raise NotRun(f"the case is for a station that {what} (OCTT prerequisite); {setting} is {given or '(empty)'}"
                     f" ({env})")


def note_event(state, entry):
    """What a TransactionEvent the station sent says about its transaction."""
    payload = entry.frame.payload
    state.started = payload.get("eventType") != "Ended"
    state.transaction_id = (payload.get("transactionInfo") or {}).get("transactionId")
    if not state.started:
        state.token, state.stopped = None, False


def _mark(session):
    """The latest trace entry: what a state makes the station send comes after it."""
    entries = session.trace.entries
    return entries[-1] if entries else None


def _triggered(*reasons):
    return lambda payload: payload.get("triggerReason") in reasons


def _token_rows(token):
    return [("idToken.idToken", token["idToken"]), ("idToken.type", token["type"])]


def ev_connected_pre_session(session):
    """Reusable state EVConnectedPreSession: the EV plugged in; StatusNotification Occupied, and a
    TransactionEvent when TxStartPoint contains EVConnected or ParkingBayOccupancy or a transaction
    runs (the document's NotifyEvent form of the status is not taken)."""
    booted(session)
    state, (evse, connector) = octt_station(session), _where(session)
    points = tx_start_points(session)
    mark = _mark(session)
    session.act("plug_in", evse, connector)
    session.expect_status("Occupied", evse, connector)
    if points & {"EVConnected", "ParkingBayOccupancy"} or state.started:
        reasons = ("CablePluggedIn", "ChargingStateChanged", "RemoteStart")
        entry = session.expect_message("TransactionEvent", after=mark, matches=_triggered(*reasons), rows=[
            ("eventType", "Updated" if state.started else "Started"),
            ("triggerReason", "CablePluggedIn or ChargingStateChanged or RemoteStart"),
            ("transactionInfo.chargingState", "EVConnected or SuspendedEVSE or Charging"),
            ("evse.id", str(evse)), ("evse.connectorId", str(connector))])
        note_event(state, entry)
    state.plugged = True


def authorized(session, kind_words="valid", cached=False, check_authorize=True):
    """Reusable state Authorized, Main A: the idToken presented at the station; Authorize with it
    (unless it is cached), then a TransactionEvent Authorized with it when TxStartPoint contains
    Authorized or ParkingBayOccupancy or a transaction runs. `cached`: the station must take it from
    its Authorization Cache, without an Authorize (C12.FR.02)."""
    booted(session)
    state, (evse, _) = octt_station(session), _where(session)
    token = id_token(session.config, kind_words)
    points = tx_start_points(session)
    start, mark = len(session.trace.entries), _mark(session)
    session.act("present_token", token["idToken"], token["type"], evse)
    if not cached and check_authorize:
        session.expect_message("Authorize", _token_rows(token), after=mark)
    if points & {"Authorized", "ParkingBayOccupancy"} or state.started:
        entry = session.expect_message("TransactionEvent", [("triggerReason", "Authorized")] + _token_rows(token)
                                       + [("eventType", "Updated" if state.started else "Started")],
                                       after=mark, matches=_triggered("Authorized"))
        note_event(state, entry)
        state.started, state.token = True, token
        end = entry.seq
    else:
        end = None
    if cached:
        asked = [e for e in session.messages("Authorize") if e.seq >= start and (end is None or e.seq < end)
                 and (e.frame.payload.get("idToken") or {}).get("idToken") == token["idToken"]]
        if asked:
            session.fail(f"the station sent Authorize for the {kind_words} idToken although it holds it in its "
                         f"Authorization Cache as Accepted and LocalPreAuthorize is true (C12.FR.02): {asked[0].text}")
    return token


def _authorizes_remote_start(session):
    """Whether the station asks the CSMS about the idToken of a remote start first: AuthCtrlr.AuthorizeRemoteStart
    true (F01.FR.01) and AuthCtrlr.Enabled not false, read with GetVariables (OCTT: its configuration of the
    station); False when AuthorizeRemoteStart is false (F01.FR.02), None when the station does not tell."""
    session.command("GetVariables", build_get_variables([parse_variable_spec("AuthCtrlr.AuthorizeRemoteStart", False),
                                                         parse_variable_spec("AuthCtrlr.Enabled", False)]))
    answer = session.check_command_answer("GetVariables", [("getVariableResult[0].attributeStatus", "(present)")])
    values = {(r.get("variable") or {}).get("name"): r.get("attributeValue")
              for r in answer.get("getVariableResult", []) if r.get("attributeStatus") == "Accepted"}
    if values.get("AuthorizeRemoteStart") not in ("true", "false"):
        return None
    return values["AuthorizeRemoteStart"] == "true" and values.get("Enabled") != "false"


def _remote_start_event(session, state, token, remote_start_id, mark, running):
    """The TransactionEvent of a remote start (F02.FR.01; OCTT general rule: the first one after the
    RequestStartTransaction has triggerReason RemoteStart and transactionInfo.remoteStartId): the first event
    after `mark` of the running transaction, or one that starts a transaction or says RemoteStart."""
    def first(payload):
        if payload.get("triggerReason") in ("MeterValuePeriodic", "MeterValueClock"):
            return False
        if running is not None:
            return (payload.get("transactionInfo") or {}).get("transactionId") == running
        return payload.get("eventType") == "Started" or payload.get("triggerReason") == "RemoteStart"
    rows = [("triggerReason", "RemoteStart"), ("transactionInfo.remoteStartId", str(remote_start_id)),
            ("eventType", "Updated" if running is not None else "Started")] + _token_rows(token)
    entry = session.expect_message("TransactionEvent", rows, after=mark, matches=first,
                                   what=f" for the remote start (remoteStartId {remote_start_id})")
    note_event(state, entry)
    state.started, state.token, state.remote_start_id = True, token, None
    return entry


def authorized_remote(session, kind_words="valid", charging_profile=None):
    """Reusable state Authorized, Main B: RequestStartTransaction with the idToken for the configured EVSE
    (a new remoteStartId; `charging_profile` goes with it, OCTT TC_K_38_CS), answered Accepted and, where a
    transaction runs already, with its transactionId; Authorize with the idToken when the station's
    AuthorizeRemoteStart is true (F01.FR.01), none before the transaction's event when it is false (F01.FR.02);
    then, when TxStartPoint contains Authorized or ParkingBayOccupancy (or PowerPathClosed, the EV plugged in)
    or a transaction runs, the TransactionEvent RemoteStart with the idToken and the remoteStartId. Otherwise
    that event comes with the cable (EnergyTransferStarted checks it). Step 5, StatusNotification Occupied,
    has no tool validation: not checked."""
    booted(session)
    state, (evse, _) = octt_station(session), _where(session)
    token = id_token(session.config, kind_words)
    points = tx_start_points(session)
    authorize = _authorizes_remote_start(session)
    running = state.transaction_id if state.started else None
    remote_start_id = len(session.commands) + 1
    payload = {"idToken": dict(token), "evseId": evse, "remoteStartId": remote_start_id}
    if charging_profile is not None:
        payload["chargingProfile"] = charging_profile
    mark = _mark(session)
    session.command("RequestStartTransaction", payload)
    answer = session.check_command_answer("RequestStartTransaction", [("status", "Accepted")])
    if running is not None and answer.get("transactionId") != running:
        session.fail(f"the station answered RequestStartTransaction with {json.dumps(answer)}; transaction {running} "
                     f"runs at EVSE {evse} (its first TransactionEvent said so), so the answer must carry it as "
                     f"transactionId (OCTT reusable state Authorized, Main B step 2)")
    if authorize:
        session.expect_message("Authorize", _token_rows(token), after=mark,
                               what=" for the idToken of the remote start (AuthorizeRemoteStart is true, F01.FR.01)")
    if not (running is not None or points & {"Authorized", "ParkingBayOccupancy"}
            or (state.plugged and "PowerPathClosed" in points)):
        state.token, state.remote_start_id = token, remote_start_id     # its event comes later
        return token
    entry = _remote_start_event(session, state, token, remote_start_id, mark, running)
    if authorize is False:
        start = mark.seq if mark is not None else -1
        asked = [e for e in session.messages("Authorize") if start < e.seq < entry.seq
                 and (e.frame.payload.get("idToken") or {}).get("idToken") == token["idToken"]]
        if asked:
            session.fail(f"the station sent Authorize for the idToken of the remote start although its "
                         f"AuthorizeRemoteStart is false (F01.FR.02: it starts without authorizing first): {asked[0].text}")
    return token


def energy_transfer_started(session, kind_words="valid"):
    """Reusable state EnergyTransferStarted: Authorized first (with this idToken), then (part 1) the EV
    plugged in if it is not, and (part 2, step 9) a TransactionEvent ChargingStateChanged with
    chargingState Charging. A station that already reported chargingState Charging in the event that
    authorized the transaction or reported the plug-in (one message for both changes) has done step 9.
    After an Authorized (remote) whose transaction had not started, its first TransactionEvent is the
    RemoteStart one (OCTT general rule), at the plug-in or at the energy transfer."""
    state, (evse, connector) = octt_station(session), _where(session)
    if state.remote_start_id is None and (not state.started or state.token is None):
        authorized(session, kind_words)
    last, mark = None, None
    if not state.plugged:
        mark = _mark(session)
        session.act("plug_in", evse, connector)
        session.expect_status("Occupied", evse, connector)
        if state.remote_start_id is None:
            last = session.expect_message("TransactionEvent", [
                ("triggerReason", "CablePluggedIn"), ("transactionInfo.chargingState", "EVConnected or Charging")],
                after=mark, matches=_triggered("CablePluggedIn"))
        state.plugged = True
    if state.remote_start_id is not None:
        last = _remote_start_event(session, state, state.token, state.remote_start_id, mark, None)
    last = last or session.last_matched.get("TransactionEvent")
    reported = last is not None and (last.frame.payload.get("transactionInfo") or {}).get("chargingState")
    if reported != "Charging":
        session.expect_fitting("TransactionEvent", [("triggerReason", "ChargingStateChanged"),
                                                    ("transactionInfo.chargingState", "Charging")])


def ev_suspend(session):
    """Manual action "The EV suspends the energy transfer" (driver action ev_suspend) at the configured EVSE."""
    booted(session)
    evse, connector = _where(session)
    session.octt_ev_suspended_at = _mark(session)
    session.act("ev_suspend", evse, connector)


def expect_ev_suspension(session, strict=False):
    """After ev_suspend, the station reports the EV's suspension: a TransactionEvent with chargingState
    EVConnected or SuspendedEV, Ended or Updated. As the 2023-12 errata give reusable state
    EnergyTransferSuspended: triggerReason ChargingStateChanged when SuspendedEV, stoppedReason
    StoppedByEV when Ended. `strict` (TC_E_22_CS): triggerReason ChargingStateChanged always, and Ended
    with EVConnected and StoppedByEV, or Updated with SuspendedEV (E06.FR.07)."""
    if not hasattr(session, "octt_ev_suspended_at"):
        raise _step_error("the EV has not suspended the energy transfer in this scenario; say first "
                          "'When the EV suspends the energy transfer'")
    state = octt_station(session)
    entry = session.expect_message(
        "TransactionEvent", after=session.octt_ev_suspended_at,
        what=" reporting the EV's suspension of the energy transfer",
        matches=lambda p: p.get("triggerReason") not in ("MeterValuePeriodic", "MeterValueClock"))
    payload = entry.frame.payload
    charging = (payload.get("transactionInfo") or {}).get("chargingState")
    rows = [("eventType", "Ended or Updated"), ("transactionInfo.chargingState", "EVConnected or SuspendedEV")]
    if strict:
        rows.append(("triggerReason", "ChargingStateChanged"))
        if charging == "EVConnected":
            rows += [("eventType", "Ended"), ("transactionInfo.stoppedReason", "StoppedByEV")]
        elif charging == "SuspendedEV":
            rows.append(("eventType", "Updated"))
    else:
        if charging == "SuspendedEV":
            rows.append(("triggerReason", "ChargingStateChanged"))
        if payload.get("eventType") == "Ended":
            rows.append(("transactionInfo.stoppedReason", "StoppedByEV"))
    problems = expect.fields_mismatches(session.version, "TransactionEvent", True, payload, rows, session.config)
    if problems:
        session.fail(f"the station sent TransactionEventRequest {json.dumps(payload)} when the EV suspended the "
                     f"energy transfer (E06.FR.07: Ended with stoppedReason StoppedByEV when TxStopPoint contains "
                     f"EnergyTransfer, else chargingState SuspendedEV)\n  " + "\n  ".join(problems))
    session.consumed.add(entry.seq)
    session.last_matched["TransactionEvent"] = entry
    note_event(state, entry)
    return entry


def energy_transfer_suspended(session):
    """Reusable state EnergyTransferSuspended (2023-12 errata): EnergyTransferStarted unless it is, the
    wait of <Configured Transaction Duration>, then the EV suspends the energy transfer (ev_suspends)."""
    state = octt_station(session)
    if not (state.started and state.plugged and state.token is not None and not state.stopped):
        energy_transfer_started(session)
    wait_transaction_duration(session)
    ev_suspend(session)
    expect_ev_suspension(session)


def stop_authorized(session, kind_words=None, cached=False):
    """Reusable state StopAuthorized: the idToken of the transaction presented again, or another one
    (C09: of the same group), which the station asks the CSMS about with Authorize unless it is
    `cached`; a TransactionEvent StopAuthorized (Ended, or Updated when TxStopPoint does not end it
    there), with the other idToken when one is named."""
    state, (evse, _) = octt_station(session), _where(session)
    token = id_token(session.config, kind_words) if kind_words else state.token or id_token(session.config, "valid")
    other = kind_words is not None and token != state.token
    tx_id = state.transaction_id if state.started else None
    _fail_if_ended_on_its_own(session, evse, tx_id, session.floor)
    mark = _mark(session)
    session.act("present_token", token["idToken"], token["type"], evse)
    if other and not cached:
        session.expect_message("Authorize", _token_rows(token), after=mark)
    rows = [("triggerReason", "StopAuthorized")] + (_token_rows(token) if other else [])

    def stops_or_ends(payload):
        return (not expect.fields_mismatches(session.version, "TransactionEvent", True, payload, rows, session.config)
                or _ends(payload, tx_id))
    entry = session.expect_message("TransactionEvent", rows, matches=stops_or_ends, after=mark)
    _fail_if_ended_on_its_own(session, evse, tx_id, entry.seq)
    note_event(state, entry)
    state.stopped = state.started


def stop_authorized_remote(session):
    """Reusable state StopAuthorized, Main B: EnergyTransferStarted unless a transaction runs, then
    RequestStopTransaction with the transactionId the station gave it, answered Accepted, and a
    TransactionEvent triggerReason RemoteStop (the first of the transaction after the request that is no
    periodic reading; F03.FR.02/09)."""
    state, (evse, _) = octt_station(session), _where(session)
    if not state.started:
        energy_transfer_started(session)
    tx_id = state.transaction_id
    _fail_if_ended_on_its_own(session, evse, tx_id, session.floor)
    mark = _mark(session)
    session.command("RequestStopTransaction", {"transactionId": tx_id})
    session.check_command_answer("RequestStopTransaction", [("status", "Accepted")])

    def first(payload):
        return payload.get("triggerReason") not in ("MeterValuePeriodic", "MeterValueClock") \
            and (payload.get("transactionInfo") or {}).get("transactionId") == tx_id
    entry = session.expect_message("TransactionEvent", [("triggerReason", "RemoteStop")], after=mark, matches=first,
                                   what=f" of transaction {tx_id} after RequestStopTransaction")
    note_event(state, entry)
    state.stopped = state.started


def _ends(payload, tx_id):
    return tx_id is not None and payload.get("eventType") == "Ended" \
        and (payload.get("transactionInfo") or {}).get("transactionId") == tx_id \
        and payload.get("triggerReason") != "StopAuthorized"


def _fail_if_ended_on_its_own(session, evse, tx_id, start):
    """A transaction the state library is to stop that the station ended before (a reboot, a timeout)."""
    ended = next((e for e in session.messages("TransactionEvent")
                  if e.seq >= start and e.seq not in session.consumed and _ends(e.frame.payload, tx_id)), None)
    if ended is None:
        return
    payload = ended.frame.payload
    resets = [e for e in list(session.trace.entries) if e.seq < ended.seq and e.direction == SENT
              and e.frame is not None and e.frame.action == "Reset" and (e.frame.payload or {}).get("type") == "OnIdle"]
    session.fail(f"the station ended the transaction at EVSE {evse} (transactionId {tx_id}, triggerReason "
                 f"{payload.get('triggerReason')}, stoppedReason {(payload.get('transactionInfo') or {}).get('stoppedReason')})"
                 f" before the idToken was presented to stop it"
                 + (" (B12.FR.01: after a Reset OnIdle the station waits until every transaction has ended)"
                    if resets else "") + f": {ended.text}")


def ev_connected_post_session(session):
    """Reusable state EVConnectedPostSession: StopAuthorized (unless it happened in this transaction, or
    the transaction ended), then, if the transaction goes on, a TransactionEvent ChargingStateChanged
    with chargingState EVConnected."""
    state = octt_station(session)
    if state.started and not state.stopped:
        stop_authorized(session)
    if state.started:
        last = session.last_matched.get("TransactionEvent")
        if (last.frame.payload.get("transactionInfo") or {}).get("chargingState") != "EVConnected":
            note_event(state, session.expect_fitting("TransactionEvent", [
                ("triggerReason", "ChargingStateChanged"), ("transactionInfo.chargingState", "EVConnected")]))


def ev_disconnected(session):
    """Reusable state EVDisconnected: the EV unplugged; StatusNotification Available and, while the
    transaction runs, a TransactionEvent EVCommunicationLost with chargingState Idle. A transaction the
    station ended on its own before (Deauthorized) counts as ended. A connector the scenario made Inoperative
    (ChangeAvailability, block G) stays Unavailable: no Available is expected."""
    from .station_availability import made_inoperative
    from .station_firmware import expect_held_unavailable
    state, (evse, connector) = octt_station(session), _where(session)
    session.act("unplug", evse, connector)
    # (L01.FR.07: a connector freed while a firmware update waits is Unavailable)
    if not expect_held_unavailable(session, evse, connector) and not made_inoperative(session, evse, connector):
        session.expect_status("Available", evse, connector)
    if state.started:
        # a transaction that ended on its own before the unplug (Deauthorized) may end just before it
        entry = session.expect_message(
            "TransactionEvent", matches=lambda p: p.get("eventType") == "Ended" or p.get("triggerReason") == "EVCommunicationLost",
            what=" that ends the transaction or reports EVCommunicationLost")
        if entry.frame.payload.get("triggerReason") == "EVCommunicationLost":
            problems = expect.fields_mismatches(session.version, "TransactionEvent", True, entry.frame.payload,
                                                [("transactionInfo.chargingState", "Idle")], session.config)
            if problems:
                session.fail(f"the station sent TransactionEventRequest {json.dumps(entry.frame.payload)}\n  "
                             + "\n  ".join(problems))
        note_event(state, entry)
    state.plugged = False


def go_to_state(session, text):
    """'EVConnectedPreSession', 'Authorized with the blocked idToken', 'Authorized with the valid idToken
    from its authorization cache', ..."""
    from .station_availability import go_to_unavailable
    if go_to_unavailable(session, text):        # 'Unavailable [for the configured EVSE|connector]' (block G)
        return
    match = STATE_TEXT.match(text.strip())
    name = match.group("state") if match else text.strip()
    if name not in STATES:
        import difflib
        hint = difflib.get_close_matches(name, STATES, 1, 0.5)
        raise _step_error(f"'{name}' is not a reusable state of the station"
                          + (f"; did you mean {hint[0]}?" if hint else f"; one of {', '.join(STATES)}"))
    if (match.group("kind") or match.group("cached")) and name not in TOKEN_STATES:
        raise _step_error(f"only states {', '.join(TOKEN_STATES)} take an idToken ('{text}')")
    if match.group("cached") and name == "EnergyTransferStarted":
        raise _step_error(f"state EnergyTransferStarted takes no idToken from the cache ('{text}'); bring "
                          f"the station to state Authorized from its authorization cache first")
    remote = bool(match.group("remote"))
    if remote and name not in REMOTE_STATES:
        raise _step_error(f"only states {', '.join(REMOTE_STATES)} are reached remotely ('{text}')")
    if remote and (match.group("cached") or (name == "StopAuthorized" and match.group("kind"))):
        raise _step_error(f"a remote {name} takes {'no idToken' if name == 'StopAuthorized' else 'no cached idToken'}"
                          f" ('{text}')")
    if match.group("profile") and not (remote and name == "Authorized"):
        raise _step_error(f"only state Authorized (remote) takes a TxProfile ('{text}')")
    kind = match.group("kind") or "valid"
    token_kind(kind)
    evse = int(match.group("evse")) if match.group("evse") else None
    if name == "Booted" and evse is not None:
        raise _step_error(f"state Booted is the whole station's, not an EVSE's ('{text}')")
    if evse is not None and evse > session.config.integer("number_of_evses"):
        # OCTT: "for EVSE 2 if the Charging Station has more than one EVSE"
        print(f"    (state {name} on EVSE {evse} left out: the station has "
              f"{session.config.integer('number_of_evses')} EVSE(s), CONFIGURED_NUMBER_OF_EVSES)")
        return
    with at_evse(session, evse):
        if name == "Booted":
            booted(session)
        elif name == "EVConnectedPreSession":
            ev_connected_pre_session(session)
        elif name == "Authorized" and remote:
            profile = None
            if match.group("profile"):
                from .station_smart_charging import remote_start_tx_profile
                profile = remote_start_tx_profile(session)
            authorized_remote(session, kind, profile)
        elif name == "Authorized":
            authorized(session, kind, cached=bool(match.group("cached")))
        elif name == "EnergyTransferStarted":
            energy_transfer_started(session, kind)
        elif name == "EnergyTransferSuspended":
            energy_transfer_suspended(session)
        elif name == "StopAuthorized" and remote:
            stop_authorized_remote(session)
        elif name == "StopAuthorized":
            stop_authorized(session, match.group("kind"), cached=bool(match.group("cached")))
        elif name == "EVConnectedPostSession":
            ev_connected_post_session(session)
        else:
            ev_disconnected(session)


def wait_transaction_duration(session):
    """OCTT "Wait for <Configured Transaction Duration> seconds" (station_transaction_duration, protocol
    seconds, at least 1)."""
    import time
    time.sleep(session.protocol_seconds(max(1.0, session.config.seconds("station_transaction_duration"))))
