"""Block E (Transactions) against a station under test: what the test CSMS checks beyond one message
(OCTT TC_E_xx_CS). The steps in features/steps/station_transactions_steps.py call these with the
scenario's StationScenarioSession. The reusable states themselves (EVConnectedPreSession, Authorized,
EnergyTransferStarted, StopAuthorized, ...) are the state library of block C
(support/scenario/station_authorization.py); this module adds what block E reads after them:

- the TransactionEvent that ends the transaction (OCTT: "eventType must be Ended", with the case's
  triggerReason and stoppedReason), whether a reusable state already matched it or it is still to come;
- the end of an authorization by TxCtrlr.EVConnectionTimeOut (E03.FR.05; TC_E_05_CS, TC_E_39_CS), Ended
  or Updated as the station's TxStopPoint gives it;
- GetTransactionStatus for the transaction of the scenario (E14);
- StartOfflineTransaction (Part 6, table 245): the test CSMS goes down, the driver presents the idToken
  and plugs the EV in, the test CSMS comes back.
"""
import json

from . import expect, station_authorization
from .outcomes import NotRun
from .trace import EVENT
from ..csms.scripted import build_get_transaction_status, build_get_variables, parse_variable_spec

CLOSED = "connection closed"
AUTHORIZATION_STOP_POINTS = {"Authorized", "PowerPathClosed", "EnergyTransfer"}


def _tell_state_library(session, entry):
    """The state library keeps whether a transaction runs; an event this module matched counts."""
    station_authorization.note_event(station_authorization.octt_station(session), entry)


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
    """E03.FR.05 (OCTT TC_E_05_CS step 1): once TxCtrlr.EVConnectionTimeOut has passed without a cable,
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


# ---------------------------------------------------------------------- StartOfflineTransaction

def start_offline_transaction(session):
    """Reusable state StartOfflineTransaction: the test CSMS closes the connection and refuses the
    station's reconnection attempts; the driver presents the valid idToken and plugs the EV in (no parking
    bay sensor: that manual action is left out); the test CSMS takes the next attempt again."""
    from .words import id_token
    from . import station_authorization
    station_authorization.booted(session)
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
    state = station_authorization.octt_station(session)
    state.plugged, state.token = True, token
