"""Robustness of the CSMS under test (beyond OCTT, `@robustness`): how it answers bad OCPP-J frames
(sent with "When the test station sends the raw frame"), and that it keeps serving the station afterwards.
Codes are the OCPP-J RPC framework names of the scenario's version (2.0.1 Part 4 table 8, OCPP-J 1.6
table 7); the MessageId rules are in support/scenario/robustness.py."""
from behave import then, when

from support.scenario.robustness import BadFrame, nested_frame


def _codes(text):
    return [c.strip().strip('"') for c in text.split(" or ")]


def _quiet_window(context):
    """How long after the probe Heartbeat's answer a late answer to the bad frame is still awaited."""
    return 0.05 if context.settings.embedded else min(2.0, context.settings.seconds("message_timeout"))


@when("the test station sends a frame nested {depth:d} levels deep")
def step_send_nested(context, depth):
    """Send one text frame that is a JSON array nested this many levels deep (`[[[...]]]`), to check
    that a deep structure cannot crash the CSMS's JSON reader.

    Example: When the test station sends a frame nested 1000 levels deep
    """
    context.session.send_raw(nested_frame(depth))


@then("the CSMS refuses the bad frame with CALLERROR {codes}")
def step_refuses_bad_frame(context, codes):
    """The CSMS answered the station's last raw frame with a CALLERROR of one of these codes, for the
    frame's own MessageId when it could be read, else for "-1" (any id in OCPP 1.6). A CALLRESULT, a
    CALLERROR of another code or for another id, or no answer before the message timeout fail.

    Example: Then the CSMS refuses the bad frame with CALLERROR "RpcFrameworkError"
    Example: Then the CSMS refuses the bad frame with CALLERROR "OccurrenceConstraintViolation" or "ProtocolError"
    """
    BadFrame(context.session).check_callerror(_codes(codes), context.settings.seconds("message_timeout"))


@then("the CSMS ignores the bad frame or refuses it with CALLERROR {codes}")
def step_ignores_or_refuses(context, codes):
    """Where the spec lets the CSMS drop a frame (OCPP 2.0.1 Part 4, 4.2.3: a message that is not
    conform the JSON schema): no answer at all, or a CALLERROR of one of these codes (MessageId as in
    "refuses the bad frame"). The station sends a Heartbeat to tell a dropped frame from a slow
    answer: an answer to the bad frame must come before the Heartbeat's answer or just after it.

    Example: Then the CSMS ignores the bad frame or refuses it with CALLERROR "TypeConstraintViolation"
    """
    BadFrame(context.session).check_ignored_or_callerror(
        _codes(codes), context.settings.seconds("message_timeout"), _quiet_window(context))


@then("the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR {codes}")
def step_takes_ignores_or_refuses(context, codes):
    """A payload that breaks the schema of a known action: OCPP 2.0.1 Part 4 gives the CSMS the right
    to reject it (4.1.2) and allows it to drop it (4.2.3), so it may also take it (a CALLRESULT). What
    is checked: a CALLERROR, if one comes, has one of these codes and the right MessageId, and the
    CSMS keeps serving the station.

    Example: Then the CSMS takes the bad frame, ignores it, or refuses it with CALLERROR "TypeConstraintViolation"
    """
    BadFrame(context.session).check_ignored_or_callerror(
        _codes(codes), context.settings.seconds("message_timeout"), _quiet_window(context), may_take=True)


@then("the CSMS ignores the bad frame")
def step_ignores(context):
    """The CSMS sent no answer at all to the station's last raw frame (OCPP-J 1.6, 4.1.3: a message
    type number that is not CALL, CALLRESULT or CALLERROR is ignored), and did not close the
    connection. Checked with a Heartbeat: nothing answering the bad frame comes before its answer
    or just after it.

    Example: Then the CSMS ignores the bad frame
    """
    BadFrame(context.session).check_ignored_or_callerror(
        [], context.settings.seconds("message_timeout"), _quiet_window(context))


@then("the CSMS still serves the test station")
def step_still_serves(context):
    """After the bad frame the CSMS keeps the connection open and serving: a Heartbeat on the same
    connection (never a new one) gets a schema-valid CALLRESULT, the connection is still open
    afterwards, and nothing the CSMS sent since the bad frame breaks OCPP-J or the schema.

    Example: Then the CSMS still serves the test station
    """
    BadFrame(context.session).check_still_serving(context.settings.seconds("message_timeout"))
