"""Block C (Authorization) against a station under test: the station side of OCTT's reusable states
and memory states, and what the test CSMS answers per idToken (OCTT TC_C_xx_CS). The steps in
features/steps/station_authorization_steps.py call these with the scenario's StationScenarioSession.

- reusable states (OCPP 2.0.1 Part 6, 2.18): Booted, EVConnectedPreSession, Authorized (Main A: the
  idToken presented locally), EnergyTransferStarted, StopAuthorized, EVConnectedPostSession,
  EVDisconnected; the station is driven through its driver, at the configured EVSE and connector
  (CONFIGURED_EVSE_ID, CONFIGURED_CONNECTOR_ID), and each state checks the document's tool validations.
  Which TransactionEvents a state expects follows the station's TxStartPoint (read once per
  scenario with GetVariables, OCTT: "<Configured TxStartPoint>");
- the memory state IdTokenCached (Part 6, 2.19): the idToken authorized once, answered with the status
  of its kind (valid Accepted, invalid Invalid, blocked Blocked, expired Expired), and the session
  ended, so the station holds it in its Authorization Cache;
- a configuration state "(If implemented)": a variable the station does not know is left alone;
- that a running transaction goes on (TC_C_04_CS, TC_C_15/42/44_CS);
- a reusable state "on EVSE n" (OCTT "for all EVSE"): the state library keeps a transaction per EVSE;
  StopAuthorized with another idToken (C09: one of the same group, asked for with Authorize unless cached);
- idToken groups of the test CSMS's answers (C09, C16 master pass), the end of every transaction
  (C16.FR.02), an idToken presented while the test CSMS is down (C12/C15 offline authorization) and the
  wait of <Configured Transaction Duration> (TC_C_46_CS).
"""
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Optional

from . import expect
from .outcomes import NotRun
from .trace import SENT
from .words import enum_value, id_token, token_kind
from ..csms.scripted import build_get_variables, parse_variable_spec

STATES = ("Booted", "EVConnectedPreSession", "Authorized", "EnergyTransferStarted", "EnergyTransferSuspended",
          "StopAuthorized", "EVConnectedPostSession", "EVDisconnected")
# The status the test CSMS gives an idToken of each kind in the memory state IdTokenCached.
CACHED_STATUS = {"valid": "Accepted", "valid_2": "Accepted", "invalid": "Invalid", "blocked": "Blocked",
                 "expired": "Expired"}
STATE_TEXT = re.compile(r"^(?P<state>\w+)(?: on EVSE (?P<evse>\d+))?(?: with the (?P<kind>[\w ]+?) idToken)?"
                        r"(?P<cached> from its authorization cache)?$")
# The states that take an idToken: the one that authorizes (Authorized, EnergyTransferStarted when it
# has to authorize first) or the one presented to stop (StopAuthorized, C09: another of the same group).
TOKEN_STATES = ("Authorized", "EnergyTransferStarted", "StopAuthorized")


@dataclass
class OcttStation:
    """What the state library knows of the station in this scenario."""
    tx_start_points: Optional[set] = None
    started: bool = False           # a transaction runs at the configured EVSE
    plugged: bool = False           # the EV is connected there
    token: Optional[dict] = None    # the idToken that authorized the transaction
    stopped: bool = False           # StopAuthorized happened in this transaction
    transaction_id: Optional[str] = None   # of the latest TransactionEvent matched at this EVSE
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


# ---------------------------------------------------------------------- configuration and CSMS answers

def set_configuration_if_implemented(session, spec, value):
    """OCTT "<variable> is <value> (If implemented)": SetVariables; a variable or component the station
    does not know (UnknownVariable, UnknownComponent) is not implemented and left alone; any other
    answer than Accepted leaves the case without its state: not run."""
    from .station_provisioning import set_variable
    booted(session)
    set_variable(session, spec, value)
    answer = session.check_command_answer("SetVariables", [("setVariableResult[0].attributeStatus", "(present)")])
    status = answer["setVariableResult"][0]["attributeStatus"]
    if status not in ("Accepted", "UnknownVariable", "UnknownComponent"):
        raise NotRun(f"the station answered {status} to setting {spec} to {value!r}, the case's configuration "
                     f"state (OCTT 'Before: Configuration State')")


def answer_token_with(session, kind_words, status):
    """The test CSMS answers Authorize and TransactionEvent for this configured idToken with this status."""
    status = enum_value("AuthorizationStatus", status, session.version)
    token = id_token(session.config, kind_words)
    session.script.token_statuses[token["idToken"]] = status


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


def energy_transfer_started(session, kind_words="valid"):
    """Reusable state EnergyTransferStarted: Authorized first (with this idToken), then (part 1) the EV
    plugged in if it is not, and (part 2, step 9) a TransactionEvent ChargingStateChanged with
    chargingState Charging. A station that already reported chargingState Charging in the event that
    authorized the transaction or reported the plug-in (one message for both changes) has done step 9."""
    state, (evse, connector) = octt_station(session), _where(session)
    if not state.started or state.token is None:
        authorized(session, kind_words)
    last = None
    if not state.plugged:
        mark = _mark(session)
        session.act("plug_in", evse, connector)
        session.expect_status("Occupied", evse, connector)
        last = session.expect_message("TransactionEvent", [
            ("triggerReason", "CablePluggedIn"), ("transactionInfo.chargingState", "EVConnected or Charging")],
            after=mark, matches=_triggered("CablePluggedIn"))
        state.plugged = True
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
    station ended on its own before (Deauthorized) counts as ended."""
    state, (evse, connector) = octt_station(session), _where(session)
    mark = _mark(session)
    session.act("unplug", evse, connector)
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
        elif name == "Authorized":
            authorized(session, kind, cached=bool(match.group("cached")))
        elif name == "EnergyTransferStarted":
            energy_transfer_started(session, kind)
        elif name == "EnergyTransferSuspended":
            energy_transfer_suspended(session)
        elif name == "StopAuthorized":
            stop_authorized(session, match.group("kind"), cached=bool(match.group("cached")))
        elif name == "EVConnectedPostSession":
            ev_connected_post_session(session)
        else:
            ev_disconnected(session)


# ---------------------------------------------------------------------- memory state

def id_token_cached(session, kind_words):
    """Memory state IdTokenCached: EVConnectedPreSession, the idToken presented and answered with the
    status of its kind (Accepted, Invalid, Blocked, Expired); Main A (Accepted): the session stopped
    with it and the EV unplugged; Main B: the EV unplugged. The station may already hold the idToken
    (a real station, from an earlier scenario): whether it asks with Authorize is not judged here."""
    kind = token_kind(kind_words)
    if kind not in CACHED_STATUS:
        raise _step_error(f"the memory state IdTokenCached takes a valid, second valid, invalid, blocked or "
                          f"expired idToken, not the {kind_words} idToken")
    status = CACHED_STATUS[kind]
    token = id_token(session.config, kind_words)
    session.script.token_statuses[token["idToken"]] = status
    state = octt_station(session)
    ev_connected_pre_session(session)
    if status == "Accepted":
        authorized(session, kind_words, check_authorize=False)
        energy_transfer_started(session)
        ev_connected_post_session(session)
    else:
        evse, _ = _where(session)
        start = len(session.trace.entries)
        session.act("present_token", token["idToken"], token["type"], evse)
        # the station asks the CSMS (or knows the idToken already): wait for its Authorize if it sends one
        session.trace.wait_for(lambda e: session._from_station(e, "Authorize"), session.timeout, start)
        for entry in session.messages("Authorize"):
            if entry.seq >= start:
                session.consumed.add(entry.seq)
    ev_disconnected(session)
    # what the memory state made the station send is not the case's
    for entry in session.messages():
        if entry.frame.action in ("Authorize", "TransactionEvent", "StatusNotification"):
            session.consumed.add(entry.seq)


# ---------------------------------------------------------------------- checks

def expect_transaction_goes_on(session, seconds):
    """The station neither ends nor deauthorizes nor suspends the running transaction for N protocol
    seconds (TC_C_04_CS: a different idToken does not stop it)."""
    def stops(entry):
        if not (entry.seq not in session.consumed and session._from_station(entry, "TransactionEvent")
                and session._counts(entry)):
            return False
        p = entry.frame.payload
        return (p.get("eventType") == "Ended" or p.get("triggerReason") in ("StopAuthorized", "Deauthorized")
                or (p.get("transactionInfo") or {}).get("chargingState") not in (None, "Charging"))
    last = session.last_matched.get("TransactionEvent")
    start = max(session.floor, last.seq + 1 if last is not None else 0)
    entry = session.trace.wait_for(stops, session.protocol_seconds(seconds), start)
    if entry is not None:
        session.fail(f"the station ended, deauthorized or suspended the running transaction, which must go on "
                     f"(OCTT: no TransactionEvent that stops it): {entry.text}")


# ---------------------------------------------------------------------- groups, master pass, offline

def put_token_in_group(session, kind_words, group):
    """The test CSMS's idTokenInfo for this configured idToken carries groupIdToken {group, Central}
    (Authorize and TransactionEvent answers; OCTT: "idTokenInfo.groupIdToken.idToken <Configured
    groupIdToken>")."""
    token = id_token(session.config, kind_words)
    group = expect.substitute(group, session.config)
    if not group:
        raise _step_error("the groupIdToken is empty; name one, e.g. <GROUP_ID>")
    session.script.token_groups[token["idToken"]] = group


def wait_transaction_duration(session):
    """OCTT "Wait for <Configured Transaction Duration> seconds" (station_transaction_duration, protocol
    seconds, at least 1)."""
    import time
    time.sleep(session.protocol_seconds(max(1.0, session.config.seconds("station_transaction_duration"))))


def present_while_csms_down(session, kind_words, seconds):
    """OCTT (TC_C_15-18_CS): the test CSMS closes the connection and refuses reconnections; the driver
    presents the idToken at the configured EVSE; N protocol seconds later the test CSMS takes the
    station's next connection attempt again. The state library counts the transaction as started with
    that idToken (what the station queued offline is checked by the case)."""
    from .trace import EVENT
    booted(session)
    state, (evse, _) = octt_station(session), _where(session)
    token = id_token(session.config, kind_words)
    start = len(session.trace.entries)
    session.csms_down()
    closed = session.trace.wait_for(lambda e: e.peer == session.station_id and e.direction == EVENT
                                    and e.text.startswith("connection closed"), session.timeout, start)
    if closed is None:
        session.fail("the station's connection did not close when the test CSMS went down")
    try:
        session.act("present_token", token["idToken"], token["type"], evse)
        import time
        time.sleep(session.protocol_seconds(seconds))
    finally:
        session.csms_back()
    state.started, state.token = True, token


def expect_every_transaction_ended(session, rows):
    """Every transaction the state library knows of (one per EVSE: "for all EVSE") ends: a TransactionEvent
    Ended with its transactionId that fits the rows (C16.FR.02: a Master Pass stops them all)."""
    for path, value in rows:                    # the words first: a typo is a step error, not a wait
        expect.check_expected_words(session.version, "TransactionEvent", True, path,
                                    expect.substitute(value, session.config))
    running = transactions_at_every_evse(session)
    if not running:
        raise _step_error("no transaction runs in this scenario; bring the station to state "
                          "EnergyTransferStarted first")
    for evse, state in running:
        def ends(payload, tx_id=state.transaction_id):
            return payload.get("eventType") == "Ended" and payload["transactionInfo"]["transactionId"] == tx_id
        entry = session.expect_message("TransactionEvent", rows, matches=ends,
                                       what=f" that ends the transaction on EVSE {evse} (eventType Ended)")
        note_event(state, entry)
