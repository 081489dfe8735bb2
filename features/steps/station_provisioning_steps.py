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


@when("the station is brought to states EVConnectedPostSession and EVDisconnected if its transaction goes on")
@when("the station is brought to states EVConnectedPostSession and EVDisconnected on EVSE {evse:d} if its transaction goes on")
def step_post_session_if_going_on(context, evse=None):
    """After StopAuthorized: while the transaction goes on (StopAuthorized did not end it, as the
    station's TxStopPoint gives it), its ChargingStateChanged to EVConnected and the reusable state
    EVDisconnected; else nothing (OCTT TC_B_21_CS steps 4-5). "on EVSE n": the transaction the state
    library keeps at that EVSE (TC_B_41_CS steps 8-9).

    Example: When the station is brought to states EVConnectedPostSession and EVDisconnected if its transaction goes on

    Example: When the station is brought to states EVConnectedPostSession and EVDisconnected on EVSE 2 if its transaction goes on
    """
    checks.post_session_while_going_on(station_session(context), evse)


@then('the station sends StatusNotification {status} for the configured connector and "Available" for the others')
@then('the station sends StatusNotification {status} for connector 1 of EVSE {evse:d} and "Available" for the others')
def step_statuses_since_connection(context, status, evse=None):
    """Since its latest connection the station reported every connector: this status at the configured
    EVSE and connector, or at connector 1 of the EVSE named (the state library's "on EVSE n"; '"Occupied"
    if the EV is still plugged in': Occupied while the EV is plugged in there, else Available), Available
    at the others.

    Example: Then the station sends StatusNotification "Unavailable" for the configured connector and "Available" for the others

    Example: Then the station sends StatusNotification "Occupied" if the EV is still plugged in for connector 1 of EVSE 2 and "Available" for the others
    """
    checks.expect_statuses_since_connection(station_session(context), status, evse)


@given("the station has more than one EVSE")
def step_several_evses(context):
    """OCTT prerequisite "The Charging Station has more than one EVSE": number_of_evses
    (CONFIGURED_NUMBER_OF_EVSES) above 1, else the scenario is not run.

    Example: Given the station has more than one EVSE
    """
    checks.require_several_evses(station_session(context))


@given("the station cannot reset an individual EVSE")
def step_cannot_reset_evse(context):
    """OCTT prerequisite "Charging Station does not support resetting individual EVSE": the embedded
    reference station is made such a station; another station is one when reset_evse_supported is
    false, else the scenario is not run.

    Example: Given the station cannot reset an individual EVSE
    """
    checks.cannot_reset_evse(station_session(context))


@when("the test CSMS asks with GetVariables for one reported variable more than its ItemsPerMessage allows")
def step_get_variables_over_limit(context):
    """GetVariables for DeviceDataCtrlr.ItemsPerMessage[GetVariables] + 1 of the variables the station
    reported for the last GetBaseReport (OCTT TC_B_08_CS step 5).

    Example: When the test CSMS asks with GetVariables for one reported variable more than its ItemsPerMessage allows
    """
    checks.get_variables_over_limit(station_session(context))


@then("the station rejects every requested variable, or only the one beyond its limit")
def step_over_limit_answer(context):
    """The answer to that GetVariables: every result Rejected, or one Rejected and the others Accepted,
    reasonCode (if given) TooManyElements and NoError (OCTT TC_B_08_CS step 6); a CALLERROR
    OccurrenceConstraintViolation for the whole request is taken too.

    Example: Then the station rejects every requested variable, or only the one beyond its limit
    """
    checks.check_over_limit_answer(station_session(context))


@given("the case is one the 2023-12 errata removed")
def step_removed_by_errata(context):
    """OCTT's 2023-12 errata removed this case: the suite keeps it for its own reference station (which
    follows the original document), and judges no other station by it: not run.

    Example: Given the case is one the 2023-12 errata removed
    """
    checks.removed_by_errata(station_session(context))


@then("the station answers GetBaseReport NotSupported, unless it supports the report")
def step_base_report_not_supported(context):
    """OCTT TC_B_15_CS step 2: status NotSupported (statusInfo.reasonCode, if given, UnsupportedParam). The
    case's prerequisite is a station without the optional report: one that answers Accepted supports it,
    as it may, and the case is not run.

    Example: Then the station answers GetBaseReport NotSupported, unless it supports the report
    """
    checks.expect_base_report_not_supported(station_session(context))


@given("the station's {spec} is the configured offlineThreshold {sign} {seconds:d} seconds")
def step_relative_to_threshold(context, spec, sign, seconds):
    """Configuration state "<spec> is <Configured offlineThreshold> + (or -) N seconds", set with
    SetVariables (CONFIGURED_OFFLINE_THRESHOLD).

    Example: Given the station's OCPPCommCtrlr.RetryBackOffWaitMinimum is the configured offlineThreshold + 2 seconds
    """
    if sign not in ("+", "-"):
        from support.scenario.expect import StepError
        raise StepError(f"'{sign}': write + or -")
    checks.set_relative_to_offline_threshold(station_session(context), spec, seconds if sign == "+" else -seconds)


@when("the test CSMS comes back once the station has been offline longer than the configured offlineThreshold")
def step_back_after_threshold(context):
    """The test CSMS takes connections again once CONFIGURED_OFFLINE_THRESHOLD (protocol seconds,
    scaled) has passed since the station's connection closed (OCTT TC_B_51_CS step 3).

    Example: When the test CSMS comes back once the station has been offline longer than the configured offlineThreshold
    """
    checks.come_back_after_offline_threshold(station_session(context))


@when("the test CSMS closes the connection and refuses the station's next {count:d} connection attempts")
def step_close_and_refuse(context, count):
    """The test CSMS closes the station's connection, refuses its next N connection attempts (0: none)
    and takes the one after (OCTT TC_B_57_CS steps 1 and 4).

    Example: When the test CSMS closes the connection and refuses the station's next 1 connection attempts
    """
    checks.close_and_refuse(station_session(context), count)


@then("the station reconnects no sooner than the configured RetryBackOffWaitMinimum")
def step_reconnect_after_minimum(context):
    """The time from the close to the station's new connection is at least
    CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM (scaled) (OCTT TC_B_57_CS step 2).

    Example: Then the station reconnects no sooner than the configured RetryBackOffWaitMinimum
    """
    checks.expect_reconnection_after_minimum(station_session(context))


@then("the station reconnects no sooner than 3 times its first reconnection time")
def step_reconnect_after_triple(context):
    """After one refused attempt the time from the close to the new connection is at least 3 times that
    of the first reconnection (OCTT TC_B_57_CS step 7).

    Example: Then the station reconnects no sooner than 3 times its first reconnection time
    """
    checks.expect_reconnection_after_triple(station_session(context))


@when("the test CSMS gives the station the configured connection data in configuration slot {slot:d}")
def step_set_network_profile(context, slot):
    """SetNetworkProfile for this slot: messageTimeout, ocppCsmsUrl (CONFIGURED_OCPP_CSMS_URL, else the
    test CSMS's URL), ocppInterface (CONFIGURED_OCPP_INTERFACE), OCPP20, securityProfile
    (CONFIGURED_SECURITY_PROFILE).

    Example: When the test CSMS gives the station the configured connection data in configuration slot 999
    """
    checks.set_network_profile(station_session(context), slot)
