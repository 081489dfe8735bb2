"""@station features: how the suite's test CSMS answers the station under test, and the commands
it sends to it."""
import json

from behave import given, then, when

from support.csms.scripted import (CommandSpec, NO_ANSWER, build_get_base_report, build_get_variables,
                                   build_set_variables, parse_variable_specs)
from support.scenario import station_availability
from support.scenario.expect import StepError, substitute
from support.scenario.words import enum_value, field_rows, split_list


def station_session(context):
    session = context.session
    if getattr(session, "direction", None) != "station":
        raise AssertionError("this sentence is for @station scenarios (the suite plays the CSMS); "
                             "tag the scenario or feature @station")
    return session


def _variable_specs(text, with_value):
    try:
        return parse_variable_specs(text, with_value)
    except ValueError as exc:
        raise StepError(str(exc)) from None


def _statuses(text):
    return [enum_value("RegistrationStatus", s.strip().strip('"'))
            for s in text.replace(" then ", ",").split(",") if s.strip()]


@given("the test CSMS will answer BootNotification with {statuses}")
def step_boot_sequence(context, statuses):
    """The test CSMS answers the station's boots with these statuses in turn; the last repeats.

    Example: Given the test CSMS will answer BootNotification with Pending then Accepted
    """
    station_session(context).script.boot_statuses = _statuses(statuses)


@given("the test CSMS gives a heartbeat interval of {seconds:d} seconds")
def step_heartbeat_interval(context, seconds):
    """The interval in BootNotificationResponse (protocol seconds; the embedded station runs them
    scaled by station_time_scale).

    Example: Given the test CSMS gives a heartbeat interval of 2 seconds
    """
    station_session(context).script.heartbeat_interval = seconds


@given('the test CSMS accepts only the idTokens "{tokens}"')
def step_whitelist(context, tokens):
    """Authorization mode allow list: these idTokens are Accepted, every other one Blocked.

    Example: Given the test CSMS accepts only the idTokens "TAG-1, TAG-2"
    """
    script = station_session(context).script
    script.auth_mode, script.whitelist = "whitelist", set(split_list(tokens))


@given('the test CSMS blocks the idTokens "{tokens}"')
def step_blacklist(context, tokens):
    """Authorization mode block list: these idTokens are Blocked, every other one Accepted.

    Example: Given the test CSMS blocks the idTokens "STOLEN-1"
    """
    script = station_session(context).script
    script.auth_mode, script.blacklist = "blacklist", set(split_list(tokens))


@given("the test CSMS will answer every authorization with NotAtThisTime")
def step_rate_limit(context):
    """Authorization mode rate limit: every idToken gets status NotAtThisTime.

    Example: Given the test CSMS will answer every authorization with NotAtThisTime
    """
    station_session(context).script.auth_mode = "rate_limit"


@given("the test CSMS fails every Authorize with CALLERROR InternalError")
def step_offline(context):
    """A CSMS failure: Authorize is answered with CALLERROR InternalError.

    Example: Given the test CSMS fails every Authorize with CALLERROR InternalError
    """
    station_session(context).script.offline = True


@given('the test CSMS gives groupIdToken "{group}" and a cache expiry of {seconds:d} seconds')
def step_group_and_expiry(context, group, seconds):
    """idTokenInfo carries this groupIdToken and a cacheExpiryDateTime this far in the future.

    Example: Given the test CSMS gives groupIdToken "GROUP-7" and a cache expiry of 3600 seconds
    """
    script = station_session(context).script
    script.auth_group_id, script.auth_cache_expiry = group, seconds


@given("the test CSMS reports a total cost of {cost:g} in TransactionEvent answers")
def step_total_cost(context, cost):
    """TransactionEvent Updated answers carry this totalCost (running cost).

    Example: Given the test CSMS reports a total cost of 25.50 in TransactionEvent answers
    """
    station_session(context).script.total_cost = cost


@given("the test CSMS will answer {action} with")
def step_csms_answer_payload(context, action):
    """The test CSMS answers this action with the doc string's JSON payload.

    Example:
        Given the test CSMS will answer DataTransfer with
          \"\"\"
          {"status": "Rejected"}
          \"\"\"
    """
    session = station_session(context)
    session.script.answers[session.action(action)] = json.loads(context.text)


@given("the test CSMS will not answer {action}")
def step_csms_silent(context, action):
    """The test CSMS never answers this action (the station must time out and go on).

    Example: Given the test CSMS will not answer Heartbeat
    """
    session = station_session(context)
    session.script.answers[session.action(action)] = NO_ANSWER


@given("the test CSMS sends {action} every {seconds:g} seconds once the station has booted")
def step_periodic(context, action, seconds):
    """A periodic CSMS command (protocol seconds, scaled for the embedded station), built from the
    script's defaults (e.g. GetBaseReport FullInventory); the schedule starts when the CSMS accepts
    the station's boot in this scenario (at once if it already has), whatever the connection did.

    Example: Given the test CSMS sends GetBaseReport every 2 seconds once the station has booted
    """
    session = station_session(context)
    period = max(0.05, seconds * session.time_scale)
    session.schedule_after_boot(CommandSpec(session.action(action), period=period, delay=period))


@when("the test CSMS sends {action} with")
def step_command_payload(context, action):
    """The test CSMS sends this request to the station now; the doc string is its JSON payload, in which
    <NAME> is a configured value (<CONFIGURED_EVSE_ID>, "<CONFIGURED_MESSAGE_ID>").

    Example:
        When the test CSMS sends SetVariables with
          \"\"\"
          {"setVariableData": [{"component": {"name": "OCPPCommCtrlr"},
            "variable": {"name": "HeartbeatInterval"}, "attributeValue": "30"}]}
          \"\"\"
    """
    session = station_session(context)
    session.command(action, json.loads(substitute(context.text, session.config)))


@when('the test CSMS sends TriggerMessage for {message}')
def step_trigger(context, message):
    """TriggerMessage with this requestedMessage.

    Example: When the test CSMS sends TriggerMessage for StatusNotification
    """
    session = station_session(context)
    message = session.enum_at("TriggerMessage", "requestedMessage", message)
    session.command("TriggerMessage", {"requestedMessage": message})


@when('the test CSMS sends Reset "{reset_type}"')
def step_reset(context, reset_type):
    """Reset of the whole station with this type (Immediate or OnIdle; Hard or Soft in OCPP 1.6).

    Example: When the test CSMS sends Reset "Immediate"
    """
    session = station_session(context)
    session.command("Reset", {"type": session.enum_at("Reset", "type", reset_type)})


@when('the test CSMS sends ChangeAvailability "{status}"')
def step_change_availability(context, status):
    """ChangeAvailability of the whole station to Operative or Inoperative.

    Example: When the test CSMS sends ChangeAvailability "Inoperative"
    """
    station_session(context).command("ChangeAvailability",
                                     {"operationalStatus": enum_value("OperationalStatus", status)})


# (here, not in station_availability_steps.py: a sentence "the test CSMS sends X ..." is registered before
# the one "the test CSMS sends {action}" below, which would take it)
@when('the test CSMS sends ChangeAvailability "{status}" for the configured {component:w}')
def step_change_availability_of(context, status, component):
    """ChangeAvailability to Operative or Inoperative of the configured EVSE (evse.id CONFIGURED_EVSE_ID) or
    of the configured connector (evse.id and evse.connectorId CONFIGURED_CONNECTOR_ID).

    Example: When the test CSMS sends ChangeAvailability "Operative" for the configured EVSE
    """
    station_availability.change_availability(station_session(context), status, component)


@when('the test CSMS sends RequestStartTransaction for idToken "{token}" on EVSE {evse:d}')
def step_remote_start(context, token, evse):
    """Remote start with this idToken (type ISO14443) on an EVSE.

    Example: When the test CSMS sends RequestStartTransaction for idToken "REMOTE-1" on EVSE 1
    """
    session = station_session(context)
    session.command("RequestStartTransaction", {"idToken": {"idToken": token, "type": "ISO14443"},
                                                "evseId": evse, "remoteStartId": len(session.commands) + 1})


@when('the test CSMS sends GetVariables "{specs}"')
def step_get_variables(context, specs):
    """GetVariables for these Component.Variable specs (comma-separated; instances in brackets).

    Example: When the test CSMS sends GetVariables "ChargingStation.AvailabilityState"
    """
    station_session(context).command("GetVariables", build_get_variables(_variable_specs(specs, False)))


@when('the test CSMS sends SetVariables "{specs}"')
def step_set_variables(context, specs):
    """SetVariables for these Component.Variable=Value specs (comma-separated).

    Example: When the test CSMS sends SetVariables "OCPPCommCtrlr.HeartbeatInterval=10"
    """
    station_session(context).command("SetVariables", build_set_variables(_variable_specs(specs, True)))


@when('the test CSMS sends GetBaseReport "{report_base}"')
def step_get_base_report(context, report_base):
    """GetBaseReport of this reportBase (ConfigurationInventory, FullInventory, SummaryInventory).

    Example: When the test CSMS sends GetBaseReport "FullInventory"
    """
    station_session(context).command("GetBaseReport", build_get_base_report(enum_value("ReportBase", report_base)))


@when("the test CSMS goes down")
def step_csms_down(context):
    """The test CSMS stops: the station's connection drops and, until the CSMS comes back, its port
    refuses WebSocket connections (each attempt of the station shows in the trace).

    Example: When the test CSMS goes down
    """
    station_session(context).csms_down()


@when("the test CSMS comes back")
def step_csms_back(context):
    """The test CSMS listens again on the same address.

    Example: When the test CSMS comes back
    """
    station_session(context).csms_back()


@when("the test CSMS sends {action}")
def step_command(context, action):
    """The test CSMS sends this request now, with its default payload (RequestStopTransaction
    names the station's current transaction, GetBaseReport asks FullInventory, ...).

    Example: When the test CSMS sends RequestStopTransaction
    """
    station_session(context).command(action)


@then("the station answers {action} with")
def step_station_answer_table(context, action):
    """The station's answer to the CSMS's last request of this action matches the table.

    Example:
        Then the station answers GetTransactionStatus with
          | field           | value |
          | messagesInQueue | false |
    """
    station_session(context).check_command_answer(action, field_rows(context.table))


@then("the station lists the certificate if it accepted the InstallCertificate")
def step_installed_listed(context):
    """If the station answered the CSMS's InstallCertificate with Accepted, its answer to the
    GetInstalledCertificateIds that followed has status Accepted and lists a certificate of the
    installed type; a Rejected or Failed install (allowed by the test plan) leaves nothing to check.

    Example: Then the station lists the certificate if it accepted the InstallCertificate
    """
    station_session(context).check_installed_certificate_listed()


@then("the station answers {action} with CALLERROR {codes}")
def step_station_answer_error(context, action, codes):
    """The station answered the CSMS's request with a CALLERROR of one of these codes.

    Example: Then the station answers ReserveNow with CALLERROR "NotSupported"
    """
    station_session(context).check_command_error(action, codes)


@then('the station answers {count:d} {action} requests with status "{status}"')
def step_station_answers_count(context, count, action, status):
    """The station answered at least this many requests of the action (from the CSMS's schedule or
    from steps), each with a CALLRESULT of this status.

    Example: Then the station answers 3 GetBaseReport requests with status "Accepted"
    """
    station_session(context).expect_answered_requests(action, count, [("status", status)])


@then('the station answers {action} with {field} "{value}"')
def step_station_answer_field(context, action, field, value):
    """One field of the station's answer to the CSMS's last request of this action; `"A" or "B"`
    allows either.

    Example: Then the station answers Reset with status "Accepted"
    """
    station_session(context).check_command_answer(action, [(field, value)])


@then('the station answers {action} with status "{status}" if it implements it')
def step_station_answer_status_if_implemented(context, action, status):
    """The station's answer to the CSMS's last request of this action has this status; an answer
    NotImplemented (the status, or CALLERROR NotImplemented) says the station does not offer what the
    case tests (an optional feature): the scenario is not run.

    Example: Then the station answers TriggerMessage with status "Accepted" if it implements it
    """
    from support.scenario.outcomes import not_run_if_not_implemented
    session = station_session(context)
    not_run_if_not_implemented(session.command_outcome(action))
    session.check_command_answer(action, [("status", status)])


@then("the station answered every request of the test CSMS without a CALLERROR")
def step_no_callerror(context):
    """Every request the CSMS sent in this scenario got a CALLRESULT, and nothing the station sent
    broke OCPP-J or the schema.

    Example: Then the station answered every request of the test CSMS without a CALLERROR
    """
    station_session(context).check_no_callerror()


# ---------------------------------------------------------------------- what the CSMS answered

@then('the test CSMS answered each {action} of the station with {field} "{value}"')
def step_csms_answered_every_field(context, action, field, value):
    """Every message of this action the station sent got a CALLRESULT with this field.

    Example: Then the test CSMS answered each Heartbeat of the station with currentTime "(present)"
    """
    station_session(context).check_every_csms_answer(action, [(field, value)])


@then("the test CSMS answered each {action} of the station")
def step_csms_answered_every(context, action):
    """Every message of this action the station sent got a CALLRESULT.

    Example: Then the test CSMS answered each StatusNotification of the station
    """
    station_session(context).check_every_csms_answer(action)


@then("the test CSMS's answer to {action} is CALLERROR {codes}")
def step_csms_answered_error(context, action, codes):
    """The CSMS answered the station's message (the one a step matched last) with a CALLERROR.

    Example: Then the test CSMS's answer to Authorize is CALLERROR InternalError
    """
    station_session(context).check_csms_error(action, codes)


@then("the test CSMS's answer to {action} is an empty payload")
def step_csms_answered_empty(context, action):
    """The CSMS answered the station's message (the one a step matched last) with {}.

    Example: Then the test CSMS's answer to SecurityEventNotification is an empty payload
    """
    station_session(context).check_csms_empty(action)


@then('the test CSMS\'s answer to {action} has {field} "{value}"')
def step_csms_answered_field(context, action, field, value):
    """One field of the CSMS's answer to the station's message (the one a step matched last).

    Example: Then the test CSMS's answer to Authorize has idTokenInfo.status "Blocked"
    """
    station_session(context).check_csms_answer(action, [(field, value)])


@then("the test CSMS's answer to {action} has")
def step_csms_answered_table(context, action):
    """The CSMS's answer to the station's message (the one a step matched last) matches the table.

    Example:
        Then the test CSMS's answer to Get15118EVCertificate has
          | field       | value     |
          | status      | Accepted  |
          | exiResponse | (present) |
    """
    station_session(context).check_csms_answer(action, field_rows(context.table))
