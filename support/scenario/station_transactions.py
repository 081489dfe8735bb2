"""Block E (Transactions) against a station under test: what the test CSMS checks beyond one message
(OCTT TC_E_xx_CS). The steps in features/steps/station_transactions_steps.py call these with the
scenario's StationScenarioSession. The reusable states themselves (EVConnectedPreSession, Authorized,
EnergyTransferStarted, StopAuthorized, ...) are the state library of block C
(support/scenario/station_states.py); this module adds what block E reads after them:

- the TransactionEvent that ends the transaction (OCTT: "eventType must be Ended", with the case's
  triggerReason and stoppedReason), whether a reusable state already matched it or it is still to come;
- the end of an authorization by TxCtrlr.EVConnectionTimeOut (E03.FR.05; TC_E_05_CS, TC_E_39_CS), Ended
  or Updated as the station's TxStopPoint gives it;
- GetTransactionStatus for the transaction of the scenario (E14);
- StartOfflineTransaction (Part 6, table 245): the test CSMS goes down, the driver presents the idToken
  and plugs the EV in, the test CSMS comes back.
"""
import json

from . import expect, station_states
from .outcomes import NotRun
from .trace import EVENT, SENT
from ..rpc import CALLERROR, CALLRESULT
from ..csms.scripted import build_get_transaction_status, build_get_variables, parse_variable_spec
from .station_session import CLOSED, CONNECTED
AUTHORIZATION_STOP_POINTS = {"Authorized", "PowerPathClosed", "EnergyTransfer"}


def _tell_state_library(session, entry):
    """The state library keeps whether a transaction runs; an event this module matched counts."""
    station_states.note_event(station_states.octt_station(session), entry)


def _transaction_id(session):
    """The transaction of the scenario: that of the TransactionEvent a step matched last, else the
    station's latest one."""
    entry = session.latest_message("TransactionEvent")
    return entry.frame.payload["transactionInfo"]["transactionId"]


def _fail_rows(session, entry, rows):
    problems = expect.fields_mismatches(session.version, "TransactionEvent", True, entry.frame.payload, rows,
                                        session.config)
    if problems:
        session.fail(f"the station sent TransactionEventRequest {json.dumps(entry.frame.payload)}\n  "
                     + "\n  ".join(problems))


def expect_transaction_end(session, rows):
    """The TransactionEvent with eventType Ended of the scenario's transaction (one a reusable state
    already matched, or the next one) fits the rows."""
    for path, value in rows:                    # the words first: a typo is a step error, not a wait
        expect.check_expected_words(session.version, "TransactionEvent", True, path,
                                    expect.substitute(value, session.config))
    tx_id = _transaction_id(session)

    def ends(payload):
        return payload.get("eventType") == "Ended" and payload["transactionInfo"]["transactionId"] == tx_id
    ended = [e for e in session.messages("TransactionEvent") if ends(e.frame.payload)]
    if ended:
        entry = ended[0]
        session.consumed.add(entry.seq)
        session.last_matched["TransactionEvent"] = entry
    else:
        entry = session.expect_message("TransactionEvent", matches=ends,
                                       what=f" that ends transaction {tx_id} (eventType Ended)")
    _fail_rows(session, entry, rows)
    _tell_state_library(session, entry)
    return entry


# ---------------------------------------------------------------------- configuration the cases read

def variable(session, spec):
    """A variable of the station, read with GetVariables (OCTT: its configuration of the station); a
    station that does not answer Accepted leaves the case without what it needs: not run."""
    session.command("GetVariables", build_get_variables([parse_variable_spec(spec, False)]))
    answer = session.check_command_answer("GetVariables", [("getVariableResult[0].attributeStatus", "(present)")])
    result = answer["getVariableResult"][0]
    if result["attributeStatus"] != "Accepted":
        raise NotRun(f"the station answered {result['attributeStatus']} to GetVariables {spec}, which the case "
                     f"needs to know which TransactionEvent comes")
    return result.get("attributeValue") or ""


def points(session, name):
    """TxCtrlr.TxStartPoint or TxStopPoint of the station, as a set."""
    return {p.strip() for p in variable(session, f"TxCtrlr.{name}").split(",") if p.strip()}


# ---------------------------------------------------------------------- EVConnectionTimeOut

def expect_connection_timeout(session):
    """E03.FR.05 (OCTT TC_E_05_CS step 1; E10.FR.02, TC_E_27_CS step 5: a permanently attached cable out of
    the EV): once TxCtrlr.EVConnectionTimeOut has passed without a cable,
    the station sends TransactionEvent triggerReason EVConnectTimeout: Ended with stoppedReason Timeout
    when its TxStopPoint contains Authorized (or PowerPathClosed, EnergyTransfer: the transaction cannot
    go on without its authorization), else Updated. The wait is the timeout (scaled) plus station_timeout."""
    stop_points = points(session, "TxStopPoint")
    timeout = float(variable(session, "TxCtrlr.EVConnectionTimeOut") or 0)
    ends = bool(stop_points & AUTHORIZATION_STOP_POINTS)
    rows = [("triggerReason", "EVConnectTimeout"), ("eventType", "Ended" if ends else "Updated")]
    if ends:
        rows.append(("transactionInfo.stoppedReason", "Timeout"))
    entry = session.expect_message(
        "TransactionEvent", rows, timeout=session.protocol_seconds(timeout) + session.timeout,
        matches=lambda p: p.get("triggerReason") not in ("MeterValuePeriodic", "MeterValueClock"),
        what=f" with triggerReason EVConnectTimeout once EVConnectionTimeOut ({timeout:g} s) had passed")
    _tell_state_library(session, entry)
    return entry


# ---------------------------------------------------------------------- GetTransactionStatus

def get_transaction_status(session):
    """GetTransactionStatus for the transaction of the scenario (OCTT: <Generated transactionId from Before>)."""
    return session.command("GetTransactionStatus", build_get_transaction_status(_transaction_id(session)))


def _stay_down(session, seconds):
    """The test CSMS stays down `seconds` protocol seconds from the close of the station's connection, back
    a tenth of them early: a station that retries after RetryBackOffWaitMinimum (that many seconds) would
    otherwise race the test CSMS's return and, refused, back off twice as long."""
    import time
    closes = [e for e in list(session.trace.entries) if e.seq >= session.floor and session._is_event(e, CLOSED)]
    since = closes[-1].at if closes else time.monotonic()
    time.sleep(max(0.0, since + 0.9 * session.protocol_seconds(seconds) - time.monotonic()))


def come_back_and_get_status(session, with_transaction_id=True, seconds_text=None):
    """OCTT TC_E_29/31/33_CS: the test CSMS takes the station's reconnection and sends GetTransactionStatus
    "the moment the WebSocket connection is restored" (for the scenario's transaction, or without a
    transactionId). The station empties its queue at once when it reconnects, so that the answer is not
    a race between the two, the test CSMS holds its answer to every TransactionEvent the station sends
    after the reconnection until the station has answered GetTransactionStatus: the station sends one
    message at a time (OCPP-J 4.1.1), so the one on its way (queued until answered) and the rest of its queue
    are still queued when it answers.
    `seconds_text`: the test CSMS stays down this many protocol seconds first (a number or a configured
    value)."""
    import asyncio
    import concurrent.futures
    payload = build_get_transaction_status(_transaction_id(session)) if with_transaction_id else {}
    released = concurrent.futures.Future()
    script, answers = session.script, session.script.answers
    previous = answers.get("TransactionEvent")
    hold = session.timeout

    async def held(station_id, event):
        try:
            await asyncio.wait_for(asyncio.wrap_future(released), hold)
        except asyncio.TimeoutError:
            pass
        return session.csms.transaction_event_answer(script, event)
    if previous is not None:
        raise expect.StepError("the test CSMS already answers TransactionEvent in a scripted way in this scenario")
    answers["TransactionEvent"] = held
    try:
        if seconds_text is not None:        # OCTT "waits <seconds> before accepting a reconnection attempt"
            _stay_down(session, float(expect.substitute(seconds_text, session.config)))
        session.csms_back()
        future = session.command("GetTransactionStatus", payload)
        try:
            future.result(session.timeout + 5)
        except Exception:
            pass                # command_outcome reports it
    finally:
        released.set_result(None)
        answers.pop("TransactionEvent", None)
    return future


# ---------------------------------------------------------------------- StartOfflineTransaction

def start_offline_transaction(session):
    """Reusable state StartOfflineTransaction: the test CSMS closes the connection and refuses the
    station's reconnection attempts; the driver presents the valid idToken and plugs the EV in (no parking
    bay sensor: that manual action is left out); the test CSMS takes the next attempt again."""
    from .words import id_token
    from . import station_states
    station_states.booted(session)
    evse, connector = session.config.integer("evse_id"), session.config.integer("connector_id")
    start = len(session.trace.entries)
    session.csms_down()
    closed = session.trace.wait_for(lambda e: e.peer == session.station_id and e.direction == EVENT
                                    and e.text.startswith(CLOSED), session.timeout, start)
    if closed is None:
        session.fail("the station's connection did not close when the test CSMS went down")
    token = id_token(session.config, "valid")
    session.act("present_token", token["idToken"], token["type"], evse)
    session.act("plug_in", evse, connector)
    session.csms_back()
    state = station_states.octt_station(session)
    state.plugged, state.token = True, token


# ---------------------------------------------------------------------- offline queue (E08, E11, E12)

def _wall(session, entry):
    """When the test CSMS recorded a trace entry, by the clock (what a station's timestamps compare with)."""
    return session.trace.wall_t0 + (entry.at - session.trace.t0)


def _message_key(payload):
    return (payload.get("transactionInfo") or {}).get("transactionId"), payload.get("seqNo")


def _timestamp(payload):
    from datetime import datetime
    try:
        return datetime.fromisoformat(str(payload["timestamp"]).replace("Z", "+00:00")).timestamp()
    except (KeyError, ValueError):
        return None


def _offline_period(session):
    """(closed, connected): the latest close of the station's connection in the scenario, and the
    connection that followed it (waited for: the station reconnects with its own backoff)."""
    closes = [e for e in list(session.trace.entries)
              if e.seq >= session.floor and session._is_event(e, CLOSED)]
    if not closes:
        session.fail("the station's connection to the test CSMS did not close in this scenario: it had no offline "
                     "period in which to queue TransactionEvents")
    closed = closes[-1]
    backoff = session.protocol_seconds(session.config.seconds("retry_back_off_wait_minimum"))
    # its waits double from RetryBackOffWaitMinimum while the CSMS refuses it (B04): allow three doublings
    wait = max(session.timeout, session.reboot_timeout) + 8 * backoff
    connected = session.trace.wait_for(lambda e: session._is_event(e, CONNECTED), wait, closed.seq + 1)
    if connected is None:
        session.fail(f"the station did not connect to the test CSMS again within {wait:g} s of losing its "
                     f"connection, so it could not deliver the TransactionEvents it queued while offline")
    return closed, connected


def offline_queue(session):
    """The TransactionEvents the station queued while it was offline, as it delivers them after its
    reconnection: those whose timestamp lies between the close of its connection and its next connection
    (and not sent before the close). Collected until the station has
    sent none of them for quiet_period; at least one must come within station_timeout."""
    closed, connected = _offline_period(session)
    cached = getattr(session, "octt_offline_queue", None)
    if cached is not None and cached[0] == connected.seq:
        return cached[1]
    # The two clocks: the station's timestamps (milliseconds) against the test CSMS's records of the close and
    # the connection; an event the station sent before the close (one in flight then, sent again) is not queued.
    margin = session.protocol_seconds(0.05)
    start, end = _wall(session, closed) - margin, _wall(session, connected) - margin
    sent_before = {_message_key(e.frame.payload) for e in session.messages("TransactionEvent") if e.seq < closed.seq}

    def queued(entry):
        if not (session._from_station(entry, "TransactionEvent") and entry.seq > connected.seq):
            return False
        stamp = _timestamp(entry.frame.payload)
        return stamp is not None and start < stamp < end and _message_key(entry.frame.payload) not in sent_before
    found, wait, after = [], session.timeout, connected.seq + 1
    while True:
        entry = session.trace.wait_for(queued, wait, after)
        if entry is None:
            break
        found.append(entry)
        after, wait = entry.seq + 1, session.config.seconds("quiet_period")
    if not found:
        session.fail(f"after reconnecting, the station did not send within {session.timeout:g} s any TransactionEvent "
                     f"it queued while offline (timestamped between the close of its connection and its "
                     f"reconnection; E11.FR.01, E12.FR.01)")
    for entry in found:
        session.consumed.add(entry.seq)
    session.last_matched["TransactionEvent"] = found[-1]
    _tell_state_library(session, found[-1])
    session.octt_offline_queue = (connected.seq, found)
    return found


def _problems(session, entry, rows):
    return expect.fields_mismatches(session.version, "TransactionEvent", True, entry.frame.payload, rows,
                                    session.config)


def expect_offline_queue(session, which, rows):
    """OCTT "All messages: TransactionEventRequest ..." (which = every) or "One of the messages: ..."
    (which = one) of the queue the station empties after its reconnection."""
    if which not in ("every", "one"):
        raise expect.StepError(f"'{which}': say 'every' or 'one' TransactionEvent the station queued while offline")
    for path, value in rows:
        expect.check_expected_words(session.version, "TransactionEvent", True, path,
                                    expect.substitute(value, session.config))
    found = offline_queue(session)
    if which == "every":
        for entry in found:
            problems = _problems(session, entry, rows)
            if problems:
                session.fail(f"the station delivered TransactionEventRequest {json.dumps(entry.frame.payload)} from its "
                             f"offline queue (E11.FR.02, E12.FR.06: offline must be true for what happened offline)\n  "
                             + "\n  ".join(problems))
        return found
    for entry in found:
        if not _problems(session, entry, rows):
            return entry
    lines = [f"  {json.dumps(e.frame.payload)[:300]}: {'; '.join(_problems(session, e, rows))}" for e in found[:8]]
    session.fail(f"none of the {len(found)} TransactionEvents the station queued while offline has "
                 + ", ".join(f"{p} {v}" for p, v in rows) + " (E08.FR.04, E12.FR.01/02: every TransactionEvent of what "
                 "happened offline is queued and delivered)\n" + "\n".join(lines))


def come_back_after(session, seconds_text):
    """OCTT "waits <seconds> before accepting a reconnection attempt": the test CSMS stays down this many
    protocol seconds (scaled), then listens again."""
    import time
    seconds = float(expect.substitute(seconds_text, session.config))
    time.sleep(session.protocol_seconds(seconds))
    session.csms_back()


# ---------------------------------------------------------------------- retries (E13)

def fail_first(session, action, code=None):
    """The test CSMS fails the station's next message of this action (no answer, or a CALLERROR with
    this code); its retransmissions and every later message get the usual answers."""
    from ..rpc import CallError
    action = session.action(action)
    if code is not None:
        code = session.error_codes(code)[0]
    script = session.script

    def answer(station_id, payload):
        script.answers.pop(action, None)            # what comes next gets the usual answer
        session.octt_failed_key = _message_key(payload)
        if code is not None:
            raise CallError(code, "the test CSMS fails this message (OCTT)")
        return None
    _answered_so_far(session, action)
    script.answers[action] = answer
    session.octt_failed_from = len(session.trace.entries)


def fail_every(session, action, code):
    """The test CSMS answers every message of this action with a CALLERROR of this code."""
    from ..rpc import CallError
    action = session.action(action)
    code = session.error_codes(code)[0]
    _answered_so_far(session, action)
    session.script.answers[action] = CallError(code, "the test CSMS fails this message (OCTT)")
    session.octt_failed_from = len(session.trace.entries)


def _answered_so_far(session, action):
    """Wait until the test CSMS has answered every message of this action the station sent so far: a
    failure set up now is for what the station sends next."""
    def all_answered():
        answered = {e.frame.unique_id for e in session.trace.entries if e.peer == session.station_id
                    and e.direction == SENT and e.frame is not None and e.frame.type in (CALLRESULT, CALLERROR)}
        return all(e.frame.unique_id in answered for e in session.messages(action))
    session.trace.wait_until(all_answered, session.timeout)


def _answer_entry(session, entry):
    """The test CSMS's answer to a message of the station in the trace so far, or None."""
    return session.answer_of_csms(entry, timeout=0)


def _same_message(payload):
    info = payload.get("transactionInfo") or {}
    return info.get("transactionId"), payload.get("seqNo"), payload.get("eventType"), payload.get("triggerReason")


def _failed_message(session):
    """The first TransactionEvent the test CSMS failed: the first after a "will ... the station's first"
    or "every ... with CALLERROR" step, else the first of the scenario that got no CALLRESULT."""
    mark = getattr(session, "octt_failed_from", None)
    failed_key = getattr(session, "octt_failed_key", None)
    if failed_key is not None:
        entry = next((e for e in session.messages("TransactionEvent")
                      if e.seq >= mark and _message_key(e.frame.payload) == failed_key), None)
    elif mark is not None:
        entry = session.trace.wait_for(lambda e: session._from_station(e, "TransactionEvent") and session._counts(e),
                                       session.timeout, max(mark, session.floor))
    else:
        def unanswered(e):
            if not (session._from_station(e, "TransactionEvent") and session._counts(e)):
                return False
            answer = _answer_entry(session, e)
            return answer is None or answer.frame.type == CALLERROR
        entry = session.trace.wait_for(unanswered, session.timeout, session.floor)
    if entry is None:
        session.fail(f"the station sent no TransactionEvent for the test CSMS to fail within {session.timeout:g} s")
    return entry


def expect_retries(session, attempts_text):
    """E13.FR.01-04 (OCTT TC_E_41/42/50/51_CS step 5): the TransactionEvent the test CSMS failed is sent
    `attempts` times in all, each retry at least MessageAttemptInterval[TransactionEvent] times the number
    of transmissions before it after the previous one (plus OCPPCommCtrlr.MessageTimeout[Default] when
    that one got no answer; both read with GetVariables), and no more for one further such interval."""
    text = expect.substitute(attempts_text, session.config)
    try:
        attempts = int(text)
    except ValueError:
        raise expect.StepError(f"'{attempts_text}' is not a number of transmissions") from None
    first = _failed_message(session)
    interval = float(variable(session, "OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]") or 0)
    # MessageTimeout in seconds of the wall clock (protocol seconds, scaled like every interval)
    timeout = session.protocol_seconds(float(variable(session, "OCPPCommCtrlr.MessageTimeout[Default]") or 0))
    key = _same_message(first.frame.payload)

    def again(entry):
        return session._from_station(entry, "TransactionEvent") and _same_message(entry.frame.payload) == key
    sent = [first]
    session.consumed.add(first.seq)
    for count in range(1, attempts + 1):
        previous = sent[-1]
        wait = session.protocol_seconds(interval * count) + timeout + session.timeout
        if count == attempts:       # one more iteration (after the answer, or MessageTimeout): it must not come
            session.trace.wait_for(session.answers(previous), timeout, previous.seq)
            wait = session.protocol_seconds(interval * count) + session.config.seconds("quiet_period")
        entry = session.trace.wait_for(again, wait, previous.seq + 1)
        if count == attempts:
            if entry is not None:
                session.fail(f"the station sent the failed TransactionEvent (seqNo {key[1]}) {attempts + 1} times; "
                             f"MessageAttempts allows {attempts} (E13.FR.04: it stops after the last attempt, or once "
                             f"the CSMS has answered): {entry.text}")
            break
        if entry is None:
            session.fail(f"the station sent the TransactionEvent the test CSMS failed (seqNo {key[1]}) {len(sent)} "
                         f"time(s) and no more within {wait:g} s; expected {attempts} transmissions "
                         f"(E13.FR.01/02: MessageAttempts)")
        answer = _answer_entry(session, previous)
        unanswered = answer is None or answer.seq > entry.seq
        least = session.protocol_seconds(interval * count) + (timeout if unanswered else 0)
        gap = entry.at - previous.at
        if gap < least * 0.9 - 0.005:
            session.fail(f"the station sent the failed TransactionEvent (seqNo {key[1]}) again {gap:.3f} s after "
                         f"transmission {count}; E13.FR.03: it waits MessageAttemptInterval ({interval:g} s) times "
                         f"the {count} transmission(s) before"
                         + (" plus MessageTimeout" if unanswered else "") + f": at least {least:.3f} s")
        session.consumed.add(entry.seq)
        sent.append(entry)
    session.last_matched["TransactionEvent"] = sent[-1]
    return sent
