"""Steps that make the CSMS act: OCTT's "manual action on the CSMS", done through the trigger API
(or, against a CSMS without one, printed for an operator to do by hand)."""
import json

from behave import given, when

from support.scenario import csms_commands
from support.scenario.words import enum_value


def _station(context):
    # the station the scenario talks about (the configured one, or the one of a security profile step)
    return context.session.station.station_id


@given("the CSMS will answer the next boot of the test station with {status}")
def step_next_boot(context, status):
    """Configure the CSMS to answer the station's next BootNotification with Pending or Rejected
    (trigger API set-pending-boot); later boots are Accepted.

    Example: Given the CSMS will answer the next boot of the test station with Pending
    """
    status = enum_value("RegistrationStatus", status.strip('"'))
    context.session.answer_next_boot_with(status)


@when("the CSMS is asked to send {action} with")
def step_csms_send(context, action):
    """Make the CSMS send any request to the station; the doc string is its JSON payload
    (trigger API call/{Action}).

    Example:
        When the CSMS is asked to send GetReport with
          \"\"\"
          {"requestId": 1, "componentCriteria": ["Problem"]}
          \"\"\"
    """
    try:
        payload = json.loads(context.text)
    except (TypeError, ValueError) as exc:
        context.session.fail(f"the doc string of this step is not a JSON object: {exc}")
    context.session.trigger(f"make the CSMS send {action} {context.text.strip()}", "call",
                            _station(context), action, payload)


@when('the CSMS is asked to reset the test station with type "{reset_type}"')
def step_reset_station(context, reset_type):
    """Make the CSMS reset the whole station (ResetRequest without evseId; in OCPP 1.6 Reset.req
    with type Hard or Soft). The trigger API's report of the answer is kept.

    Example: When the CSMS is asked to reset the test station with type "OnIdle"
    """
    version = context.session.version
    reset_type = enum_value("ResetType" if version == "1.6" else "Reset", reset_type, version)
    description = f"make the CSMS reset the station ({reset_type})"
    future = context.session.trigger(description, "call", _station(context), "Reset", {"type": reset_type})
    csms_commands._keep(context.session, "Reset", future, description)


@when('the CSMS is asked to reset EVSE {evse:d} with type "{reset_type}"')
def step_reset_evse(context, evse, reset_type):
    """Make the CSMS reset one EVSE (ResetRequest with evseId).

    Example: When the CSMS is asked to reset EVSE 1 with type "Immediate"
    """
    reset_type = enum_value("Reset", reset_type)
    context.session.trigger(f"make the CSMS reset EVSE {evse} ({reset_type})", "call", _station(context),
                            "Reset", {"type": reset_type, "evseId": evse})


def _variable_rows(context, with_value):
    data = []
    for row in context.table:
        variable = {"name": row["variable"].strip()}
        if "instance" in row.headings and row["instance"].strip():
            variable["instance"] = row["instance"].strip()
        item = {"component": {"name": row["component"].strip()}, "variable": variable}
        if with_value:
            item["attributeValue"] = row["attributeValue"].strip()
        data.append(item)
    return data


@when("the CSMS is asked to get these variables")
def step_get_variables(context):
    """Make the CSMS read variables of the station (trigger API get-variables; the CSMS splits
    them by the station's ItemsPerMessage). Table: | component | variable | instance |.

    Example:
        When the CSMS is asked to get these variables
          | component     | variable         |
          | OCPPCommCtrlr | OfflineThreshold |
    """
    data = _variable_rows(context, False)
    context.session.trigger(f"make the CSMS get {len(data)} variables", "get_variables", _station(context), data)


@when("the CSMS is asked to set these variables")
def step_set_variables(context):
    """Make the CSMS set variables of the station (trigger API set-variables).
    Table: | component | variable | attributeValue |.

    Example:
        When the CSMS is asked to set these variables
          | component     | variable         | attributeValue |
          | OCPPCommCtrlr | OfflineThreshold | 123            |
    """
    data = _variable_rows(context, True)
    context.session.trigger(f"make the CSMS set {len(data)} variables", "set_variables", _station(context), data)


@when('the CSMS is asked for the base report "{report_base}"')
def step_base_report(context, report_base):
    """Make the CSMS request a base report (GetBaseReportRequest).

    Example: When the CSMS is asked for the base report "FullInventory"
    """
    report_base = enum_value("ReportBase", report_base)
    request_id = context.session.next_request_id()
    context.session.trigger(f"make the CSMS request the {report_base} report", "call", _station(context),
                            "GetBaseReport", {"requestId": request_id, "reportBase": report_base})


@when('the CSMS is asked for a report of {variable} of EVSE {evse:d} from the components in state "{criterion}"')
def step_custom_report(context, variable, evse, criterion):
    """Make the CSMS request a custom report (GetReportRequest) of one EVSE variable, limited to
    components that match a ComponentCriterion.

    Example: When the CSMS is asked for a report of AvailabilityState of EVSE 1 from the components in state "Problem"
    """
    criterion = enum_value("ComponentCriterion", criterion)
    request_id = context.session.next_request_id()
    payload = {"requestId": request_id, "componentCriteria": [criterion],
               "componentVariable": [{"component": {"name": "EVSE", "evse": {"id": evse}},
                                      "variable": {"name": variable}}]}
    context.session.trigger(f"make the CSMS request a report of {variable} ({criterion})", "call",
                            _station(context), "GetReport", payload)


@when("the CSMS is asked to clear the authorization cache of the test station")
def step_clear_cache(context):
    """Make the CSMS send ClearCacheRequest (ClearCache.req in OCPP 1.6). The trigger API's report of
    the answer is kept.

    Example: When the CSMS is asked to clear the authorization cache of the test station
    """
    description = "make the CSMS clear the authorization cache"
    future = context.session.trigger(description, "call", _station(context), "ClearCache", {})
    csms_commands._keep(context.session, "ClearCache", future, description)


@when('the CSMS is asked to trigger a {message} message')
def step_trigger_message(context, message):
    """Make the CSMS send TriggerMessageRequest for a MessageTrigger value (in OCPP 1.6 TriggerMessage.req
    without connectorId).

    Example: When the CSMS is asked to trigger a BootNotification message
    """
    if context.session.version == "1.6":
        from support.station.ocpp16 import remote_trigger
        return remote_trigger.ask_trigger(context.session, enum_value("MessageTrigger", message, "1.6"))
    csms_commands.ask_to_trigger(context.session, enum_value("MessageTrigger", message))


@when("the CSMS is asked to set the network connection profile of the test station")
def step_network_profile(context):
    """Make the CSMS send SetNetworkProfileRequest for the configured configuration slot, with
    connection data from the configuration (the CSMS URL, OCPP20, JSON, security profile,
    messageTimeout and ocppInterface).

    Example: When the CSMS is asked to set the network connection profile of the test station
    """
    payload = context.session.network_profile()
    context.session.trigger("make the CSMS set a network connection profile", "call", _station(context),
                            "SetNetworkProfile", payload)
