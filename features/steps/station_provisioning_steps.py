"""@station features, block B Provisioning: the OCTT charging-station cases' configuration states,
answers whose items come in any order, base reports and the boot after a trigger while Pending.
The logic is in support/scenario/station_provisioning.py."""
from behave import given, then, when

from support.scenario import station_provisioning as checks
from support.scenario.words import field_rows

from station_csms_steps import station_session


@given('the station\'s {spec} is "{value}"')
def step_configuration_state(context, spec, value):
    """OCTT "Before: Configuration State": the test CSMS sets the variable (Component.Variable, instances
    in brackets) with SetVariables, which must be Accepted; a station that does not know it, refuses the
    value or needs a reboot for it cannot be brought into the case's state: the scenario is not run. A
    real station gets the old value back after the scenario.

    Example: Given the station's OCPPCommCtrlr.OfflineThreshold is "300"
    """
    checks.set_configuration_state(station_session(context), spec, value)


@when('the test CSMS sets {spec} to "{value}"')
def step_set_one_variable(context, spec, value):
    """SetVariables of one variable (attributeType left out); in the value "(now)" is the current
    time and <NAME> a configured value.

    Example: When the test CSMS sets ClockCtrlr.NextTimeOffsetTransitionDateTime to "(now)"
    """
    checks.set_variable(station_session(context), spec, value)


@then("the station answers {action} with these {field} items in any order")
def step_items_any_order(context, action, field):
    """The station's answer to the CSMS's last request of this action has one item of this list per
    row, in any order (OCTT "in arbitrary order"); the headings are field paths inside an item, and
    an empty cell checks nothing.

    Example:
        Then the station answers GetVariables with these getVariableResult items in any order
          | attributeStatus | component.name | variable.name         | attributeValue |
          | Accepted        | OCPPCommCtrlr  | OfflineThreshold      | 300            |
          | Accepted        | AuthCtrlr      | LocalAuthorizeOffline | true           |
    """
    checks.check_items_any_order(station_session(context), action, field, context.table)


@then("every variable the station reported for the {command} request has")
def step_every_reported_variable(context, command):
    """Every reportData of the station's NotifyReport messages for the CSMS's last request of this
    command fits the table (field paths inside a reportData).

    Example:
        Then every variable the station reported for the GetBaseReport request has
          | field                   | value     |
          | variableCharacteristics | (present) |
    """
    checks.check_every_reported_variable(station_session(context), command, field_rows(context.table))


@then("the station reported a valuesList for every list-type variable of the {command} request")
def step_values_lists(context, command):
    """In the station's report for the CSMS's last request of this command, every variable whose
    dataType is OptionList, SequenceList or MemberList has variableCharacteristics.valuesList.

    Example: Then the station reported a valuesList for every list-type variable of the GetBaseReport request
    """
    checks.check_values_lists(station_session(context), command)


@then("the station's report for the {command} request includes the variables")
def step_report_includes(context, command):
    """The station's report for the CSMS's last request of this command names every variable of the
    table (| component | variable | instance |, instance optional), for any EVSE or connector.

    Example:
        Then the station's report for the GetBaseReport request includes the variables
          | component     | variable          |
          | OCPPCommCtrlr | HeartbeatInterval |
    """
    checks.check_reported_variables(station_session(context), command, context.table)


@then('the station sends BootNotification again, at once with reason "Triggered" if it accepted the TriggerMessage')
def step_boot_after_trigger(context):
    """While Pending: after answering TriggerMessage(BootNotification) Accepted the station boots again
    at once with reason Triggered; after another answer (NotImplemented) it boots again once the
    interval of the Pending answer has passed (OCTT TC_B_02_CS steps 14-15).

    Example: Then the station sends BootNotification again, at once with reason "Triggered" if it accepted the TriggerMessage
    """
    checks.expect_boot_after_trigger(station_session(context))


@when('the test CSMS resets the configured EVSE with type "{reset_type}"')
def step_reset_evse(context, reset_type):
    """Reset of one EVSE of the station: this type (Immediate or OnIdle), evseId the configured EVSE
    (CONFIGURED_EVSE_ID).

    Example: When the test CSMS resets the configured EVSE with type "OnIdle"
    """
    session = station_session(context)
    session.command("Reset", {"type": session.enum_at("Reset", "type", reset_type),
                              "evseId": session.config.integer("evse_id")})
