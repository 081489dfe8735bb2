"""Steps about the WebSocket connection of the test station: handshake, auth, subprotocols."""
from behave import given, then, when

from support.words import split_list


@given("the station is connected to the CSMS")
def step_connected(context):
    """Open the WebSocket with the configured identity and password; it must be accepted.

    Example: Given the station is connected to the CSMS
    """
    context.session.require_connected()


@when("the station connects to the CSMS")
def step_connects(context):
    """Open the WebSocket with the configured identity and password (the outcome is checked later).

    Example: When the station connects to the CSMS
    """
    context.session.connect()


@when('the station connects with the password "{password}"')
def step_connects_password(context, password):
    """Connect with another Basic auth password than the configured one.

    Example: When the station connects with the password "wrong-password"
    """
    context.session.connect(password=password)


@when('the station connects with the username "{username}"')
def step_connects_username(context, username):
    """Connect with a Basic auth username that is not the station's identity.

    Example: When the station connects with the username "NOT_THE_STATION"
    """
    context.session.connect(username=username)


@when("the station connects without Basic authentication")
def step_connects_no_auth(context):
    """Connect without an Authorization header.

    Example: When the station connects without Basic authentication
    """
    context.session.connect(with_auth=False)


@when('the station connects offering the subprotocols "{subprotocols}"')
@when('the station connects offering the subprotocol "{subprotocols}"')
def step_connects_subprotocols(context, subprotocols):
    """Connect offering these WebSocket subprotocols, in this order.

    Example: When the station connects offering the subprotocols "ocpp0.1, ocpp2.0.1"
    """
    context.session.connect(subprotocols=split_list(subprotocols))


@when("the station connects offering no subprotocol")
def step_connects_no_subprotocol(context):
    """Connect with no Sec-WebSocket-Protocol header.

    Example: When the station connects offering no subprotocol
    """
    context.session.connect(subprotocols=[])


@then("the CSMS accepts the connection")
def step_accepts(context):
    """The last handshake was upgraded to a WebSocket.

    Example: Then the CSMS accepts the connection
    """
    handshake = context.session.station.handshake
    if handshake is None or not handshake.accepted:
        context.session.fail(f"the CSMS did not accept the connection: {handshake.describe() if handshake else 'no attempt'}")


@then('the CSMS accepts the connection with subprotocol "{subprotocol}"')
def step_accepts_subprotocol(context, subprotocol):
    """The handshake was accepted and the CSMS selected this subprotocol.

    Example: Then the CSMS accepts the connection with subprotocol "ocpp2.0.1"
    """
    step_accepts(context)
    chosen = context.session.station.handshake.subprotocol
    if chosen != subprotocol:
        context.session.fail(f"the CSMS selected subprotocol {chosen!r}, expected {subprotocol!r}")


@then("the CSMS refuses the connection")
def step_refuses(context):
    """The last handshake was not upgraded (any HTTP refusal).

    Example: Then the CSMS refuses the connection
    """
    handshake = context.session.station.handshake
    if handshake is None or handshake.accepted:
        context.session.fail("the CSMS accepted a connection it should have refused")


@then("the CSMS refuses the connection with HTTP status {status:d}")
def step_refuses_status(context, status):
    """The last handshake was refused with this HTTP status (401 for wrong credentials).

    Example: Then the CSMS refuses the connection with HTTP status 401
    """
    step_refuses(context)
    handshake = context.session.station.handshake
    if handshake.status_code != status:
        context.session.fail(f"the CSMS refused the connection: {handshake.describe()}; expected HTTP {status}")


@when("the station disconnects")
def step_disconnects(context):
    """Close the WebSocket (as a station does before it reboots).

    Example: When the station disconnects
    """
    context.session.disconnect()


@when("the station reconnects")
def step_reconnects(context):
    """Close the WebSocket and open a new one; the new one must be accepted.

    Example: When the station reconnects
    """
    context.session.disconnect()
    context.session.require_connected()
