"""Steps in which the test station sends a message, and checks of how the CSMS answered it."""
import json

from behave import given, then, when

from support.station import states
from support.scenario.words import enum_value, field_rows, id_token


def _evse(context, evse):
    return int(evse) if evse is not None else context.settings.integer("evse_id")


# ---------------------------------------------------------------------- sending

@when('the test station boots with reason "{reason}"')
def step_boots_reason(context, reason):
    """Send BootNotification with this BootReason.

    Example: When the test station boots with reason "ScheduledReset"
    """
    station = context.session.require_connected()
    context.session.send("BootNotification", station.boot_payload(enum_value("BootReason", reason)))


@when("the test Charge Point boots")
@when("the test station boots again")
def step_boots(context):
    """Send BootNotification with reason PowerUp.

    Example: When the test station boots again
    """
    step_boots_reason(context, "PowerUp")


@when("the test station sends Heartbeat")
def step_heartbeat(context):
    """Send a Heartbeat.

    Example: When the test station sends Heartbeat
    """
    context.session.send("Heartbeat", {})


@given('the test station reports connector status "{status}"')
@when('the test station reports connector status "{status}"')
@when('the test station reports connector status "{status}" for EVSE {evse:d}')
def step_report_connector(context, status, evse=None):
    """Send StatusNotification and NotifyEvent(AvailabilityState) for a connector, the way OCTT
    reports a connector (configured EVSE and connector unless one is given). Both must be answered.

    Example: When the test station reports connector status "Occupied" for EVSE 2
    """
    station = context.session.require_connected()
    status = enum_value("ConnectorStatus", status)
    states.report_connector(context.session, station, _evse(context, evse),
                            context.settings.integer("connector_id"), status)


@when('the test station sends StatusNotification "{status}"')
def step_status_notification(context, status):
    """Send only a StatusNotification for the configured EVSE and connector.

    Example: When the test station sends StatusNotification "Available"
    """
    station = context.session.require_connected()
    payload = station.status_notification_payload(context.settings.integer("evse_id"),
                                                  context.settings.integer("connector_id"),
                                                  enum_value("ConnectorStatus", status))
    context.session.send("StatusNotification", payload)


@when('the test station sends NotifyEvent "{state}"')
def step_notify_event(context, state):
    """Send only a NotifyEvent for Connector.AvailabilityState of the configured connector.

    Example: When the test station sends NotifyEvent "Available"
    """
    station = context.session.require_connected()
    payload = station.availability_event_payload(context.settings.integer("evse_id"),
                                                 context.settings.integer("connector_id"), state)
    context.session.send("NotifyEvent", payload)


@when("the test station sends Authorize for the {token} idToken")
def step_authorize(context, token):
    """Send Authorize with a configured idToken: valid, second valid, invalid, blocked, expired,
    group or master pass (in OCPP 1.6 scenarios, as an idTag).

    Example: When the test station sends Authorize for the blocked idToken
    """
    token_obj = id_token(context.settings, token)
    if context.session.version == "1.6":
        context.session.send("Authorize", {"idTag": token_obj["idToken"]})
        return
    context.session.send("Authorize", {"idToken": token_obj})


@when("the test station sends a TransactionEvent with")
@when("the test station sends a TransactionEvent on EVSE {evse:d} with")
def step_transaction_event(context, evse=None):
    """Send a TransactionEvent for the current transaction of an EVSE (a new transactionId after
    an Ended one; seqNo counts on). Table rows: eventType, triggerReason, chargingState,
    stoppedReason, idToken (a configured token kind), offline (true/false), meterValue (the
    context of one energy reading, e.g. Sample.Periodic), meterValue.value (Wh, else the station's
    meter), meterValue.signed (true: with a signedMeterValue). eventType defaults to Started for a
    new transaction and Updated otherwise.

    Example:
        When the test station sends a TransactionEvent with
          | field          | value      |
          | eventType      | Ended      |
          | triggerReason  | StopAuthorized |
          | stoppedReason  | MasterPass |
          | idToken        | master pass |
    """
    from support.station.transactions import event_from_fields
    station = context.session.require_connected()
    payload = event_from_fields(station, context.settings, _evse(context, evse), dict(field_rows(context.table)))
    context.session.send("TransactionEvent", payload)


@when("the test station sends NotifyReport for the request of the CSMS")
def step_notify_report(context):
    """Answer the CSMS's last GetBaseReport or GetReport with one NotifyReport page (seqNo 0,
    tbc false) describing a variable of the station.

    Example: When the test station sends NotifyReport for the request of the CSMS
    """
    station = context.session.station
    requests = station.requests_from_csms("GetBaseReport") + station.requests_from_csms("GetReport")
    if not requests:
        context.session.fail("the CSMS has sent no GetBaseReport or GetReport to report on")
    request_id = max(requests, key=lambda e: e.seq).frame.payload["requestId"]
    from support.station.test_station import now_iso
    payload = {"requestId": request_id, "generatedAt": now_iso(), "seqNo": 0, "tbc": False, "reportData": [{
        "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"},
        "variableAttribute": [{"type": "Actual", "value": station.model.variables[
            ("OCPPCommCtrlr", "OfflineThreshold", None)], "mutability": "ReadWrite"}],
        "variableCharacteristics": {"dataType": "integer", "supportsMonitoring": True}}]}
    context.session.send("NotifyReport", payload)


@when("the test station sends {action} with")
def step_send_payload(context, action):
    """Send any OCPP message; the doc string is its JSON payload.

    Example:
        When the test station sends DataTransfer with
          \"\"\"
          {"vendorId": "com.example", "messageId": "Hello"}
          \"\"\"
    """
    try:
        payload = json.loads(context.text)
    except (TypeError, ValueError) as exc:
        context.session.fail(f"the doc string of this step is not a JSON object: {exc}")
    context.session.send(action, payload)


@when("the test station sends the raw frame")
def step_send_raw(context):
    """Send the doc string as it is, as one WebSocket text frame (for malformed-frame tests).

    Example:
        When the test station sends the raw frame
          \"\"\"
          [2, "bad-1", "Heartbeat"
          \"\"\"
    """
    context.session.send_raw(context.text.strip())


# ---------------------------------------------------------------------- the CSMS's answers

@then("the CSMS answers {action} with CALLERROR {codes}")
def step_answer_callerror(context, action, codes):
    """The CSMS answered the last message of this action with a CALLERROR of one of these codes.

    Example: Then the CSMS answers StatusNotification with CALLERROR "SecurityError"
    """
    context.session.check_call_error(action, [c.strip().strip('"') for c in codes.split(" or ")])


@then('the CSMS answers {action} with {field} "{value}"')
def step_answer_field(context, action, field, value):
    """One field of the CSMS's answer has this value; `"A" or "B"` allows either, and <GROUP_ID>
    style names stand for configured values. Enum values are checked against the OCPP schema.

    Example: Then the CSMS answers BootNotification with status "Accepted"
    Example: Then the CSMS answers Authorize with idTokenInfo.status "Invalid" or "Unknown"
    """
    context.session.check_answer(action, [(field, value)])


@then("the CSMS answers {action} with")
def step_answer_table(context, action):
    """Every row of the table holds for the CSMS's answer (| field | value |). Values may be
    `(absent)`, `(empty)` (absent or empty), `(present)`, `> 0`, `"A" or "B"`, or a configured value such as <GROUP_ID>.

    Example:
        Then the CSMS answers Authorize with
          | field                          | value      |
          | idTokenInfo.status             | Accepted   |
          | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    """
    context.session.check_answer(action, field_rows(context.table))


@then("the CSMS answers every message of the test station")
def step_answers_all(context):
    """Every CALL the station sent in this scenario got a schema-valid CALLRESULT.

    Example: Then the CSMS answers every message of the test station
    """
    bad = [o.describe() for o in context.session.station.outcomes if not o.ok or o.violations]
    if bad:
        context.session.fail("some messages were not answered with a valid CALLRESULT:\n  " + "\n  ".join(bad))
    context.session.check_peer_violations()


@then('the CSMS rejects the raw frame with CALLERROR {codes}')
def step_raw_answer(context, codes):
    """The last frame from the CSMS is a CALLERROR with one of these codes (after a raw frame).

    Example: Then the CSMS rejects the raw frame with CALLERROR "RpcFrameworkError" or "FormatViolation"
    """
    from support.rpc import CALLERROR
    wanted = [c.strip().strip('"') for c in codes.split(" or ")]
    station = context.session.station
    entry = context.trace.wait_for(lambda e: e.peer == station.station_id and e.direction == "<-"
                                   and e.frame is not None and e.frame.type == CALLERROR,
                                   context.settings.seconds("message_timeout"))
    if entry is None:
        context.session.fail(f"the CSMS did not answer the raw frame with a CALLERROR {' or '.join(wanted)}")
    if entry.frame.error_code not in wanted:
        context.session.fail(f"the CSMS answered with CALLERROR {entry.frame.error_code}, expected {' or '.join(wanted)}")
