"""Steps about remote control (block F): the CSMS made to start and stop transactions, unlock a
connector and trigger messages; the messages the station sends after them; and the station's
answers as the CSMS reports them."""
from behave import given, then, when

from support.scenario import csms_commands
from support.station import remote_control
from support.scenario.words import enum_value, field_rows, id_token


def _evse(context, evse):
    return int(evse) if evse is not None else context.settings.integer("evse_id")


# ---------------------------------------------------------------------- making the CSMS act

@when("the CSMS is asked to start a transaction for the {token} idToken")
@when("the CSMS is asked to start a transaction on EVSE {evse:d} for the {token} idToken")
def step_remote_start(context, token, evse=None):
    """Make the CSMS send RequestStartTransaction for a configured idToken (on the configured EVSE
    unless one is given); the CSMS chooses the remoteStartId (trigger API request-start-transaction).

    Example: When the CSMS is asked to start a transaction on EVSE 1 for the valid idToken
    """
    remote_control.ask_remote_start(context.session, _evse(context, evse), id_token(context.settings, token))


@when("the CSMS is asked to start a transaction on EVSE {evse:d} for the {token} idToken with a charging profile")
def step_remote_start_profile(context, evse, token):
    """Make the CSMS send RequestStartTransaction with a TxProfile charging profile of its own.

    Example: When the CSMS is asked to start a transaction on EVSE 1 for the valid idToken with a charging profile
    """
    remote_control.ask_remote_start(context.session, evse, id_token(context.settings, token), charging_profile=True)


@when("the CSMS is asked to stop the transaction")
@when("the CSMS is asked to stop the transaction on EVSE {evse:d}")
def step_remote_stop(context, evse=None):
    """Make the CSMS send RequestStopTransaction for the transaction it knows is ongoing on the EVSE
    (configured EVSE unless one is given; trigger API request-stop-transaction).

    Example: When the CSMS is asked to stop the transaction on EVSE 1
    """
    remote_control.ask_remote_stop(context.session, _evse(context, evse))


@when("the CSMS is asked to unlock the connector")
@when("the CSMS is asked to unlock connector {connector:d} of EVSE {evse:d}")
def step_unlock(context, connector=None, evse=None):
    """Make the CSMS send UnlockConnectorRequest (configured EVSE and connector unless given;
    trigger API unlock-connector).

    Example: When the CSMS is asked to unlock connector 1 of EVSE 1
    """
    connector = connector if connector is not None else context.settings.integer("connector_id")
    remote_control.ask_unlock(context.session, _evse(context, evse), connector)


@when("the CSMS is asked to trigger a {message} message for EVSE {evse:d}")
def step_trigger_evse(context, message, evse):
    """Make the CSMS send TriggerMessageRequest for a MessageTrigger value and one EVSE (evse.id).

    Example: When the CSMS is asked to trigger a MeterValues message for EVSE 1
    """
    remote_control.ask_trigger(context.session, enum_value("MessageTrigger", message), evse)


# ---------------------------------------------------------------------- checks of the CSMS

@then("the CSMS requests to stop the transaction on EVSE {evse:d}")
def step_check_remote_stop(context, evse):
    """The CSMS sends RequestStopTransaction with the transactionId of the station's ongoing
    transaction on that EVSE.

    Example: Then the CSMS requests to stop the transaction on EVSE 1
    """
    remote_control.check_remote_stop(context.session, evse)


@then('the CSMS reports the test station\'s answer to {action} with {field} "{value}"')
def step_reported_field(context, action, field, value):
    """The trigger API reports that the station answered the CSMS's request with this field value
    (what the CSMS got back from the station; without a trigger API the station's answer in the
    trace is checked). The table form is "the CSMS reports that the station answered {action} with".

    Example: Then the CSMS reports the test station's answer to TriggerMessage with status "NotImplemented"
    """
    csms_commands.check_reported_answer(context.session, action, [(field, value)])


# ---------------------------------------------------------------------- the station

@given('the test station has {component}.{variable} set to "{value}"')
def step_station_variable(context, component, variable, value):
    """A variable of the test station's device model (what it reports in GetVariables and reports).

    Example: Given the test station has AuthCtrlr.AuthorizeRemoteStart set to "true"
    """
    context.session.station.model.variables[(component, variable, None)] = value


@when("the test station reports the remote start in a TransactionEvent with")
def step_remote_start_event(context):
    """Send a TransactionEvent for the CSMS's last RequestStartTransaction: triggerReason RemoteStart,
    its remoteStartId and idToken, on its EVSE. Table rows: eventType (Started for a new
    transaction, Updated when the cable was plugged in first), chargingState.

    Example:
        When the test station reports the remote start in a TransactionEvent with
          | field     | value   |
          | eventType | Started |
    """
    fields = dict(field_rows(context.table))
    unknown = set(fields) - {"eventType", "chargingState"}
    if unknown:
        context.session.fail(f"unknown fields in the table: {', '.join(sorted(unknown))} (eventType, chargingState)")
    event_type = enum_value("TransactionEvent", fields.get("eventType", "Started"))
    state = enum_value("ChargingState", fields["chargingState"]) if "chargingState" in fields else None
    remote_control.send_remote_start_event(context.session, _evse(context, None), event_type, state)


@when("the EV is not plugged in within the transaction duration")
def step_connection_timeout(context):
    """Let TRANSACTION_DURATION pass with the station idle, as OCTT does before the station reports
    the EVConnectionTimeOut (F04).

    Example: When the EV is not plugged in within the transaction duration
    """
    remote_control.wait_transaction_duration(context.session)


@when("the test station sends the triggered MeterValues for EVSE {evse:d}")
@when("the test station sends the triggered MeterValues for each of its EVSEs")
def step_triggered_meter_values(context, evse=None):
    """Send MeterValues with sampledValue.context Trigger for one EVSE, or one message per EVSE.

    Example: When the test station sends the triggered MeterValues for EVSE 1
    """
    remote_control.send_triggered_meter_values(context.session, evse)


@when("the test station sends the triggered TransactionEvent for EVSE {evse:d}")
@when("the test station sends the triggered TransactionEvent for every transaction")
def step_triggered_transaction_event(context, evse=None):
    """Send TransactionEvent(Updated, triggerReason Trigger, chargingState Charging, a meter value
    with context Trigger) for the ongoing transaction of an EVSE (with evse.id), or for every ongoing
    transaction (without evse).

    Example: When the test station sends the triggered TransactionEvent for EVSE 1
    """
    remote_control.send_triggered_transaction_events(context.session, evse)
