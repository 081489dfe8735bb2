"""Steps about the WebSocket connection of the test station: handshake, auth, subprotocols."""
from behave import given, then, when

from support.scenario.expect import substitute
from support.scenario.words import split_list


@given("the test station is connected to the CSMS")
def step_connected(context):
    """Open the WebSocket with the configured identity and password; it must be accepted.

    Example: Given the test station is connected to the CSMS
    """
    context.session.require_connected()


@when("the test station connects to the CSMS")
def step_connects(context):
    """Open the WebSocket with the configured identity and password (the outcome is checked later).

    Example: When the test station connects to the CSMS
    """
    context.session.connect()


@when('the test station connects with the password "{password}"')
def step_connects_password(context, password):
    """Connect with another Basic auth password than the configured one.

    Example: When the test station connects with the password "wrong-password"
    """
    context.session.connect(password=substitute(password, context.settings))


@when('the test station connects with the username "{username}"')
def step_connects_username(context, username):
    """Connect with a Basic auth username that is not the station's identity; <BASIC_AUTH_CP>
    stands for the configured identity.

    Example: When the test station connects with the username "<BASIC_AUTH_CP>Invalid"
    """
    context.session.connect(username=substitute(username, context.settings))


@when("the test station connects without Basic authentication")
def step_connects_no_auth(context):
    """Connect without an Authorization header.

    Example: When the test station connects without Basic authentication
    """
    context.session.connect(with_auth=False)


@when('the test station connects offering the subprotocols "{subprotocols}"')
def step_connects_subprotocols(context, subprotocols):
    """Connect offering these WebSocket subprotocols, in this order.

    Example: When the test station connects offering the subprotocols "ocpp0.1, ocpp2.0.1"
    """
    context.session.connect(subprotocols=split_list(subprotocols))


@when("the test station connects without a Sec-WebSocket-Protocol header")
def step_connects_no_subprotocol(context):
    """Connect with no Sec-WebSocket-Protocol header.

    Example: When the test station connects without a Sec-WebSocket-Protocol header
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


@then("the CSMS does not accept the subprotocol")
def step_subprotocol_not_accepted(context):
    """The CSMS did not agree to any subprotocol the station offered, in one of the two ways OCPP-J
    section 3.2 (2.0.1 Part 4, 1.6-J) allows: it refused the upgrade with an HTTP status, or it
    completed the handshake without a Sec-WebSocket-Protocol header and then closed the connection
    (within the message timeout). Selecting a subprotocol, or keeping a connection without one
    open, fails.

    Example: Then the CSMS does not accept the subprotocol
    """
    session = context.session
    station = session.station
    handshake = station.handshake
    if handshake is None:
        session.fail("the station has not tried to connect")
    offered = ", ".join(handshake.offered) or "none"
    if not handshake.accepted:
        if handshake.status_code:
            return      # an HTTP refusal of the upgrade
        if "subprotocol" in handshake.reason.lower() or "Sec-WebSocket-Protocol" in handshake.reason:
            session.fail(f"the CSMS accepted a connection it should have refused: its handshake response "
                         f"selects a subprotocol the station did not offer ({offered}): {handshake.reason}")
        session.fail(f"the CSMS neither refused the upgrade with an HTTP status nor completed the handshake "
                     f"without a subprotocol: {handshake.describe()}")
    if handshake.subprotocol is not None:
        session.fail(f"the CSMS accepted a connection it should have refused: it selected subprotocol "
                     f"{handshake.subprotocol!r} (offered: {offered}); OCPP-J 3.2: without an acceptable "
                     f"subprotocol it refuses, or answers without Sec-WebSocket-Protocol and closes")
    timeout = session.config.seconds("message_timeout")
    code = session.run(station.wait_closed_by_csms(timeout), timeout + 2)
    if code is None:
        session.fail(f"the CSMS completed the handshake without a Sec-WebSocket-Protocol header (offered: "
                     f"{offered}) but kept the connection open for {timeout:g} s; OCPP-J 3.2: it must then "
                     f"close the connection immediately")


@then("the CSMS refuses the connection with HTTP status {status:d}")
def step_refuses_status(context, status):
    """The last handshake was refused with this HTTP status (401 for wrong credentials).

    Example: Then the CSMS refuses the connection with HTTP status 401
    """
    step_refuses(context)
    handshake = context.session.station.handshake
    if handshake.status_code != status:
        context.session.fail(f"the CSMS refused the connection: {handshake.describe()}; expected HTTP {status}")


@when("the test station disconnects")
def step_disconnects(context):
    """Close the WebSocket (as a station does before it reboots).

    Example: When the test station disconnects
    """
    context.session.disconnect()


@when("the test station reconnects")
def step_reconnects(context):
    """Close the WebSocket and open a new one; the new one must be accepted.

    Example: When the test station reconnects
    """
    context.session.disconnect()
    context.session.require_connected()


@given("the test station uses security profile {profile:d}")
@when("the test station uses security profile {profile:d}")
def step_security_profile(context, profile):
    """From now on 'the station' is the one registered with this security profile: 2 connects over
    TLS with Basic auth, 3 over TLS with its client certificate (SECURITY_PROFILE_2_CP /
    SECURITY_PROFILE_3_CP, CSMS_WSS_ADDRESS, TLS_CA_CERT, TLS_CLIENT_CERT).

    Example: Given the test station uses security profile 3
    """
    context.session.use_security_profile(profile)


@when("the test station connects with security profile 3 and the {kind} client certificate")
def step_invalid_client_certificate(context, kind):
    """Connect as the profile 3 station presenting a client certificate the CSMS must refuse:
    unknown (from a CA the CSMS does not trust, TLS_INVALID_CLIENT_CERT), expired
    (TLS_EXPIRED_CLIENT_CERT) or wrong CN (commonName is not the station id, TLS_WRONG_CN_CLIENT_CERT).

    Example: When the test station connects with security profile 3 and the expired client certificate
    """
    kinds = ("unknown", "expired", "wrong CN")
    if kind not in kinds:
        context.session.fail(f"'{kind}' is not a kind of invalid client certificate; use one of {', '.join(kinds)}")
    station = context.session.use_security_profile(3, client_certificate=kind)
    context.session.connect(station)


@when("the test station connects with security profile {profile:d} offering only TLS 1.1")
def step_old_tls(context, profile):
    """Connect over TLS offering no version newer than TLS 1.1 (the CSMS must refuse).

    Example: When the test station connects with security profile 2 offering only TLS 1.1
    """
    import ssl
    station = context.session.use_security_profile(profile, maximum_tls=ssl.TLSVersion.TLSv1_1)
    context.session.connect(station)


@then("the connection uses TLS 1.2 or newer with an OCPP cipher suite")
def step_tls_quality(context):
    """The accepted TLS connection runs TLS 1.2+ with a cipher suite OCPP 2.0.1 requires (A00.FR.318).
    OCPP 1.6: a suite of the 1.6 security whitepaper, and the CSMS takes a TLS 1.2 handshake with one.

    Example: Then the connection uses TLS 1.2 or newer with an OCPP cipher suite
    """
    from support.scenario.tls_checks import check_connection
    if context.session.version == "1.6":     # the suites of "Improved security for OCPP 1.6-J"
        from support.station.ocpp16 import security as security16
        problems = security16.tls_problems(context.session, context.session.station.handshake)
        if problems:
            context.session.fail("the TLS connection does not meet the OCPP 1.6 security whitepaper:\n  "
                                 + "\n  ".join(problems))
        return
    problems = check_connection(context.session.station.handshake)
    if problems:
        context.session.fail("the TLS connection does not meet OCPP 2.0.1 A00:\n  " + "\n  ".join(problems))


@then("the CSMS takes TLS 1.2 with each cipher suite the OCTT requires")
def step_required_suites(context):
    """A TLS 1.2 handshake offering only one cipher suite succeeds for each of
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS_RSA_WITH_AES_128_GCM_SHA256 and TLS_RSA_WITH_AES_256_GCM_SHA384: the OCTT's tool validation of
    TC_A_04_CSMS and TC_A_07_CSMS (OCPP 1.6: TC_086_CSMS and TC_087_CSMS). The RSA suites need an RSA
    server certificate next to the ECDSA one. Made at the wss:// URL of the station in use, with its
    client certificate under security profile 3.

    Example: Then the CSMS takes TLS 1.2 with each cipher suite the OCTT requires
    """
    from support.scenario.tls_checks import required_suites_failure
    session = context.session
    station = session.station
    url = station.tls_url or session.config.csms_tls_url
    if not url or not session.config.tls_ca_cert:
        session.fail("the station does not use TLS: choose security profile 2 or 3 first")
    cert, key = getattr(station, "tls_client_files", (None, None))
    failure = required_suites_failure(url, session.config.tls_ca_cert, cert, key, session.version)
    if failure:
        session.fail(failure)


@then("the CSMS server certificate is a valid OCPP server certificate")
def step_server_certificate(context):
    """The CSMS's server certificate has a serial number, a commonName with the server's FQDN and
    a key of at least 224 bits (EC) or 2048 bits (RSA) (A00.FR.312, TC_A_04 validations).

    Example: Then the CSMS server certificate is a valid OCPP server certificate
    """
    from support.scenario.tls_checks import check_server_certificate
    problems = check_server_certificate(context.session.station.handshake)
    if problems:
        context.session.fail("the CSMS server certificate does not meet OCPP 2.0.1 A00:\n  " + "\n  ".join(problems))
