"""TLS of the test CSMS: security profiles 2 and 3 (OCPP 2.0.1 A00) towards the station under test.

The test CSMS gets one wss:// address, the *front door*. Each TCP connection to it is relayed, byte
for byte, to one TLS endpoint of the same test CSMS, chosen per connection attempt: the valid
endpoint, unless a scenario asked for a wrong one for the next attempt(s). The TLS handshake is
between the station and the endpoint (the front door only relays), so each endpoint can have its
own certificate and TLS versions behind a single URL, as OCTT does in TC_A_05_CS and TC_A_06_CS.

Endpoints (certificates from the suite's PKI, support/pki, made in certs/ on first use):

  valid          the CSMS server certificate (SAN localhost, 127.0.0.1), TLS 1.2 or newer, the OCPP
                 cipher suites; a client certificate is verified against the CSMS root when sent
  unknown CA     a server certificate for this host from a CA the station does not know
  expired        a server certificate from the CSMS root that expired yesterday (made per run)
  wrong host     a server certificate from the CSMS root for another host name (CN and SAN)
  TLS 1.1        the valid certificate, but the endpoint speaks nothing newer than TLS 1.1
  new CSMS root  a server certificate for this host from the CSMS root CA 2 (a new CSMS's root)

A second wss:// address (open_second_address) relays every attempt to one endpoint chosen for it:
the address of another CSMS for OCTT's network profile migrations (TC_B_47_CS, TC_B_50_CS).

Security profile checks (CsmsScript.security_profile of the station): 2 needs TLS and Basic auth,
3 needs TLS and a client certificate whose CN is the station identity (no Basic auth).
"""
import asyncio
import datetime
import logging
import os
import ssl
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Optional

from cryptography import x509
from cryptography.x509.oid import NameOID
from websockets.protocol import State

from ..pki.authority import key_pem, pem
from ..pki.store import OPERATOR, TestPki
from ..scenario.trace import EVENT
from .server import CsmsServer, parse_basic_auth, station_id_from_path, transport_security

log = logging.getLogger(__name__)

# OCPP 2.0.1 A00.FR.318-321 (TLS 1.2): both ECDHE-ECDSA suites, or both RSA suites; TLS 1.3 suites are OpenSSL's.
OCPP_CIPHERS = ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-GCM-SHA384")
REQUIRED_SUITE_SETS = ({"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"},
                       {"AES128-GCM-SHA256", "AES256-GCM-SHA384"})
VALID = "valid"
ENDPOINTS = {
    VALID: "the CSMS server certificate (TLS 1.2 or newer)",
    "unknown CA": "a server certificate from an unknown CA",
    "expired": "an expired server certificate",
    "wrong host": "a server certificate for another host name",
    "TLS 1.1": "the CSMS server certificate over TLS 1.1 only",
    "new CSMS root": "a server certificate from the new CSMS root CA 2",
}
WRONG_HOST = "wrong-host.ocpp-suite.invalid"
ATTEMPT = "TLS connection attempt"      # the start of every trace event of the front door
INNER_HOST = "127.0.0.1"                # where the endpoints behind the front door listen


# ---------------------------------------------------------------------- certificates and contexts

def _server_certificate(pki, kind, scratch):
    """(certificate path, key path) of the server certificate an endpoint presents."""
    san = ("localhost", "127.0.0.1", "csms.ocpp-suite.local")
    if kind in (VALID, "TLS 1.1"):
        return pki.csms_server()
    if kind == "new CSMS root":
        return pki.csms_server_2()
    if kind == "unknown CA":
        rogue = pki.root("invalid-ca", "Untrusted Test CA")
        pki._get("invalid-ca-server", lambda: rogue.issue("csms.ocpp-suite.local", OPERATOR, san=san, server=True))
        return pki.path("invalid-ca-server"), pki.path("invalid-ca-server", "key")
    if kind == "wrong host":
        ca = pki.csms_root
        pki._get("wrong-host-server", lambda: ca.issue(WRONG_HOST, OPERATOR, san=(WRONG_HOST,), server=True))
        return pki.path("wrong-host-server"), pki.path("wrong-host-server", "key")
    if kind == "expired":
        # Never kept in certs/: the store remakes anything that expires within a year.
        cert, key = pki.csms_root.issue("csms.ocpp-suite.local", OPERATOR, san=san, server=True,
                                        validity=datetime.timedelta(days=-1))
        paths = os.path.join(scratch, "expired-server.pem"), os.path.join(scratch, "expired-server.key")
        with open(paths[0], "w") as f:
            f.write(pem(cert))
        with open(paths[1], "w") as f:
            f.write(key_pem(key))
        return paths
    raise ValueError(f"no TLS endpoint {kind!r}; the endpoints are {', '.join(ENDPOINTS)}")


def endpoint_context(pki, kind, scratch):
    """The server SSLContext of an endpoint: client certificates are verified against the CSMS root
    when the station sends one (whether it must is the security profile's question, at HTTP)."""
    cert, key = _server_certificate(pki, kind, scratch)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if kind == "TLS 1.1":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(OCPP_CIPHERS)
    context.load_cert_chain(cert, key)
    context.load_verify_locations(pki.path("csms-root-ca"))
    context.verify_mode = ssl.CERT_OPTIONAL
    return context


# ---------------------------------------------------------------------- what each attempt showed

@dataclass
class Handshake:
    """One TCP connection to the front door: which endpoint served it and how far the station got."""
    number: int
    endpoint: str
    address: str = "first"             # which wss:// address of the test CSMS the station connected to
    upgraded: bool = False             # the station's HTTP upgrade request came through TLS
    closed: bool = False
    station_id: Optional[str] = None
    tls_version: Optional[str] = None
    cipher: Optional[str] = None
    offered_ciphers: list = field(default_factory=list)   # the station's suites the endpoint also has
    client_certificate: Optional[bytes] = None            # DER
    credentials: Optional[tuple] = None                   # (user, password) of Basic auth
    authorization: Optional[str] = None                   # the raw Authorization header
    refusal: Optional[str] = None                         # why the CSMS refused the upgrade, if it did
    websocket: object = field(default=None, repr=False)   # the CSMS's side of the WebSocket

    @property
    def live(self):
        """Upgraded, accepted, and its WebSocket neither closing nor closed."""
        return (self.upgraded and not self.refusal and not self.closed and self.websocket is not None
                and self.websocket.state in (State.CONNECTING, State.OPEN))

    def describe(self):
        where = " at the second address" if self.address == "second" else ""
        text = f"{ATTEMPT} {self.number}{where} ({ENDPOINTS[self.endpoint]})"
        if self.upgraded:
            cert = "with a client certificate" if self.client_certificate else "without a client certificate"
            text += f": {self.tls_version} {self.cipher}, {cert}"
            if self.refusal:
                text += f"; refused with HTTP 401: {self.refusal}"
        elif self.closed:
            text += ": closed before the station sent an HTTP request"
        return text


class _Endpoint(CsmsServer):
    """A TLS listener of the test CSMS behind the front door; tells the door what each upgrade showed."""

    def __init__(self, engine, door, kind):
        super().__init__(engine, INNER_HOST, 0)
        self.door = door
        self.kind = kind

    def _process_request(self, connection, request):
        handshake = self.door.handshake_of(connection.remote_address)
        response = super()._process_request(connection, request)
        if handshake is not None:
            ssl_object = connection.transport.get_extra_info("ssl_object")
            info = transport_security(connection)
            handshake.upgraded = True
            handshake.websocket = connection
            handshake.station_id = station_id_from_path(request.path)
            handshake.tls_version, handshake.cipher = info["version"], info["cipher"]
            handshake.offered_ciphers = [c[0] for c in (ssl_object.shared_ciphers() or [])] if ssl_object else []
            handshake.client_certificate = ssl_object.getpeercert(binary_form=True) if ssl_object else None
            handshake.authorization = request.headers.get("Authorization")
            handshake.credentials = parse_basic_auth(handshake.authorization)
            if response is not None:
                handshake.refusal = response.body.decode(errors="replace").strip()
            self.door.event(handshake.describe())
        return response


class TlsFrontDoor:
    """The wss:// address of the test CSMS (see the module docstring). Started on first use, kept
    for the run; `reset()` between scenarios."""

    def __init__(self, csms, pki=None):
        self.csms = csms
        self.pki = pki or TestPki()
        self.host = csms.server.host
        self.port = None
        self.station_id = None          # whose trace the attempts go to (the station under test)
        self.handshakes = []
        self._next = []                 # endpoints for the next attempts, in order; then the valid one
        self._endpoints = {}
        self._by_port = {}
        self._server = None
        self._relays = set()
        self._scratch = None     # a temporary folder for the expired certificate, from the first endpoint to stop()
        self._second = None      # (server, port, endpoint kind) of the second address, while open

    @property
    def url(self):
        """The base URL a station appends its identity to."""
        return f"wss://{self.host}:{self.port}"

    async def start(self, port=0):
        if self._server is None:
            await self._endpoint(VALID)
            self._server = await asyncio.start_server(self._accept, self.host, port)
            self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def second_url(self):
        return f"wss://{self.host}:{self._second[1]}" if self._second else None

    async def open_second_address(self, kind=VALID):
        """A second wss:// address of the test CSMS on a free port, every attempt at it served by this
        endpoint; returns its base URL."""
        if kind not in ENDPOINTS:
            raise ValueError(f"no TLS endpoint {kind!r}; the endpoints are {', '.join(ENDPOINTS)}")
        await self.close_second_address()
        await self._endpoint(kind)
        server = await asyncio.start_server(lambda r, w: self._accept(r, w, kind), self.host, 0)
        self._second = (server, server.sockets[0].getsockname()[1], kind)
        return self.second_url

    async def close_second_address(self):
        if self._second is not None:
            server, self._second = self._second[0], None
            server.close()

    async def stop(self):
        await self.close_second_address()
        if self._server is not None:
            self._server.close()
        for task in list(self._relays):
            task.cancel()
        if self._relays:
            await asyncio.gather(*self._relays, return_exceptions=True)
        for endpoint in self._endpoints.values():
            await endpoint.stop()
        self._endpoints.clear()
        self._server = None
        if self._scratch is not None:     # the contexts have read their files
            self._scratch.cleanup()
            self._scratch = None

    def reset(self, station_id=None):
        """Forget the attempts and the wrong endpoints asked for; thread-safe enough for between
        scenarios (the loop only appends)."""
        self.station_id = station_id
        self.handshakes = []
        self._next = []

    def present_next(self, kind, times=1):
        """The next `times` connection attempts get this endpoint (after those already asked for)."""
        if kind not in ENDPOINTS:
            raise ValueError(f"no TLS endpoint {kind!r}; the endpoints are {', '.join(ENDPOINTS)}")
        self._next.extend([kind] * times)

    async def _endpoint(self, kind):
        endpoint = self._endpoints.get(kind)
        if endpoint is None:
            endpoint = _Endpoint(self.csms, self, kind)
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="ocpp-suite-test-csms-tls-")
            await endpoint.start_tls(endpoint_context(self.pki, kind, self._scratch.name))
            self._endpoints[kind] = endpoint
        return endpoint

    def handshake_of(self, remote_address):
        return self._by_port.get(remote_address[1]) if remote_address else None

    def event(self, text):
        self.csms.recorder(self.station_id or "tls", EVENT, text)

    async def _accept(self, reader, writer, second=None):
        """A connection at the front door (second: the endpoint kind of the second address it came to)."""
        kind = second or (self._next.pop(0) if self._next else VALID)
        handshake = Handshake(len(self.handshakes) + 1, kind, "second" if second else "first")
        self.handshakes.append(handshake)
        where = " at the second address" if second else ""
        self.event(f"{ATTEMPT} {handshake.number}{where}: the CSMS presents {ENDPOINTS[kind]}")
        task = asyncio.current_task()
        self._relays.add(task)
        inner_writer = None
        try:
            endpoint = await self._endpoint(kind)
            inner_reader, inner_writer = await asyncio.open_connection(INNER_HOST, endpoint.tls_port)
            port = inner_writer.get_extra_info("sockname")[1]
            self._by_port[port] = handshake
            try:
                await asyncio.gather(_pipe(reader, inner_writer), _pipe(inner_reader, writer))
            finally:
                self._by_port.pop(port, None)
        except (OSError, asyncio.CancelledError):
            pass    # a cancelled connection handler would be logged as an error by asyncio's streams
        finally:
            for w in (writer, inner_writer):
                if w is not None:
                    w.close()
            self._relays.discard(task)
            handshake.closed = True
            if not handshake.upgraded:
                self.event(handshake.describe())


async def _pipe(reader, writer):
    """Copy one direction until it ends, then close the other side (the peer sees the close)."""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (OSError, ConnectionError):
        pass
    finally:
        writer.close()


async def front_door(csms, port=0):
    """The test CSMS's TLS front door, started on first use (on `port`, 0: a free one)."""
    if getattr(csms, "tls", None) is None:
        csms.tls = TlsFrontDoor(csms)
    return await csms.tls.start(port)


# ---------------------------------------------------------------------- the security profile at HTTP

def authenticate_connection(csms, station_id, credentials, transport):
    """Why the test CSMS refuses a station's upgrade request (HTTP 401), or None.

    The station's script says its security profile (None: whatever comes, as before TLS): 2 needs
    TLS and Basic auth, 3 needs TLS and a client certificate whose CN is the station identity.
    """
    script = csms.script_for(station_id)
    profile = getattr(script, "security_profile", None)
    if profile and profile >= 2 and not transport.get("tls"):
        return f"security profile {profile} requires TLS (wss://)"
    if profile == 3:
        cn = transport.get("client_cn")
        if not cn:
            return "security profile 3 requires a client certificate"
        if cn != station_id:
            return f"the client certificate is for {cn!r}, not {station_id!r}"
        return None
    if profile == 2 and credentials is None:
        return "security profile 2 requires Basic authentication"
    return csms.authenticate(station_id, credentials)


# ---------------------------------------------------------------------- checks of what an attempt showed

def tls_problems(handshake):
    """OCTT's validations of the station's TLS (TC_A_04_CS, TC_A_07_CS step 2/4)."""
    problems = []
    if handshake.tls_version not in ("TLSv1.2", "TLSv1.3"):
        problems.append(f"TLS version {handshake.tls_version}, expected TLS 1.2 or newer")
    offered = set(handshake.offered_ciphers)
    if not any(required <= offered for required in REQUIRED_SUITE_SETS):
        problems.append("the station offers neither both TLS_ECDHE_ECDSA_WITH_AES_128/256_GCM suites nor both "
                        f"TLS_RSA_WITH_AES_128/256_GCM suites; of the suites the CSMS knows it offers "
                        f"{sorted(offered) or 'none'}")
    return problems


def client_certificate_problems(handshake, station_id):
    """OCTT's validations of the client certificate (TC_A_07_CS step 4)."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    if not handshake.client_certificate:
        return ["the station sent no client certificate"]
    cert = x509.load_der_x509_certificate(handshake.client_certificate)
    problems = []
    if not cert.serial_number:
        problems.append("the certificate has no serial number")
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not names or names[0].value != station_id:
        problems.append(f"the commonName is {names[0].value if names else '(none)'!r}, expected the station "
                        f"identity {station_id!r}")
    key = cert.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < 224:
        problems.append(f"EC key of {key.curve.key_size} bits, expected at least 224")
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048:
        problems.append(f"RSA key of {key.key_size} bits, expected at least 2048")
    return problems
