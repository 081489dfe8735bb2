"""Steps about what the CSMS sends to the station, and how the station answers it."""
import json

from behave import given, then

from support.station.answers import Answer
from support.scenario.words import field_rows, split_list


@then("the CSMS sends {action}")
@then("within {seconds:g} seconds the CSMS sends {action}")
@then("the CSMS sends {action} with")
@then("within {seconds:g} seconds the CSMS sends {action} with")
def step_csms_sends_with(context, action, seconds=None):
    """The CSMS sends this request to the test station within the action timeout (or N seconds);
    with a table, every row of it holds for the request (| field | value |; paths like
    getVariableData[0].component.name).

    Example: Then within 30 seconds the CSMS sends ClearCache

    Example:
        Then the CSMS sends Reset with
          | field  | value    |
          | type   | OnIdle   |
          | evseId | (absent) |
    """
    rows = field_rows(context.table) if context.table else ()
    context.session.expect_request(action, rows, timeout=seconds)


@then("while the test station is Pending the CSMS may ask for or set its variables")
def step_csms_may_provision(context):
    """B02: during the interval of a Pending BootNotificationResponse the CSMS may retrieve or set
    information (GetVariables, GetBaseReport, GetReport, SetVariables); the test station answers
    what comes and every such request must follow the schema. Nothing coming is fine too: the step
    watches until the first request, at most the Pending interval (capped by the action timeout).

    Example: Then while the test station is Pending the CSMS may ask for or set its variables
    """
    context.session.watch_pending_provisioning()


@then("the CSMS asks for these variables")
@then("the CSMS asks for these variables in messages of at most {limit:d} items")
def step_csms_asks_variables(context, limit=None):
    """GetVariables requests from the CSMS, together, ask for exactly the variables of the table
    (| component | variable | instance |), in any order; with a limit, no request has more items.

    Example:
        Then the CSMS asks for these variables in messages of at most 4 items
          | component      | variable             | instance     |
          | OCPPCommCtrlr  | OfflineThreshold     |              |
    """
    _variables_across_requests(context, "GetVariables", "getVariableData", limit, with_value=False)


@then("the CSMS sets these variables")
@then("the CSMS sets these variables in messages of at most {limit:d} items")
def step_csms_sets_variables(context, limit=None):
    """SetVariables requests from the CSMS, together, set exactly the variables of the table
    (| component | variable | attributeValue |), in any order, with attributeType absent or Actual.

    Example:
        Then the CSMS sets these variables
          | component     | variable         | attributeValue |
          | OCPPCommCtrlr | OfflineThreshold | 123            |
    """
    _variables_across_requests(context, "SetVariables", "setVariableData", limit, with_value=True)


def _key(item, with_value):
    key = (item["component"]["name"], item["variable"]["name"], item["variable"].get("instance") or "")
    return key + ((str(item.get("attributeValue")),) if with_value else ())


def _variables_across_requests(context, action, items_key, limit, with_value):
    session = context.session
    expected = set()
    for row in context.table:
        instance = row["instance"].strip() if "instance" in row.headings else ""
        key = (row["component"].strip(), row["variable"].strip(), instance)
        expected.add(key + ((row["attributeValue"].strip(),) if with_value else ()))
    seen, sizes = set(), []
    while not expected <= seen:
        payload = session.expect_request(action)
        items = payload[items_key]
        sizes.append(len(items))
        for item in items:
            seen.add(_key(item, with_value))
            if item.get("attributeType", "Actual") not in ("Actual", "Target", "MinSet", "MaxSet"):
                session.fail(f"{action} asks for attributeType {item['attributeType']}")
            if with_value and item.get("attributeType", "Actual") != "Actual":
                session.fail(f"{action} sets attributeType {item['attributeType']}, expected Actual or absent")
    if seen != expected:
        session.fail(f"the CSMS's {action} requests cover {sorted(seen)}, expected exactly {sorted(expected)}")
    if limit is not None and max(sizes) > limit:
        session.fail(f"the CSMS sent {action} requests of {sizes} items; the station allows at most {limit}")


@given('the test station will answer {action} with status "{statuses}"')
def step_station_answers_status(context, action, statuses):
    """How the test station answers the CSMS's requests of this action from now on; several
    statuses are used in turn, the last one repeating.

    Example: Given the test station will answer GetReport with status "EmptyResultSet" then "Accepted"
    """
    names = [s.strip().strip('"') for s in statuses.replace('" then "', ",").split(",")]
    for index, status in enumerate(names):
        context.session.script_answer(action, Answer(status=status), once=index < len(names) - 1)


@given('the test station will answer {action} with CALLERROR "{code}"')
def step_station_answers_error(context, action, code):
    """The test station answers this action with a CALLERROR.

    Example: Given the test station will answer SetNetworkProfile with CALLERROR "NotSupported"
    """
    context.session.script_answer(action, Answer(error_code=code))


@given("the test station will not answer {action}")
def step_station_silent(context, action):
    """The test station never answers this action (to see the CSMS time out).

    Example: Given the test station will not answer GetVariables
    """
    context.session.script_answer(action, Answer(silent=True))


@given("the test station will answer {action} with")
def step_station_answers_payload(context, action):
    """The test station answers this action with the JSON payload of the doc string.

    Example:
        Given the test station will answer ClearCache with
          \"\"\"
          {"status": "Rejected"}
          \"\"\"
    """
    context.session.script_answer(action, Answer(payload=json.loads(context.text)))


@given("the test station allows at most {limit:d} items per {action} message")
def step_items_per_message(context, limit, action):
    """The station's DeviceDataCtrlr.ItemsPerMessage for GetVariables or SetVariables; the CSMS is
    told through the trigger API (set-items-per-message), as a tester configures a real CSMS.
    For ClearVariableMonitoring and SetVariableMonitoring it is MonitoringCtrlr.ItemsPerMessage,
    which the CSMS reads from the station itself (N06.FR.04, TC_N_18).

    Example: Given the test station allows at most 4 items per GetVariables message
    Example: Given the test station allows at most 3 items per ClearVariableMonitoring message
    """
    if action in ("ClearVariableMonitoring", "SetVariableMonitoring"):
        from support.station import diagnostics
        diagnostics.set_monitoring_items_per_message(context.session.station, action, limit)
        return
    kinds = {"GetVariables": "get_variables", "SetVariables": "set_variables", "GetReport": "get_report"}
    if action not in kinds:
        context.session.fail(f"ItemsPerMessage exists for {', '.join(kinds)}, ClearVariableMonitoring and "
                             f"SetVariableMonitoring, not {action}")
    context.session.station.model.variables[("DeviceDataCtrlr", "ItemsPerMessage", action)] = str(limit)
    context.session.trigger_now(f"tell the CSMS the station's ItemsPerMessage {action} is {limit}",
                                "set_items_per_message", context.settings.station_id, **{kinds[action]: limit})


__all__ = ["split_list"]
