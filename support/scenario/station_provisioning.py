"""Block B (Provisioning) against a station under test: what the test CSMS sets up and checks beyond
one field of one answer (OCTT TC_B_xx_CS). The steps in features/steps/station_provisioning_steps.py
call these with the scenario's StationScenarioSession.

- a configuration state ("OCPPCommCtrlr.OfflineThreshold is 300"): SetVariables, Accepted, else the
  case cannot be run; a real station gets the old value back after the scenario (the restore ledger);
- the items of a Get/SetVariables answer in any order (OCTT: "in arbitrary order");
- the variables of a base report (NotifyReport pages of one request): every reportData, the
  valuesList of list types, the variables the document requires;
- the boot after a TriggerMessage(BootNotification) while Pending (TC_B_02_CS steps 14-15).
"""
import json
import time

from . import expect
from .words import enum_value
from ..csms.scripted import build_set_variables, now_iso, parse_variable_spec

NOW = "(now)"
LIST_TYPES = ("OptionList", "SequenceList", "MemberList")


def _step_error(message):
    return expect.StepError(message)


def variable_item(session, spec, value):
    """A SetVariableData item for 'Component[inst].Variable[inst]' and a value in which "(now)" is the
    current time and <NAME> a configured value (attributeType left out: Actual)."""
    value = expect.substitute(value, session.config).replace(NOW, now_iso())
    try:
        return parse_variable_spec(f"{spec}={value}", True)
    except ValueError as exc:
        raise _step_error(str(exc)) from None


def set_variable(session, spec, value):
    """The test CSMS sends SetVariables of one variable now."""
    return session.command("SetVariables", build_set_variables([variable_item(session, spec, value)]))


# Variables every station has (OCPP 2.0.1 Part 4 section 8: "Required yes"; the Core list of OCTT
# TC_B_53_CS): a station that does not know one broke that rule, it is no station the case is not for.
PART4_REQUIRED = ("OCPP 2.0.1 Part 4 section 8 (Required: yes)",
                  {("OCPPCommCtrlr", v) for v in ("RetryBackOffRepeatTimes", "RetryBackOffRandomRange",
                                                  "RetryBackOffWaitMinimum", "WebSocketPingInterval")})
CORE_REQUIRED = ("the required Core variables (OCTT TC_B_53_CS)", {
    ("AlignedDataCtrlr", "Interval"), ("AlignedDataCtrlr", "Measurands"), ("AlignedDataCtrlr", "TxEndedInterval"),
    ("AlignedDataCtrlr", "TxEndedMeasurands"), ("AuthCtrlr", "LocalAuthorizeOffline"),
    ("AuthCtrlr", "LocalPreAuthorize"), ("ClockCtrlr", "TimeSource"), ("OCPPCommCtrlr", "MessageAttemptInterval"),
    ("OCPPCommCtrlr", "MessageAttempts"), ("OCPPCommCtrlr", "NetworkConfigurationPriority"),
    ("OCPPCommCtrlr", "NetworkProfileConnectionAttempts"), ("OCPPCommCtrlr", "OfflineThreshold"),
    ("OCPPCommCtrlr", "ResetRetries"), ("SampledDataCtrlr", "TxEndedInterval"),
    ("SampledDataCtrlr", "TxEndedMeasurands"), ("SampledDataCtrlr", "TxStartedMeasurands"),
    ("SampledDataCtrlr", "TxUpdatedInterval"), ("SampledDataCtrlr", "TxUpdatedMeasurands"),
    ("SecurityCtrlr", "OrganizationName"), ("TxCtrlr", "EVConnectionTimeOut"), ("TxCtrlr", "StopTxOnInvalidId")})


def fail_if_required_unknown(session, spec, status):
    """A station answering UnknownComponent or UnknownVariable for a variable every station has fails,
    with the rule."""
    if status not in ("UnknownComponent", "UnknownVariable"):
        return
    item = parse_variable_spec(spec, False)
    key = (item["component"]["name"], item["variable"]["name"])
    for rule, names in (PART4_REQUIRED, CORE_REQUIRED):
        if key in names:
            session.fail(f"{rule}: the station answered {status} to SetVariables {spec}, a variable every "
                         f"station has")


def set_configuration_state(session, spec, value):
    """OCTT "Configuration State: <spec> is <value>": SetVariables, answered Accepted. A station that
    does not know the variable, refuses the value or needs a reboot for it cannot be brought into the
    case's state: the scenario is not run, with the reason; but one that does not know a variable every
    station has fails (fail_if_required_unknown)."""
    from ..scenario.outcomes import NotRun
    set_variable(session, spec, value)
    answer = session.check_command_answer("SetVariables", [("setVariableResult[0].attributeStatus", "(present)")])
    status = answer["setVariableResult"][0]["attributeStatus"]
    fail_if_required_unknown(session, spec, status)
    if status != "Accepted":
        shown = expect.substitute(value, session.config)
        raise NotRun(f"the station answered {status} to setting {spec} to {shown!r}, the case's configuration "
                     f"state (OCTT 'Before: Configuration State')")


# ---------------------------------------------------------------------- items in any order

def _item_rows(table):
    headings = [h.strip() for h in table.headings]
    return [[(heading, row[heading].strip()) for heading in headings if row[heading].strip() != ""]
            for row in table]


def check_items_any_order(session, action, list_field, table):
    """The station's answer to the CSMS's last `action` has exactly one item of `list_field` per
    table row (headings: field paths inside an item), in any order, each row fitting its own item."""
    wanted = _item_rows(table)
    for rows in wanted:                         # the words of the table (did-you-mean), before any wait
        for path, value in rows:
            expect.check_expected_words(session.version, action, False, f"{list_field}[0].{path}",
                                        expect.substitute(value, session.config))
    response = session.check_command_answer(action, [])
    items = response.get(list_field)
    if not isinstance(items, list):
        session.fail(f"the station answered {action} without {list_field}: {json.dumps(response)}")
    if len(items) != len(wanted):
        session.fail(f"the station answered {action} with {len(items)} {list_field} item(s); expected "
                     f"{len(wanted)}, one per requested variable: {json.dumps(items)}")

    def problems(row_index, item_index):
        rows = [(f"{list_field}[{item_index}].{path}", value) for path, value in wanted[row_index]]
        return expect.fields_mismatches(session.version, action, False, response, rows, session.config)

    fits = [[not problems(r, i) for i in range(len(items))] for r in range(len(wanted))]
    match = {}

    def assign(r, used):                        # a row per item (few rows: plain backtracking)
        if r == len(wanted):
            return True
        for i in range(len(items)):
            if fits[r][i] and i not in used:
                match[r] = i
                if assign(r + 1, used | {i}):
                    return True
        return False
    if not assign(0, frozenset()):
        lines = []
        for r, rows in enumerate(wanted):
            if any(fits[r]):
                continue
            described = ", ".join(f"{p} {v}" for p, v in rows)
            closest = min(range(len(items)), key=lambda i: len(problems(r, i)))
            lines.append(f"no item fits {described}; the closest, {json.dumps(items[closest])}: "
                         + "; ".join(problems(r, closest)))
        if not lines:
            lines.append("the items fit the rows only by sharing an item between two rows")
        session.fail(f"the station answered {action} with {json.dumps(response)}\n  " + "\n  ".join(lines))


# ---------------------------------------------------------------------- base reports

def reported_variables(session, command):
    """The reportData of every NotifyReport the station sent for the CSMS's last `command` request
    (its requestId), in the order sent; the pages themselves are checked by expect_pages."""
    request_id = session.command_request(command).get("requestId")
    pages = [e for e in session.messages("NotifyReport") if e.frame.payload.get("requestId") == request_id]
    if not pages:
        session.fail(f"the station sent no NotifyReport for the {command} request (requestId {request_id})")
    return [data for page in pages for data in page.frame.payload.get("reportData") or []]


def _name(data):
    component, variable = data.get("component", {}), data.get("variable", {})
    text = component.get("name", "?")
    if component.get("instance"):
        text += f"[{component['instance']}]"
    evse = component.get("evse")
    if evse:
        text += f"(EVSE {evse.get('id')}" + (f" connector {evse['connectorId']}" if "connectorId" in evse else "") + ")"
    text += "." + variable.get("name", "?")
    if variable.get("instance"):
        text += f"[{variable['instance']}]"
    return text


def check_every_reported_variable(session, command, rows):
    """Every reportData of the report fits every row (field paths inside a reportData)."""
    for path, value in rows:
        expect.check_expected_words(session.version, "NotifyReport", True, f"reportData[0].{path}",
                                    expect.substitute(value, session.config))
    reported = reported_variables(session, command)
    bad = []
    for data in reported:
        wrapper = {"reportData": [data]}
        mismatches = expect.fields_mismatches(session.version, "NotifyReport", True, wrapper,
                                              [(f"reportData[0].{p}", v) for p, v in rows], session.config)
        if mismatches:
            bad.append(f"{_name(data)}: " + "; ".join(m.replace("reportData[0].", "") for m in mismatches))
    if bad:
        session.fail(f"{len(bad)} of the {len(reported)} variables the station reported for the {command} request "
                     f"do not fit:\n  " + "\n  ".join(bad[:20]) + ("\n  ..." if len(bad) > 20 else ""))


def check_values_lists(session, command):
    """B07 (OCTT TC_B_12/13_CS step 3): a variable of dataType OptionList, SequenceList or MemberList
    is reported with its valuesList."""
    reported = reported_variables(session, command)
    missing = [f"{_name(d)} ({d['variableCharacteristics']['dataType']})" for d in reported
               if (d.get("variableCharacteristics") or {}).get("dataType") in LIST_TYPES
               and not d["variableCharacteristics"].get("valuesList")]
    if missing:
        session.fail("the station reported variables of a list type without valuesList: " + ", ".join(missing))


def check_reported_variables(session, command, table):
    """Every row (| component | variable | optional instance |) is among the variables reported for
    the request: the document's required variables."""
    reported = reported_variables(session, command)
    have = {(d.get("component", {}).get("name"), d.get("variable", {}).get("name"), d.get("variable", {}).get("instance"))
            for d in reported}
    missing = []
    for row in table:
        component, variable = row["component"].strip(), row["variable"].strip()
        instance = row["instance"].strip() if "instance" in table.headings and row["instance"].strip() else None
        if (component, variable, instance) not in have:
            missing.append(f"{component}.{variable}" + (f"[{instance}]" if instance else ""))
    if missing:
        session.fail(f"the station's report for the {command} request lacks required variables: "
                     + ", ".join(missing) + f" ({len(reported)} variables reported)")


# ---------------------------------------------------------------------- boot

def expect_boot_after_trigger(session):
    """TC_B_02_CS steps 14-15: after answering TriggerMessage(BootNotification) Accepted the station
    boots again at once, with reason Triggered (before the Pending interval has passed); one that
    answered NotImplemented boots again once the interval of the Pending answer has passed."""
    status = (session.command_outcome("TriggerMessage").response or {}).get("status")
    if status == "Accepted":
        return session.expect_after_answer("TriggerMessage", "BootNotification", [("reason", "Triggered")])
    return session.expect_boot_retry()


# ---------------------------------------------------------------------- resets (B11, B12)

def post_session_while_going_on(session, evse=None):
    """TC_B_21_CS steps 4-5: EVConnectedPostSession (after the StopAuthorized of step 3: its
    ChargingStateChanged to EVConnected) and EVDisconnected, only while the transaction goes on (the
    document's condition names TxStartPoint; what decides it is whether StopAuthorized ended the
    transaction, which follows the station's TxStopPoint). `evse`: the state library's transaction at
    that EVSE (TC_B_41_CS steps 8-9), else the configured EVSE's."""
    from .station_states import at_evse, ev_disconnected, note_event
    with at_evse(session, evse) as state:
        if not state.started:
            return
        last = session.last_matched.get("TransactionEvent")
        if last is None or (last.frame.payload.get("transactionInfo") or {}).get("chargingState") != "EVConnected":
            note_event(state, session.expect_fitting("TransactionEvent", [
                ("triggerReason", "ChargingStateChanged"), ("transactionInfo.chargingState", "EVConnected")]))
        ev_disconnected(session)


IF_PLUGGED = " if the EV is still plugged in"


def expect_statuses_since_connection(session, configured, evse=None):
    """The state of every connector, reported since the station's latest connection: `configured`
    ('"Occupied"', or '"Occupied" if the EV is still plugged in', else Available) at the configured
    EVSE and connector (or at connector 1 of `evse`), Available at the others."""
    from .station_states import at_evse
    from .station_session import CONNECTED
    from .trace import EVENT
    text = configured.strip()
    conditional = text.endswith(IF_PLUGGED)
    status = enum_value("ConnectorStatus", text[:-len(IF_PLUGGED)].strip().strip('"') if conditional
                        else text.strip('"'))
    home = evse is None or evse == session.config.integer("evse_id")
    where = (session.config.integer("evse_id"), session.config.integer("connector_id")) if home else (evse, 1)
    with at_evse(session, evse) as state:
        if conditional and not state.plugged:
            status = "Available"
    connected = [e for e in list(session.trace.entries) if e.peer == session.station_id and e.direction == EVENT
                 and e.text.startswith(CONNECTED)]
    mark = connected[-1] if connected else None
    for evse, connector in session.connectors():
        wanted = status if (evse, connector) == where else "Available"
        session.expect_message(
            "StatusNotification", [("connectorStatus", wanted)], after=mark,
            matches=lambda p, e=evse, c=connector: p.get("evseId") == e and p.get("connectorId") == c,
            what=f" for EVSE {evse} connector {connector} since its latest connection")


def cannot_reset_evse(session):
    """OCTT prerequisite "Charging Station does not support resetting individual EVSE": the setting
    reset_evse_supported (false for such a station). The embedded reference station is configured as one
    that cannot; another station that can is not one the case is for: not run."""
    from .outcomes import NotRun
    if session.config.station_embedded:
        if session.driver is None:
            session.driver = session.make_driver()
        session.driver.station.settings.reset_evse_supported = False
        return
    if session.config.reset_evse_supported.strip().lower() == "true":
        raise NotRun("the case is for a station that cannot reset an individual EVSE (OCTT prerequisite); "
                     "reset_evse_supported is true (RESET_EVSE_SUPPORTED)")


def require_several_evses(session):
    """OCTT prerequisite "The Charging Station has more than one EVSE" (number_of_evses,
    CONFIGURED_NUMBER_OF_EVSES); a station with one is not one the case is for: not run."""
    from .outcomes import NotRun
    count = session.config.integer("number_of_evses")
    if count < 2:
        raise NotRun(f"the case is for a station with more than one EVSE (OCTT prerequisite); the station has "
                     f"{count} (number_of_evses, CONFIGURED_NUMBER_OF_EVSES)")


# ---------------------------------------------------------------------- TC_B_08_CS

def removed_by_errata(session):
    """A case the 2023-12 errata removed judges only the suite's own reference station."""
    from .outcomes import NotRun
    if not session.config.station_embedded:
        raise NotRun("OCTT's 2023-12 errata removed this case: no rule in force to judge the station by")


def expect_base_report_not_supported(session):
    """TC_B_15_CS step 2, with its prerequisite: Accepted means the station supports the optional report
    (not run); otherwise NotSupported, reasonCode UnsupportedParam if any."""
    from .outcomes import NotRun
    request = session.command_request("GetBaseReport") or {}
    answer = session.check_command_answer("GetBaseReport", [("status", "(present)")])
    if answer.get("status") == "Accepted":
        raise NotRun(f"the station supports the optional {request.get('reportBase', 'requested')} report (it "
                     f"answered Accepted); the case is for a station that does not (OCTT prerequisite)")
    session.check_command_answer("GetBaseReport", [("status", "NotSupported"),
                                                   ("statusInfo.reasonCode", "UnsupportedParam or (absent)")])


def get_variables_over_limit(session):
    """TC_B_08_CS step 5: GetVariables for ItemsPerMessage[GetVariables] + 1 variables the station
    reported for the last GetBaseReport (the value is the one it reported); a station that reported
    fewer variables than that does not meet the prerequisite: not run."""
    from .outcomes import NotRun
    reported = reported_variables(session, "GetBaseReport")
    limit = None
    for data in reported:
        if (data.get("component", {}).get("name"), data.get("variable", {}).get("name"),
                data.get("variable", {}).get("instance")) == ("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"):
            actual = [a for a in data.get("variableAttribute") or [] if a.get("type", "Actual") == "Actual"]
            limit = actual[0].get("value") if actual else None
    if limit is None or not str(limit).isdigit():
        session.fail(f"the station reported no value of DeviceDataCtrlr.ItemsPerMessage[GetVariables] "
                     f"({limit!r}), a required variable")
    limit = int(limit)
    readable = [d for d in reported
                if all(a.get("mutability") != "WriteOnly" for a in d.get("variableAttribute") or [])]
    if len(readable) <= limit:
        raise NotRun(f"the station reported {len(readable)} readable variables, not more than ItemsPerMessage "
                     f"GetVariables ({limit}) (OCTT prerequisite)")
    items = [{"component": d["component"], "variable": d["variable"]} for d in readable[:limit + 1]]
    session.octt_items_limit = limit
    session.command("GetVariables", {"getVariableData": items})


def check_over_limit_answer(session):
    """TC_B_08_CS step 6: every result Rejected, or one Rejected and the rest Accepted (in any order);
    reasonCode, where given, NoError for the accepted and TooManyElements for the rejected ones. The
    2023-12 errata removed the case (B06.FR.05 binds the CSMS): a CALLERROR OccurrenceConstraintViolation
    that refuses the whole request is taken as well."""
    outcome = session.command_outcome("GetVariables")
    limit = getattr(session, "octt_items_limit", None)
    if outcome.error_code is not None:
        if outcome.error_code != "OccurrenceConstraintViolation":
            session.fail(f"the station answered GetVariables for {limit + 1} variables (ItemsPerMessage GetVariables "
                         f"{limit}) with CALLERROR {outcome.error_code}; expected a GetVariablesResponse, or "
                         f"OccurrenceConstraintViolation")
        return
    results = session.check_command_answer("GetVariables", [])["getVariableResult"]
    statuses = [r.get("attributeStatus") for r in results]
    rejected = statuses.count("Rejected")
    if len(results) != limit + 1 or not (rejected == len(results)
                                         or (rejected == 1 and statuses.count("Accepted") == len(results) - 1)):
        session.fail(f"B06 (OCTT TC_B_08_CS): asked for {limit + 1} variables, one more than ItemsPerMessage "
                     f"GetVariables ({limit}), the station answered {len(results)} results with statuses "
                     f"{statuses}; expected all Rejected, or one Rejected and the others Accepted")
    wrong = [r for r in results if "attributeStatusInfo" in r and r["attributeStatusInfo"].get("reasonCode")
             != ("TooManyElements" if r.get("attributeStatus") == "Rejected" else "NoError")]
    if wrong:
        session.fail(f"TC_B_08_CS: a rejected result's reasonCode must be TooManyElements, an accepted one's NoError: "
                     f"{json.dumps(wrong[:3])}")


# ---------------------------------------------------------------------- offline and reconnection (B04, Part 4 5.3)

def set_relative_to_offline_threshold(session, spec, seconds):
    """Configuration state "<spec> is <Configured offlineThreshold> +/- N seconds"."""
    value = session.config.integer("offline_threshold") + seconds
    set_configuration_state(session, spec, str(value))


def _closed_since(session, start):
    from .station_session import CLOSED
    from .trace import EVENT
    closed = session.trace.wait_for(lambda e: e.peer == session.station_id and e.direction == EVENT
                                    and e.text.startswith(CLOSED), session.timeout, start)
    if closed is None:
        session.fail("the station's connection did not close when the test CSMS closed it")
    return closed


def come_back_after_offline_threshold(session):
    """TC_B_51_CS step 3: the test CSMS takes the station's reconnection once the configured
    offlineThreshold (scaled) has passed since the connection closed."""
    from .station_session import CLOSED
    closed = [e for e in session._events(CLOSED)]
    if not closed:
        session.fail("the station's connection has not closed: the CSMS did not go down")
    threshold = session.protocol_seconds(session.config.integer("offline_threshold"))
    remaining = closed[-1].at + threshold - time.monotonic()
    if remaining > 0:
        session.trace.wait_for(lambda e: False, remaining, len(session.trace.entries))
    session.csms_back()


def close_and_refuse(session, refused):
    """TC_B_57_CS steps 1 and 4: the test CSMS closes the connection; it refuses the station's next
    `refused` connection attempts and takes the one after. Keeps when it closed, for the checks."""
    start = len(session.trace.entries)
    session.csms_down()
    closed = _closed_since(session, start)
    if refused:
        found, _ = session.await_attempts(closed, refused)
        if len(found) < refused:
            session.fail(f"the station did not try to reconnect {refused} time(s) while the CSMS refused it")
    session.csms_back()
    session.octt_closed = closed


def reconnection_time(session):
    """Seconds from the close the test CSMS made to the station's next connection."""
    from .station_session import CONNECTED
    closed = session.octt_closed
    wait = max(session.timeout * 4, session.reconnection_deadline())
    connected = session.trace.wait_for(lambda e: session._is_event(e, CONNECTED), wait, closed.seq + 1)
    if connected is None:
        session.fail("the station did not connect to the test CSMS again after it closed the connection")
    session.connection_mark = connected.seq
    return connected.at - closed.at


def expect_reconnection_after_minimum(session):
    """TC_B_57_CS step 2: the reconnection time is at least RetryBackOffWaitMinimum (the configured value,
    scaled; 20 ms for the timers)."""
    minimum = session.protocol_seconds(session.config.integer("retry_back_off_wait_minimum"))
    gap = reconnection_time(session)
    session.octt_first_reconnection = gap
    if gap < minimum - 0.02:
        session.fail(f"Part 4 5.3 (OCTT TC_B_57_CS step 2): the station reconnected {gap:.3f} s after the CSMS closed "
                     f"the connection, before RetryBackOffWaitMinimum ({minimum:.3f} s) had passed")


def expect_reconnection_after_triple(session):
    """TC_B_57_CS step 7: with one attempt refused, the reconnection time is at least 3 times that of
    step 2 (the minimum wait, then twice it). Both times are measured from the close the test CSMS
    made, so both include how late the station noticed it; 3 times the first would count that delay
    three times. The suite asks for the first time plus twice RetryBackOffWaitMinimum (3 times the
    first when the station noticed at once), less 0.1 s for the test CSMS's own delays: a station that
    does not double its wait still fails."""
    first = getattr(session, "octt_first_reconnection", None)
    if first is None:
        raise expect.StepError("measure the first reconnection first (TC_B_57_CS step 2)")
    minimum = session.protocol_seconds(session.config.integer("retry_back_off_wait_minimum"))
    gap = reconnection_time(session)
    least = first + 2 * minimum
    if gap < least - 0.1:
        session.fail(f"Part 4 5.3 (OCTT TC_B_57_CS step 7): after one refused attempt the station reconnected "
                     f"{gap:.3f} s after the close; expected at least 3 times the first reconnection time "
                     f"(the first, {first:.3f} s, plus twice RetryBackOffWaitMinimum, {least:.3f} s): the wait "
                     f"doubles after a failed attempt")


# ---------------------------------------------------------------------- SetNetworkProfile (B09)

def set_network_profile(session, slot):
    """SetNetworkProfile for this slot with the configured connection data: messageTimeout
    (station_timeout), ocppCsmsUrl (CONFIGURED_OCPP_CSMS_URL, else the test CSMS's URL), ocppInterface,
    ocppVersion OCPP20, securityProfile."""
    config = session.config
    data = {"messageTimeout": int(session.timeout) or 1, "ocppCsmsUrl": config.ocpp_csms_url or session.csms.url,
            "ocppInterface": config.ocpp_interface, "ocppTransport": "JSON", "ocppVersion": "OCPP20",
            "securityProfile": config.integer("security_profile")}
    session.command("SetNetworkProfile", {"configurationSlot": slot, "connectionData": data})
