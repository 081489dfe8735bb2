"""Block N Diagnostics: logs (GetLog, LogStatusNotification), monitoring (reports, monitors, base,
level, events) and customer information, and the checks of what the CSMS reported."""
from behave import given, then, when

from support.station import diagnostics
from support.scenario.words import enum_value, field_rows, id_token, split_list


def _ids(text):
    try:
        return [int(i) for i in split_list(text)]
    except ValueError:
        raise AssertionError(f"'{text}' is not a list of monitor ids such as 1, 2 and 3") from None


def _criteria(text):
    return [enum_value("MonitoringCriterion", c) for c in split_list(text)]


# ---------------------------------------------------------------------- logs (N01)

@when('the CSMS is asked to retrieve the "{log_type}" of the test station')
def step_get_log(context, log_type):
    """Make the CSMS send GetLogRequest for a LogEnumType (DiagnosticsLog or SecurityLog), with a new
    requestId and an upload location.

    Example: When the CSMS is asked to retrieve the "SecurityLog" of the test station
    """
    log_type = enum_value("Log", log_type)
    payload = diagnostics.get_log_request(context.session.next_request_id(), log_type)
    diagnostics.ask_csms(context.session, f"make the CSMS request the {log_type}", "GetLog", payload)


@then("the CSMS requests the log again with a new requestId")
def step_new_get_log(context):
    """The CSMS sends a further GetLogRequest whose requestId none of its earlier ones had.

    Example: Then the CSMS requests the log again with a new requestId
    """
    diagnostics.check_new_log_request(context.session)


@when('the test station sends LogStatusNotification "{status}" for the {ordinal} log request of the CSMS')
def step_log_status(context, status, ordinal="last"):
    """Send LogStatusNotification with an UploadLogStatus for the requestId of the CSMS's (last,
    first, second, ...) GetLogRequest; the CSMS must answer it.

    Example: When the test station sends LogStatusNotification "AcceptedCanceled" for the first log request of the CSMS
    """
    status = enum_value("UploadLogStatus", status)
    request = diagnostics.request_of_csms(context.session, "GetLog", ordinal)
    context.session.send_expecting_answer("LogStatusNotification",
                                          {"status": status, "requestId": request["requestId"]})


# ---------------------------------------------------------------------- monitoring reports (N02)

@when("the CSMS is asked for a monitoring report of all monitors")
def step_monitoring_report_all(context):
    """Make the CSMS send GetMonitoringReportRequest without monitoringCriteria and componentVariable.

    Example: When the CSMS is asked for a monitoring report of all monitors
    """
    payload = diagnostics.get_monitoring_report_request(context.session.next_request_id())
    diagnostics.ask_csms(context.session, "make the CSMS request a report of all monitors", "GetMonitoringReport",
                         payload)


@when('the CSMS is asked for a monitoring report with criteria "{criteria}"')
def step_monitoring_report_criteria(context, criteria):
    """Make the CSMS send GetMonitoringReportRequest with these MonitoringCriterion values.

    Example: When the CSMS is asked for a monitoring report with criteria "DeltaMonitoring"
    """
    payload = diagnostics.get_monitoring_report_request(context.session.next_request_id(), _criteria(criteria))
    diagnostics.ask_csms(context.session, f"make the CSMS request a monitoring report ({criteria})",
                         "GetMonitoringReport", payload)


@when("the CSMS is asked for a monitoring report of these variables")
@when('the CSMS is asked for a monitoring report with criteria "{criteria}" of these variables')
def step_monitoring_report_variables(context, criteria=""):
    """Make the CSMS send GetMonitoringReportRequest for these components and variables (table
    | component | evse | variable |; evse may be empty or <CONFIGURED_EVSE_ID>), with criteria if given.

    Example:
        When the CSMS is asked for a monitoring report with criteria "ThresholdMonitoring" of these variables
          | component       | evse | variable |
          | ChargingStation |      | Power    |
    """
    variables = diagnostics.component_variables(context.table, context.settings)
    payload = diagnostics.get_monitoring_report_request(context.session.next_request_id(),
                                                        _criteria(criteria) if criteria else (), variables)
    diagnostics.ask_csms(context.session, f"make the CSMS request a monitoring report of {len(variables)} variables",
                         "GetMonitoringReport", payload)


@when("the test station sends NotifyMonitoringReport for the request of the CSMS")
@when("the test station sends NotifyMonitoringReport for the request of the CSMS in {pages:d} pages")
def step_notify_monitoring_report(context, pages=1):
    """Answer the CSMS's last GetMonitoringReport with the station's matching monitors in
    NotifyMonitoringReport pages (seqNo from 0, tbc true on all but the last); each page must be answered.

    Example: When the test station sends NotifyMonitoringReport for the request of the CSMS in 2 pages
    """
    request = diagnostics.request_of_csms(context.session, "GetMonitoringReport")
    diagnostics.send_pages(context.session, "NotifyMonitoringReport",
                           diagnostics.monitoring_report_pages(context.session.station.model, request, pages))


# ---------------------------------------------------------------------- monitors, base and level (N03-N06)

@when('the CSMS is asked to set the monitoring base to "{base}"')
def step_monitoring_base(context, base):
    """Make the CSMS send SetMonitoringBaseRequest (All, FactoryDefault or HardWiredOnly).

    Example: When the CSMS is asked to set the monitoring base to "FactoryDefault"
    """
    base = enum_value("MonitorBase", base)
    diagnostics.ask_csms(context.session, f"make the CSMS set the monitoring base {base}", "SetMonitoringBase",
                         {"monitoringBase": base})


@when("the CSMS is asked to set the monitoring level to {severity:d}")
def step_monitoring_level(context, severity):
    """Make the CSMS send SetMonitoringLevelRequest with this severity (0 to 9).

    Example: When the CSMS is asked to set the monitoring level to 4
    """
    diagnostics.ask_csms(context.session, f"make the CSMS set the monitoring level {severity}", "SetMonitoringLevel",
                         {"severity": severity})


@when("the CSMS is asked to set these variable monitors")
def step_set_monitors(context):
    """Make the CSMS send SetVariableMonitoringRequest with one setMonitoringData per row
    (| component | evse | variable | type | value | severity |; evse may be empty or <CONFIGURED_EVSE_ID>).

    Example:
        When the CSMS is asked to set these variable monitors
          | component | evse                 | variable          | type  | value | severity |
          | EVSE      | <CONFIGURED_EVSE_ID> | AvailabilityState | Delta | 1     | 8        |
    """
    for row in context.table:
        enum_value("Monitor", row["type"].strip())
    data = diagnostics.set_monitoring_data(context.table, context.settings)
    diagnostics.ask_csms(context.session, f"make the CSMS set {len(data)} monitors", "SetVariableMonitoring",
                         {"setMonitoringData": data})


@when("the CSMS is asked to clear the monitors {ids}")
def step_clear_monitors(context, ids):
    """Make the CSMS clear monitors by id (ClearVariableMonitoringRequest; the CSMS keeps to the
    station's ItemsPerMessage, N06.FR.04).

    Example: When the CSMS is asked to clear the monitors 1, 2, 3, 4 and 5
    """
    ids = _ids(ids)
    diagnostics.ask_csms(context.session, f"make the CSMS clear the monitors {ids}", "ClearVariableMonitoring",
                         {"id": ids}, decided=diagnostics.clear_monitors_decided(context.session.station, ids),
                         unless_seen="GetVariables")


@then("the CSMS clears the monitors {ids} in messages of at most {limit:d} ids")
def step_cleared_in_parts(context, ids, limit):
    """ClearVariableMonitoring requests of the CSMS, together, clear exactly these ids and none has
    more than the limit; further parts are watched for FOLLOWUP_REQUEST_WAIT seconds.

    Example: Then the CSMS clears the monitors 1, 2, 3, 4 and 5 in messages of at most 3 ids
    """
    diagnostics.check_cleared_in_parts(context.session, _ids(ids), limit)


# ---------------------------------------------------------------------- events (N07, N08)

@when("the test station reports this monitoring event")
@when("the test station reports this monitoring event {times:d} times")
def step_monitoring_event(context, times=1):
    """Send NotifyEvent with one eventData from the table (| field | value |: trigger, actualValue,
    cleared, eventNotificationType, component, evse, connector, variable, variableMonitoringId, ...),
    once or N times; every one must be answered.

    Example:
        When the test station reports this monitoring event 3 times
          | field                 | value                |
          | trigger               | Periodic             |
          | eventNotificationType | HardWiredMonitor     |
          | component             | EVSE                 |
          | evse                  | <CONFIGURED_EVSE_ID> |
          | variable              | AvailabilityState    |
          | actualValue           | Available            |
    """
    station = context.session.require_connected()
    fields = dict(field_rows(context.table))
    for name in ("trigger", "eventNotificationType"):
        if name in fields:
            enum_value({"trigger": "EventTrigger"}.get(name, "EventNotification"), fields[name])
    for _ in range(times):
        context.session.send_expecting_answer("NotifyEvent",
                                              diagnostics.monitoring_event(station, fields, context.settings))


@then("the CSMS answers every {action} with an empty payload")
def step_empty_answers(context, action):
    """Every message of this action the station sent got a CALLRESULT with an empty payload {}.

    Example: Then the CSMS answers every NotifyEvent with an empty payload
    """
    diagnostics.check_empty_answers(context.session, action)


# ---------------------------------------------------------------------- customer information (N09, N10)

def _ask_customer(context, report, clear, reference, what):
    payload = diagnostics.customer_information_request(context.session.next_request_id(), report, clear, reference)
    diagnostics.ask_csms(context.session, f"make the CSMS {what} the customer information of "
                                          f"{diagnostics.describe_reference(reference)}", "CustomerInformation", payload)


@when("the CSMS is asked for the customer information of the {token} idToken")
def step_customer_report(context, token):
    """Make the CSMS send CustomerInformationRequest with report true, clear false, for a configured idToken.

    Example: When the CSMS is asked for the customer information of the valid idToken
    """
    _ask_customer(context, True, False, {"idToken": id_token(context.settings, token)}, "get")


@when("the CSMS is asked to clear the customer information of the {token} idToken")
def step_customer_clear(context, token):
    """Make the CSMS send CustomerInformationRequest with report false, clear true, for a configured idToken.

    Example: When the CSMS is asked to clear the customer information of the valid idToken
    """
    _ask_customer(context, False, True, {"idToken": id_token(context.settings, token)}, "clear")


@when("the CSMS is asked for the customer information of the {token} idToken, and to clear it")
def step_customer_clear_report(context, token):
    """Make the CSMS send CustomerInformationRequest with report true and clear true, for a configured idToken.

    Example: When the CSMS is asked for the customer information of the valid idToken, and to clear it
    """
    _ask_customer(context, True, True, {"idToken": id_token(context.settings, token)}, "clear and report")


@when('the CSMS is asked for the customer information of the customer "{identifier}", and to clear it')
def step_customer_clear_report_identifier(context, identifier):
    """Make the CSMS send CustomerInformationRequest with report and clear true for a customerIdentifier.

    Example: When the CSMS is asked for the customer information of the customer "OpenChargeAlliance", and to clear it
    """
    _ask_customer(context, True, True, {"customerIdentifier": identifier}, "clear and report")


@when("the CSMS is asked for the customer information of the customer certificate, and to clear it")
def step_customer_clear_report_certificate(context):
    """Make the CSMS send CustomerInformationRequest with report and clear true for the hash data of a
    customer's certificate (support/station/diagnostics.py CUSTOMER_CERTIFICATE).

    Example: When the CSMS is asked for the customer information of the customer certificate, and to clear it
    """
    _ask_customer(context, True, True, {"customerCertificate": dict(diagnostics.CUSTOMER_CERTIFICATE)},
                  "clear and report")


@when("the test station sends NotifyCustomerInformation for the request of the CSMS")
@when("the test station sends NotifyCustomerInformation for the request of the CSMS in {pages:d} pages")
def step_notify_customer(context, pages=1):
    """Answer the CSMS's last CustomerInformationRequest with the customer's data in
    NotifyCustomerInformation pages (seqNo from 0, tbc true on all but the last); each must be answered.

    Example: When the test station sends NotifyCustomerInformation for the request of the CSMS in 2 pages
    """
    request = diagnostics.request_of_csms(context.session, "CustomerInformation")
    diagnostics.send_pages(context.session, "NotifyCustomerInformation", diagnostics.customer_information_pages(
        context.settings.station_id, request, pages))


@when("the test station sends an empty NotifyCustomerInformation for the request of the CSMS")
def step_notify_customer_no_data(context):
    """Answer the CSMS's last CustomerInformationRequest with one NotifyCustomerInformation whose data
    is empty (the station holds nothing about that customer).

    Example: When the test station sends an empty NotifyCustomerInformation for the request of the CSMS
    """
    request = diagnostics.request_of_csms(context.session, "CustomerInformation")
    diagnostics.send_pages(context.session, "NotifyCustomerInformation", diagnostics.customer_information_pages(
        context.settings.station_id, request, 1, with_data=False))


@given("the test station has the local authorization list version {version:d} with the {token} idToken from the CSMS")
def step_local_list_precondition(context, version, token):
    """Precondition: the CSMS sends a full local authorization list of this version holding the idToken
    (SendLocalListRequest through the trigger API), and the station accepts it.

    Example: Given the test station has the local authorization list version 1 with the valid idToken from the CSMS
    """
    payload = diagnostics.local_list_request(version, id_token(context.settings, token))
    # the list and its version are the CSMS's (send-local-list, in which the CSMS decides); a list the
    # suite writes says nothing of what the CSMS keeps (N10.FR.02), so without the command it is not run
    from support.scenario import csms_commands
    token_id = id_token(context.settings, token)
    csms_commands.ask(context.session, f"make the CSMS send the local list version {version}", "send-local-list",
                      {"updateType": "Full", "idTokens": [token_id["idToken"] if isinstance(token_id, dict)
                                                          else token_id]}, "SendLocalList", payload)
    context.session.expect_request("SendLocalList", [("updateType", "Full"), ("versionNumber", str(version))])
    diagnostics.check_reported_answer(context.session, "SendLocalList", [("status", "Accepted")])


# ---------------------------------------------------------------------- what the CSMS reported

@then("the CSMS reports that the test station answered {action} with")
def step_reported_answer(context, action):
    """The trigger API's report of the station's answer to the request of this action the CSMS was
    last asked to send: a CALLRESULT whose fields hold every row (| field | value |). Without a
    trigger API this cannot be seen and is only noted.

    Example:
        Then the CSMS reports that the test station answered GetLog with
          | field  | value            |
          | status | AcceptedCanceled |
    """
    diagnostics.check_reported_answer(context.session, action, field_rows(context.table))
