"""@station features: making the station under test act (through its driver) and checking what it
sent to the suite's test CSMS."""
import json

from behave import given, then, when

from support.scenario.words import enum_value, field_rows, split_list

from station_csms_steps import station_session


# ---------------------------------------------------------------------- making the station act

@given("the station has booted")
def step_booted(context):
    """Power the station under test up and wait until the CSMS accepted its BootNotification and
    it reported every connector (number_of_evses) Available; those messages count as matched.

    Example: Given the station has booted
    """
    station_session(context).boot()


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


@when("the station is made to reconnect to the test CSMS")
def step_reconnect(context):
    """The station closes its WebSocket and opens a new one.

    Example: When the station is made to reconnect to the test CSMS
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


@when('the station is made to send {action} for each {field} in "{values}" with')
def step_send_each(context, action, field, values):
    """Make the station send one message per value (through its driver): the doc string's payload
    with the value at this field; "(now)" in the payload is the current time.

    Example:
        When the station is made to send FirmwareStatusNotification for each status in "Downloading, Installed" with
          \"\"\"
          {"requestId": 1}
          \"\"\"
    """
    station_session(context).send_each(action, field, split_list(values), json.loads(context.text))


@when("the station is made to send {action} with")
def step_send_on_demand(context, action):
    """Make the station send a message on demand (through its driver); the doc string is the payload,
    in which the text "(now)" stands for the current time.

    Example:
        When the station is made to send DataTransfer with
          \"\"\"
          {"vendorId": "org.example", "messageId": "Hello"}
          \"\"\"
    """
    station_session(context).send_on_demand(action, json.loads(context.text))


@when("the station is made to send {action} {count:d} times")
def step_send_times(context, action, count):
    """Make the station send a message with an empty payload this many times in a row (Heartbeat).

    Example: When the station is made to send Heartbeat 5 times
    """
    station_session(context).send_times(action, count)


@when("the station is made to send {action} of its own making")
def step_request_message(context, action):
    """Make the station send a message of its own making now (its own CSR, OCSP data, ...).

    Example: When the station is made to send SignCertificate of its own making
    """
    station_session(context).request_message(action)


@when("the station is pointed at a new CSMS URL")
def step_new_csms_url(context):
    """The test CSMS opens a second address (another port) and the station is given it as its CSMS
    URL (the simulator's supervision URL); it should leave the old address and connect there.

    Example: When the station is pointed at a new CSMS URL
    """
    station_session(context).change_csms_url()


# ---------------------------------------------------------------------- what the station sent

@then('the station sends {action} with {field} "{value}"')
def step_sends_field(context, action, field, value):
    """The station's next message of this action (one no earlier step matched) has this field;
    `"A" or "B"` allows either.

    Example: Then the station sends BootNotification with reason "RemoteReset"
    """
    station_session(context).expect_message(action, [(field, value)])


@then('the station is "{status}" on every connector after the reconnection')
def step_status_after_reconnect(context, status):
    """After a reconnection: the station reports this status for every configured connector, or keeps
    the one it last reported before the outage (a station that did not reboot need not repeat it).

    Example: Then the station is "Available" on every connector after the reconnection
    """
    station_session(context).expect_status_after_reconnect(status)


@then('the station sends StatusNotification "{status}" for all its connectors')
def step_status_everywhere(context, status):
    """The station reports this status for every configured connector (number_of_evses).

    Example: Then the station sends StatusNotification "Unavailable" for all its connectors
    """
    station_session(context).expect_status_everywhere(status)


@then("the station sends {action} {statuses} in that order for the {command} request")
def step_sends_statuses(context, action, statuses, command):
    """The station's next messages of this action for the CSMS's request (same requestId), after its
    answer to it, have these statuses in this order, nothing else in between.

    Example: Then the station sends LogStatusNotification "Uploading", "Uploaded" in that order for the GetLog request
    """
    station_session(context).expect_sequence(action, split_list(statuses), command)


@then("for each {command} request it answered the station sends {action} from seqNo 0 until tbc is false")
def step_sends_pages_every(context, action, command):
    """For every request of this command the station answered: its messages of this action with that
    requestId number seqNo 0, 1, 2, ... and the last has tbc false.

    Example: Then for each GetBaseReport request it answered the station sends NotifyReport from seqNo 0 until tbc is false
    """
    station_session(context).expect_pages_for_every(action, command)


@then("the station sends {action} for the {command} request from seqNo 0 until tbc is false")
def step_sends_pages(context, action, command):
    """After answering the CSMS's request, the station sends its messages of this action with that
    requestId, seqNo 0, 1, 2, ... each in turn, the last with tbc false.

    Example: Then the station sends NotifyReport for the GetBaseReport request from seqNo 0 until tbc is false
    """
    station_session(context).expect_pages(action, command)


@then('the station sends {action} for each {field} in "{values}"')
def step_sends_each(context, action, field, values):
    """The station's next messages of this action carry these values at this field, one each, in order.

    Example: Then the station sends StatusNotification for each connectorStatus in "Available, Faulted"
    """
    station_session(context).expect_each(action, field, split_list(values))


@then("the station sends {action} about {seconds:g} seconds after answering {command}")
def step_sends_after_answer_interval(context, action, seconds, command):
    """The station's next message of this action comes about N protocol seconds (scaled by
    station_time_scale; within half) after it answered the CSMS's request.

    Example: Then the station sends Heartbeat about 10 seconds after answering SetVariables
    """
    station_session(context).expect_interval_after_answer(action, command, seconds)


@then("after answering {command} the station sends {action}")
@then("after answering {command} the station sends {action} with")
def step_after_answer_table(context, command, action):
    """After its answer to the test CSMS's request the station sends this message, fitting the
    table if there is one (| field | value |); a message sent before the answer does not count.

    Example: Then after answering TriggerMessage the station sends Heartbeat

    Example:
        Then after answering TriggerMessage the station sends FirmwareStatusNotification with
          | field  | value |
          | status | Idle  |
    """
    rows = field_rows(context.table) if context.table else ()
    station_session(context).expect_after_answer(command, action, rows)


@then("the station connects to the test CSMS again")
def step_reconnects(context):
    """The station's connection closes (if it has not already) and the station connects again.

    Example: Then the station connects to the test CSMS again
    """
    station_session(context).expect_reconnection()


@then("the station connects to the new CSMS URL")
def step_reconnects_new_url(context):
    """The station leaves the old address and connects to the new CSMS URL it was given.

    Example: Then the station connects to the new CSMS URL
    """
    station_session(context).expect_reconnection(listener="second")


@then("the station tries to reconnect {count:d} times, waiting longer each time")
def step_backoff(context, count):
    """While the CSMS is down the station tries to connect this many times (at least 3), each wait
    between attempts at least as long as the one before (within a quarter) and the last clearly longer
    than the first: a backoff, not a hammering. The wait before the first attempt is not judged (the
    station's backoff starts when it notices the lost connection).

    Example: Then the station tries to reconnect 3 times, waiting longer each time
    """
    station_session(context).expect_reconnect_attempts(count)


@then("the station stays connected for {seconds:g} seconds")
def step_stays_connected(context, seconds):
    """The station's connection does not close for N protocol seconds (scaled by station_time_scale).

    Example: Then the station stays connected for 2 seconds
    """
    session = station_session(context)
    session.expect_stays_connected(session.protocol_seconds(seconds))


@then("the station numbered the TransactionEvents of the transaction from seqNo 0 without gaps or repeats")
def step_seq_nos(context):
    """The TransactionEvents of the transaction a step matched last have seqNo 0, 1, 2, ... in order.

    Example: Then the station numbered the TransactionEvents of the transaction from seqNo 0 without gaps or repeats
    """
    station_session(context).check_seq_nos()


@then("the TransactionEvent carries the remoteStartId of the RequestStartTransaction")
def step_remote_start_id(context):
    """transactionInfo.remoteStartId of the TransactionEvent a step matched last is the remoteStartId
    of the CSMS's RequestStartTransaction.

    Example: Then the TransactionEvent carries the remoteStartId of the RequestStartTransaction
    """
    station_session(context).check_remote_start_id()


@then('the TransactionEvent carries the measurands "{measurands}" in context "{reading_context}"')
def step_measurands(context, measurands, reading_context):
    """The meter values of the TransactionEvent a step matched last have a sampled value of every
    measurand in this reading context.

    Example: Then the TransactionEvent carries the measurands "Voltage, Current.Import" in context "Sample.Periodic"
    """
    station_session(context).check_measurands(split_list(measurands), reading_context)


@then("the csr of the station's SignCertificate is a PEM certificate signing request with a valid signature")
def step_csr(context):
    """The csr of the SignCertificate a step matched last (else the latest) parses as a PKCS#10
    request in PEM whose signature verifies.

    Example: Then the csr of the station's SignCertificate is a PEM certificate signing request with a valid signature
    """
    station_session(context).check_csr()


@then("the station sends {action} {count:d} times")
def step_sends_times(context, action, count):
    """The station sends this message N times (messages no earlier step matched).

    Example: Then the station sends Heartbeat 5 times
    """
    station_session(context).expect_count(action, count)


@then("the station sends no {action} for {seconds:g} seconds")
def step_sends_no(context, action, seconds):
    """The station does not send this message for N seconds (scaled: protocol seconds x time scale).

    Example: Then the station sends no StatusNotification for 2 seconds
    """
    session = station_session(context)
    session.expect_no_message(action, seconds * session.time_scale)


@then("the station sends {action} within {seconds:g} seconds")
def step_sends_within(context, action, seconds):
    """The station sends this message within N seconds (a message not matched by an earlier step).

    Example: Then the station sends BootNotification within 10 seconds
    """
    station_session(context).expect_message(action, timeout=seconds)


@then("the station sends BootNotification again once the interval of the test CSMS's answer has passed")
def step_boot_retry(context):
    """After the CSMS answered the station's BootNotification with Pending or Rejected, the station
    boots again once that answer's interval (protocol seconds, scaled) has passed: the interval is a
    minimum wait (OCPP 2.0.1 B03.FR.06, OCPP 1.6 section 4.2, the plan's "retry after interval").
    Any retry from the interval on (less a small tolerance) up to the interval plus the station
    timeout passes; an earlier one fails.

    Example: Then the station sends BootNotification again once the interval of the test CSMS's answer has passed
    """
    station_session(context).expect_boot_retry()


@then("the Charge Point sends {action} again after about {seconds:g} seconds")
def step_sends_again(context, action, seconds):
    """The station sends this message again, about N protocol seconds after the previous one
    (scaled by station_time_scale; within half the interval).

    Example: Then the Charge Point sends BootNotification again after about 2 seconds
    """
    session = station_session(context)
    session.expect_message(action, timeout=session.timeout + seconds * session.time_scale * 2)
    session.check_interval(action, seconds)


@then('the station sends StatusNotification "{status}" for EVSE {evse:d} connector {connector:d}')
def step_status_notification(context, status, evse, connector):
    """The station reports this connector status for this EVSE and connector.

    Example: Then the station sends StatusNotification "Available" for EVSE 1 connector 1
    """
    station_session(context).expect_status(status, evse, connector)


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
    station_session(context).expect_fitting(action, field_rows(context.table))


@then("the station sends {action}")
def step_sends(context, action):
    """The station sends this message within the station timeout; after a Reset, a firmware update or
    a power failure its BootNotification and first statuses within the reboot deadline
    (station_reboot_timeout: a real station may need a minute to restart; OCTT sets no limit).

    Example: Then the station sends BootNotification
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
