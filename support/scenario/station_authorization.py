"""Block C (Authorization) against a station under test: the memory state IdTokenCached, what the test
CSMS answers per idToken (OCTT TC_C_xx_CS), and the checks of the block. The reusable states the cases
start from are in station_states.py. The steps in features/steps/station_authorization_steps.py call these
with the scenario's StationScenarioSession.

- the memory state IdTokenCached (Part 6, 2.19): the idToken authorized once, answered with the status
  of its kind (valid Accepted, invalid Invalid, blocked Blocked, expired Expired), and the session
  ended, so the station holds it in its Authorization Cache;
- a configuration state "(If implemented)": a variable the station does not know is left alone;
- that a running transaction goes on (TC_C_04_CS, TC_C_15/42/44_CS);
- idToken groups of the test CSMS's answers (C09, C16 master pass), the end of every transaction
  (C16.FR.02) or of those the Master Pass holder selects at the user interface (C16.FR.01), an idToken presented while the test CSMS is down (C12/C15 offline authorization) and the
  wait of <Configured Transaction Duration> (TC_C_46_CS).
"""
from . import expect
from .outcomes import NotRun
from .words import enum_value, id_token, token_kind

from .station_states import (_step_error, _where, authorized, booted, energy_transfer_started,
                             ev_connected_post_session, ev_connected_pre_session, ev_disconnected, note_event,
                             octt_station, transactions_at_every_evse)

# The status the test CSMS gives an idToken of each kind in the memory state IdTokenCached.
CACHED_STATUS = {"valid": "Accepted", "valid_2": "Accepted", "invalid": "Invalid", "blocked": "Blocked",
                 "expired": "Expired"}

# ---------------------------------------------------------------------- configuration and CSMS answers

def set_configuration_if_implemented(session, spec, value):
    """OCTT "<variable> is <value> (If implemented)": SetVariables; a variable or component the station
    does not know (UnknownVariable, UnknownComponent) is not implemented and left alone; any other
    answer than Accepted leaves the case without its state: not run."""
    from .station_provisioning import fail_if_required_unknown, set_variable
    booted(session)
    set_variable(session, spec, value)
    answer = session.check_command_answer("SetVariables", [("setVariableResult[0].attributeStatus", "(present)")])
    status = answer["setVariableResult"][0]["attributeStatus"]
    fail_if_required_unknown(session, spec, status)
    if status not in ("Accepted", "UnknownVariable", "UnknownComponent"):
        shown = expect.substitute(value, session.config)
        raise NotRun(f"the station answered {status} to setting {spec} to {shown!r}, the case's configuration "
                     f"state (OCTT 'Before: Configuration State')")


def answer_token_with(session, kind_words, status):
    """The test CSMS answers Authorize and TransactionEvent for this configured idToken with this status."""
    status = enum_value("AuthorizationStatus", status, session.version)
    token = id_token(session.config, kind_words)
    session.script.token_statuses[token["idToken"]] = status


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


def expect_every_transaction_ended(session, rows, evse=None):
    """Every transaction the state library knows of (one per EVSE: "for all EVSE") ends, or the one on
    `evse`: a TransactionEvent Ended with its transactionId that fits the rows (C16.FR.02: a Master Pass
    stops them all; C16.FR.01: the holder selected them at the user interface)."""
    for path, value in rows:                    # the words first: a typo is a step error, not a wait
        expect.check_expected_words(session.version, "TransactionEvent", True, path,
                                    expect.substitute(value, session.config))
    running = transactions_at_every_evse(session)
    if evse is not None:
        running = [(e, state) for e, state in running if e == evse]
    if not running:
        raise _step_error("no transaction runs in this scenario" + (f" on EVSE {evse}" if evse is not None else "")
                          + "; bring the station to state EnergyTransferStarted first")
    for evse, state in running:
        def ends(payload, tx_id=state.transaction_id):
            return payload.get("eventType") == "Ended" and payload["transactionInfo"]["transactionId"] == tx_id
        entry = session.expect_message("TransactionEvent", rows, matches=ends,
                                       what=f" that ends the transaction on EVSE {evse} (eventType Ended)")
        note_event(state, entry)


def select_at_user_interface(session, which):
    """OCTT manual action "Select to stop all transactions" / "Select to stop the transaction on EVSE n"
    at the station's user interface, after the Master Pass was presented (C16.FR.01; driver actions
    select_stop_all_transactions, select_stop_transaction)."""
    import re
    match = re.fullmatch(r"all transactions|the transaction on EVSE (\d+)", which.strip())
    if match is None:
        raise _step_error(f"'{which}' is not what a Master Pass holder selects; say 'all transactions' or "
                          f"'the transaction on EVSE 1'")
    booted(session)
    if match.group(1) is None:
        session.act("select_stop_all_transactions")
    else:
        session.act("select_stop_transaction", int(match.group(1)))
