"""Security profiles of an OCPP 1.6 Charge Point under test (the 1.6 security whitepaper; OCTT TC_074_CS,
TC_083_CS, TC_084_CS, TC_086_CS, TC_087_CS): what the 1.6 station session adds to the TLS of the 2.0.1
station cases (support/scenario/station_security.py, support/csms/scripted_tls.py).

- Provisioning: the Charge Point is given the CSMS root, its Basic auth password and, for profile 3, its
  client certificate before it is switched on, as a 2.0.1 station is. OCPP 1.6 has no network connection
  profiles: a Charge Point that raises its SecurityProfile keeps its Central System address and goes from
  ws:// to wss://. So a scenario that starts with security profile 1 gives the Charge Point an address that
  takes both (PlainOrTlsAddress): each TCP connection goes, by its first byte, to the TLS front door of the
  test CSMS (a TLS handshake) or to its plain listener (an HTTP request).
- A SecurityProfile upgrade (A05): from the ChangeConfiguration on, the test CSMS requires the higher
  profile; OCTT's steps 3-8 of TC_083_CS (Reset Hard, boot) only when the Charge Point asked for a reboot or
  did not reconnect on its own; then the Charge Point must be connected with the new profile.
"""
import asyncio

from .. import station_security
from ..station_session import CLOSED
from ...csms.scripted_tls import VALID, _pipe

TLS_HANDSHAKE_RECORD = 0x16      # the first byte of a TLS ClientHello
REFUSED = "handshake refused with HTTP"


def provision16(session, settings):
    """station_security.provision for a 1.6 Charge Point: (Central System base URL, Basic auth password).
    With security profile 1 asked for explicitly (a scenario that will raise it), the URL is an address
    that also takes TLS."""
    url, password = station_security.provision(session, settings)
    security = session.tls
    if security is not None and security.profile == 1:
        address = PlainOrTlsAddress(session.csms.server.host, session.csms.server.port, security.door.port)
        session.run(address.start())
        session.cleanups.append(("the address for ws:// and wss://", address.stop))
        url = address.url
    return url, password


class PlainOrTlsAddress:
    """ws://HOST:PORT and wss://HOST:PORT at once: each TCP connection is relayed, byte for byte, by its
    first byte: a TLS handshake record to the TLS front door (which records it as a TLS connection
    attempt), anything else to the plain listener of the test CSMS."""

    def __init__(self, host, plain_port, tls_port):
        self.host, self.plain_port, self.tls_port = host, plain_port, tls_port
        self.port = None
        self._server = None

    @property
    def url(self):
        return f"ws://{self.host}:{self.port}"

    async def start(self):
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self):
        """Stop listening; connections under way end with the Charge Point's."""
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _accept(self, reader, writer):
        inner_writer = None
        try:
            first = await reader.read(65536)
            if not first:
                return
            port = self.tls_port if first[0] == TLS_HANDSHAKE_RECORD else self.plain_port
            inner_reader, inner_writer = await asyncio.open_connection(self.host, port)
            inner_writer.write(first)
            await inner_writer.drain()
            await asyncio.gather(_pipe(reader, inner_writer), _pipe(inner_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            for w in (writer, inner_writer):
                if w is not None:
                    w.close()


# ---------------------------------------------------------------------- a SecurityProfile upgrade (TC_083_CS)

def require_profile(session, profile):
    """From the Charge Point's next connection on the test CSMS requires this security profile: 2 = TLS and
    Basic auth (the configured password), 3 = TLS and a client certificate for the Charge Point's identity."""
    if profile not in (1, 2, 3):
        session.fail(f"security profile {profile} does not exist; the 1.6 security whitepaper has 1, 2 and 3")
    security = station_security.of(session)
    script = session.script
    script.security_profile = profile
    if profile <= 2 and script.password is None:
        script.password = session.config.password
    security.profile = profile
    security.pass_over_attempts_so_far()     # the connection with the new profile is a later one
    session.upgrade_reset = False


def reset_if_needed(session):
    """OCTT TC_083_CS steps 3-4, "only executed if RebootRequired or Charge Point does not reconnect itself":
    Reset Hard (Accepted) when the Charge Point answered the last ChangeConfiguration with RebootRequired,
    or when its connection did not close within station_timeout after it answered Accepted."""
    from ...csms.ocpp16.scripted import build_reset16
    answer = session.command_outcome("ChangeConfiguration").response or {}
    if answer.get("status") != "RebootRequired":
        after = session.command_answer_entry("ChangeConfiguration")
        start = max(session._connection_start(), after.seq if after is not None else 0)
        if session.trace.wait_for(lambda e: session._is_event(e, CLOSED), session.timeout, start) is not None:
            session.upgrade_reset = False
            return
    session.command("Reset", build_reset16("Hard"))
    outcome = session.command_outcome("Reset")
    if not outcome.ok or (outcome.response or {}).get("status") != "Accepted":
        session.fail(f"the Charge Point did not accept Reset Hard (OCTT TC_083_CS step 4: status Accepted): "
                     f"{outcome.describe()}")
    session.upgrade_reset = True


def expect_upgraded_connection(session, profile):
    """A05.FR.06/07: the Charge Point connects again with the new security profile: over TLS with the test
    CSMS's valid server certificate, accepted by the test CSMS, which requires that profile. When steps 3-4
    reset it, steps 5-8 too: its BootNotification (Accepted) and StatusNotification Available for every
    connector and connector 0."""
    security = station_security.of(session)
    door = security.door
    wait = session.reconnection_deadline() if getattr(session, "upgrade_reset", False) else session.timeout
    mark = session.command_answer_entry("ChangeConfiguration")

    def found():
        for index, handshake in enumerate(door.handshakes[security.accounted:], security.accounted):
            if handshake.endpoint == VALID and handshake.live:
                return index + 1, handshake
        return None
    result = session.trace.wait_until(found, wait)
    if not result:
        tls = "\n  ".join(h.describe() for h in door.handshakes[security.accounted:]) or "none"
        refused = "\n  ".join(e.text for e in session._events(REFUSED) if mark is None or e.seq > mark.seq) or "none"
        session.fail(f"A05.FR.06/07 (1.6 security whitepaper): having accepted SecurityProfile {profile}, the Charge "
                     f"Point SHALL disconnect and connect again with security profile {profile}; within "
                     f"{round(wait, 1):g} s it did not connect over TLS with the test CSMS's valid server certificate "
                     f"as that profile requires.\nIts TLS connection attempts:\n  {tls}\nIts refused connection "
                     f"attempts:\n  {refused}")
    security.accounted, security.last_connected = result
    if getattr(session, "upgrade_reset", False):
        boot = session.expect_message("BootNotification", after=mark)
        session.check_csms_answer("BootNotification", [("status", "Accepted")], entry=boot)
        session.expect_status_with_connector_zero("Available")
