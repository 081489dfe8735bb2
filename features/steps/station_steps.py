"""@station features: making the station under test act (through its driver) and checking what it
sent to the suite's test CSMS."""
import json

from behave import then, when

from support.expect import field_mismatch
from support.words import enum_value, field_rows, split_list

from station_csms_steps import station_session


# ---------------------------------------------------------------------- making the station act

@when("the station powers up")
def step_power_up(context):
    """Switch the station under test on: it connects to the test CSMS and boots.

    Example: When the station powers up
    """
    station_session(context).act("power_on")


@when("the station powers off")
def step_power_off(context):
    """Switch the station off (transactions end with PowerLoss; the connection closes).

    Example: When the station powers off
    """
    station_session(context).act("power_off")


@when("the station loses its connection")
def step_offline(context):
    """The network goes down: the station keeps running but cannot reach the CSMS.

    Example: When the station loses its connection
    """
    station_session(context).act("go_offline")


@when("the station's connection comes back")
def step_online(context):
    """The network comes back: the station reconnects (with its backoff).

    Example: When the station's connection comes back
    """
    station_session(context).act("go_online")


@when("the station reconnects to the CSMS")
def step_reconnect(context):
    """The station closes its WebSocket and opens a new one.

    Example: When the station reconnects to the CSMS
    """
    station_session(context).act("reconnect")


@when("an EV is plugged in at EVSE {evse:d}")
@when("an EV is plugged in")
def step_plug_in(context, evse=1):
    """Plug an EV into connector 1 of an EVSE (EVSE 1 unless given).

    Example: When an EV is plugged in at EVSE 1
    """
    station_session(context).act("plug_in", evse, 1)


@when("the EV is unplugged from EVSE {evse:d}")
@when("the EV is unplugged")
def step_unplug(context, evse=1):
    """Unplug the EV from connector 1 of an EVSE.

    Example: When the EV is unplugged from EVSE 1
    """
    station_session(context).act("unplug", evse, 1)


@when('the driver presents idToken "{token}"')
@when('the driver presents idToken "{token}" at EVSE {evse:d}')
def step_present_token(context, token, evse=1):
    """Present an idToken (type ISO14443) at an EVSE: the station authorizes it.

    Example: When the driver presents idToken "TAG-1" at EVSE 1
    """
    station_session(context).act("present_token", token, "ISO14443", evse)


@when('the driver stops the charging session at EVSE {evse:d}')
@when('the driver stops the charging session')
def step_stop_session(context, evse=1):
    """The driver ends the session locally (presents the token again).

    Example: When the driver stops the charging session at EVSE 1
    """
    station_session(context).act("stop_session", evse)


@when("the station is made to send {action} with")
def step_send_on_demand(context, action):
    """Make the station send a message on demand (through its driver); the doc string is the payload.

    Example:
        When the station is made to send DataTransfer with
          \"\"\"
          {"vendorId": "org.example", "messageId": "Hello"}
          \"\"\"
    """
    station_session(context).act("send_message", action, json.loads(context.text))


# ---------------------------------------------------------------------- what the station sent

@then("the station sends {action} within {seconds:g} seconds")
def step_sends_within(context, action, seconds):
    """The station sends this message within N seconds (a message not matched by an earlier step).

    Example: Then the station sends BootNotification within 10 seconds
    """
    station_session(context).expect_message(action, timeout=seconds)


@then("the station sends {action} again after about {seconds:g} seconds")
def step_sends_again(context, action, seconds):
    """The station sends this message again, about N protocol seconds after the previous one
    (scaled by station_time_scale; within half the interval).

    Example: Then the station sends BootNotification again after about 2 seconds
    """
    session = station_session(context)
    session.expect_message(action, timeout=session.timeout + seconds * session.time_scale * 2)
    session.check_interval(action, seconds)


@then('the station sends StatusNotification "{status}" for EVSE {evse:d} connector {connector:d}')
def step_status_notification(context, status, evse, connector):
    """The station reports this connector status for this EVSE and connector.

    Example: Then the station sends StatusNotification "Available" for EVSE 1 connector 1
    """
    status = enum_value("ConnectorStatus", status)
    station_session(context).expect_message(
        "StatusNotification", [("connectorStatus", status), ("evseId", str(evse)), ("connectorId", str(connector))],
        matches=lambda p: p.get("evseId") == evse and p.get("connectorId") == connector
        and p.get("connectorStatus") == status)


@then("the station sends no {action} within {seconds:g} seconds")
def step_sends_no(context, action, seconds):
    """The station does not send this message for N seconds (scaled: protocol seconds x time scale).

    Example: Then the station sends no StatusNotification within 2 seconds
    """
    session = station_session(context)
    session.expect_no_message(action, seconds * session.time_scale)


@then("the station sends {action} with")
def step_sends_with(context, action):
    """The station sends a message of this action for which every row of the table holds
    (| field | value |); earlier messages of that action that do not fit are passed over.

    Example:
        Then the station sends TransactionEvent with
          | field         | value       |
          | eventType     | Started     |
          | triggerReason | RemoteStart |
    """
    rows = field_rows(context.table)
    session = station_session(context)

    def fits(payload):
        return all(field_mismatch(session.version, action, True, payload, path, value, session.config) is None
                   for path, value in rows)
    session.expect_message(action, rows, matches=fits)


@then("the station sends {action}")
def step_sends(context, action):
    """The station sends this message within the station timeout.

    Example: Then the station sends Heartbeat
    """
    station_session(context).expect_message(action)


@then("while {status} the station sent nothing but {actions}")
def step_nothing_but(context, status, actions):
    """Between the CSMS's answer with this registration status and the next BootNotification, the
    station sent only these messages (B02.FR.02, B03.FR.03).

    Example: Then while Pending the station sent nothing but BootNotification
    """
    session = station_session(context)
    status = enum_value("RegistrationStatus", status)
    allowed = set(split_list(actions))
    entries = list(context.trace.entries)
    inside, offenders, seen = False, [], False
    boots = {}
    for entry in entries:
        frame = entry.frame
        if frame is None or entry.peer != session.station_id:
            continue
        if entry.direction == "<-" and frame.type == 2:
            if frame.action == "BootNotification":
                boots[frame.unique_id] = True
                inside = False
            elif inside and frame.action not in allowed:
                offenders.append(frame.action)
        elif entry.direction == "->" and frame.type == 3 and frame.unique_id in boots:
            inside = frame.payload.get("status") == status
            seen = seen or inside
    if not seen:
        session.fail(f"the CSMS never answered a BootNotification with {status} in this scenario")
    if offenders:
        session.fail(f"while {status} the station also sent {', '.join(offenders)}")
