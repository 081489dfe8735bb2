"""@ocpp16 @station, the 1.6 security whitepaper over TLS: a SecurityProfile upgrade of the Charge Point
under test (OCTT TC_083_CS). The TLS sentences of the 2.0.1 station cases serve 1.6 Charge Points too
("Given the test CSMS uses security profile 2", "Then the station connects over TLS with the test CSMS's
valid server certificate", ...); logic in support/scenario/ocpp16/station_security16.py."""
from behave import then, when

from support.scenario.ocpp16 import station_security16
from support.scenario.ocpp16.station_session import session16


@when("the test CSMS requires security profile {profile:d} from now on")
def step_require_profile(context, profile):
    """From the Charge Point's next connection on, the test CSMS accepts it only with this security
    profile: 2 = TLS and Basic auth with the configured password, 3 = TLS with a client certificate for
    its identity (the connection in use stays).

    Example: When the test CSMS requires security profile 2 from now on
    """
    station_security16.require_profile(session16(context), profile)


@when("the test CSMS resets the Charge Point Hard if it asked for a reboot or did not reconnect")
def step_reset_if_needed(context):
    """OCTT TC_083_CS steps 3-4: Reset Hard (to be Accepted) when the Charge Point answered the last
    ChangeConfiguration with RebootRequired, or did not drop its connection within station_timeout after
    answering Accepted; otherwise nothing.

    Example: When the test CSMS resets the Charge Point Hard if it asked for a reboot or did not reconnect
    """
    station_security16.reset_if_needed(session16(context))


@then("the Charge Point is back, now with security profile {profile:d}")
def step_upgraded_connection(context, profile):
    """A05.FR.06/07: the Charge Point connected again with the new security profile (over TLS with the test
    CSMS's valid server certificate, accepted as that profile requires); when the test CSMS reset it, it
    also booted (Accepted) and reported every connector and connector 0 Available (TC_083_CS steps 5-8).

    Example: Then the Charge Point is back, now with security profile 2
    """
    station_security16.expect_upgraded_connection(session16(context), profile)
