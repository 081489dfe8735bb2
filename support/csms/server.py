"""The CSMS side of OCPP-J: a WebSocket server that identifies stations, checks Basic auth,
negotiates the subprotocol and hands each connection to an engine.

Refusals happen at the handshake, as the spec wants: an unknown station id or a wrong password
gets HTTP 401, a request without any subprotocol gets HTTP 400. Offered subprotocols of which
none is supported get what OCPP-J (2.0.1 Part 4 and 1.6-J, section 3.2) prescribes: the handshake
is completed without a Sec-WebSocket-Protocol header and the connection is closed at once (1002).
"""
import asyncio
import base64
import binascii
import ctypes
import ctypes.util
import gc
import logging
import resource
import ssl
from http import HTTPStatus
from urllib.parse import unquote, urlparse

from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
from websockets.exceptions import NegotiationError
from websockets.http11 import Response

from ..rpc import OcppConnection, Subprotocol

log = logging.getLogger(__name__)


def parse_basic_auth(header):
    """(username, password) from an Authorization header, or None when absent or malformed."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def station_id_from_path(path):
    """The station identity is the last segment of the URL path (OCPP-J 2.0.1 Part 4, 3.2)."""
    segment = urlparse(path).path.rstrip("/").rsplit("/", 1)[-1]
    return unquote(segment)


def transport_security(connection):
    """What TLS says about a connection: {"tls": bool, "version", "cipher", "client_cn", "client_o"}."""
    ssl_object = connection.transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return {"tls": False, "version": None, "cipher": None, "client_cn": None, "client_o": None}
    info = {"tls": True, "version": ssl_object.version(), "cipher": (ssl_object.cipher() or (None,))[0],
            "client_cn": None, "client_o": None}
    peer = ssl_object.getpeercert() or {}
    for rdn in peer.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                info["client_cn"] = value
            elif key == "organizationName":
                info["client_o"] = value
    return info


# OCPP 2.0.1 A00.FR.318-.321 and the 1.6 security whitepaper: TLS 1.2 or newer with these cipher suites
# (TLS 1.3 suites are fixed by OpenSSL). The OCTT (TC_A_04_CSMS, TC_086_CSMS) wants a CSMS to take both
# ECDHE-ECDSA suites and both TLS_RSA_WITH_AES_*_GCM suites: the latter need an RSA server certificate.
ECDSA_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"
OCPP_CIPHERS = (ECDSA_CIPHERS + ":ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
                "AES128-GCM-SHA256:AES256-GCM-SHA384")


def server_tls_context(cert_path, key_path, client_ca_path=None, minimum_version=ssl.TLSVersion.TLSv1_2,
                       more_chains=(), ciphers=OCPP_CIPHERS):
    """Server TLS for security profiles 2 and 3: client certificates are verified when presented
    (CERT_OPTIONAL); whether a station must present one is the CSMS's per-station decision.
    more_chains: further (certificate, key) paths of another key type (an RSA certificate next to the
    ECDSA one); OpenSSL presents the one the negotiated cipher suite needs."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = minimum_version
    if minimum_version < ssl.TLSVersion.TLSv1_2:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")   # only for a deliberately wrong CSMS
    else:
        context.set_ciphers(ciphers)
    for cert, key in ((cert_path, key_path), *more_chains):
        context.load_cert_chain(cert, key)
    if client_ca_path:
        context.load_verify_locations(client_ca_path)
        context.verify_mode = ssl.CERT_OPTIONAL
    return context


def _refuse(status, text):
    body = (text + "\n").encode()
    headers = Headers([("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                       ("Connection", "close")])
    if status == HTTPStatus.UNAUTHORIZED:
        headers["WWW-Authenticate"] = 'Basic realm="OCPP", charset="UTF-8"'
    return Response(status.value, status.phrase, headers, body)


def _load_malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):     # not glibc: nothing to give back this way
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_malloc_trim = _load_malloc_trim()


def release_memory():
    """Give the memory freed by closed connections back to the system (glibc's malloc_trim): the
    buffers of thousands of connections otherwise stay in the process, and RSS never comes down
    after the stations left, nor stays flat when they come back."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def tune_for_many_connections():
    """Process settings of a CSMS run on its own (the playground, the mock server), for thousands
    of stations: as many file descriptors as the hard limit allows, and a garbage collector that
    does not stop every connection for a full collection again and again while they come in (the
    objects of the startup are frozen out of it; a young generation collected every 50,000
    allocations instead of every 700). Returns the file-descriptor limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else max(soft, 65536),
                                                        hard))
        except (ValueError, OSError):
            pass
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


DEFLATE = ServerPerMessageDeflateFactory(server_max_window_bits=10, client_max_window_bits=10,
                                         compress_settings={"memLevel": 4})

# Close code when the station offered only subprotocols the CSMS does not speak (RFC 6455 7.4.1).
UNSUPPORTED_SUBPROTOCOL_CLOSE = 1002


def select_ocpp_subprotocol(supported):
    """websockets' select_subprotocol for OCPP-J 3.2: the first supported subprotocol in the CSMS's
    order of preference; None (handshake completed without Sec-WebSocket-Protocol, the session
    then closes the connection) when none of the offered ones is supported; HTTP 400 when the
    station offered none at all."""
    def select(connection, offered):
        if not offered:
            raise NegotiationError("missing subprotocol")
        for subprotocol in supported:
            if subprotocol in offered:
                return subprotocol
        return None
    return select


class CsmsServer:
    """Accepts station connections for an engine.

    The engine provides: authenticate(station_id, credentials) -> None | reason,
    versions (subprotocols offered, in preference order), handler(connection, action, payload),
    on_connected(station_id, connection), on_disconnected(station_id, connection),
    and recorder(peer, direction, text, frame, violations).
    """

    def __init__(self, engine, host="127.0.0.1", port=0):
        self.engine = engine
        self.host = host
        self.port = port
        self._server = None
        self._tls_server = None
        self.tls_port = None
        self.connections = {}   # station id -> OcppConnection (the live one)
        self._trim_handle = None    # a pending release_memory() after disconnections
        self._disconnected = 0      # connections closed since the last release_memory()
        self._peak = 0              # most connections at once since the last full collection

    @property
    def url(self):
        return f"ws://{self.host}:{self.port}/ocpp"

    @property
    def tls_url(self):
        return f"wss://{self.host}:{self.tls_port}/ocpp" if self._tls_server else None

    def _serve(self, port, **extra):
        supported = [Subprotocol.for_version(v) for v in self.engine.versions]
        if getattr(self.engine, "accept_any_subprotocol", False):
            # Only for a deliberately wrong CSMS: take whatever the station offers first.
            select = lambda connection, offered: offered[0] if offered else None  # noqa: E731
        else:
            select = select_ocpp_subprotocol(supported)
        # OCPP 2.0.1 part 4 section 3.3 requires a CSMS to support RFC 7692 (permessage-deflate) for
        # the stations that offer it; small LZ77 windows keep a connection's zlib contexts to some
        # 15 KiB instead of websockets' default ~45 KiB (5,000 stations: ~75 MB, not ~225 MB).
        return serve(self._session, self.host, port, subprotocols=supported, select_subprotocol=select,
                     process_request=self._process_request, ping_interval=None, compression=None,
                     extensions=[DEFLATE], max_size=2 ** 22, **extra)

    async def start(self):
        self._server = await self._serve(self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def start_tls(self, context, port=0):
        """A second listener with TLS (security profiles 2 and 3) sharing the same stations."""
        self._tls_server = await self._serve(port, ssl=context)
        self.tls_port = self._tls_server.sockets[0].getsockname()[1]
        return self

    async def stop(self):
        if self._trim_handle is not None:
            self._trim_handle.cancel()
            self._trim_handle = None
        for server in (self._server, self._tls_server):
            if server:
                server.close()
                await server.wait_closed()

    def _process_request(self, connection, request):
        station_id = station_id_from_path(request.path)
        if not station_id or station_id == "ocpp":
            return _refuse(HTTPStatus.NOT_FOUND, "the URL must end with the charging station identity")
        # An engine may refuse a station's connection attempts at this address for a while (a CSMS that
        # is not taking the station here: the test CSMS of OCTT's network profile cases, TC_B_46/49_CS).
        refuse = getattr(self.engine, "refuse_connection", None)
        reason = refuse(station_id, self) if refuse is not None else None
        if reason:
            return _refuse(HTTPStatus.SERVICE_UNAVAILABLE, reason)
        credentials = parse_basic_auth(request.headers.get("Authorization"))
        if hasattr(self.engine, "authenticate_connection"):
            reason = self.engine.authenticate_connection(station_id, credentials, transport_security(connection))
        else:
            reason = self.engine.authenticate(station_id, credentials)
        if reason:
            log.info("refused %s: %s", station_id, reason)
            self.engine.recorder(station_id, "**", f"handshake refused with HTTP 401: {reason}")
            return _refuse(HTTPStatus.UNAUTHORIZED, reason)
        return None

    async def _session(self, websocket):
        station_id = station_id_from_path(websocket.request.path)
        if websocket.subprotocol is None and not getattr(self.engine, "accept_any_subprotocol", False):
            # OCPP-J 3.2: no offered subprotocol is acceptable; the handshake went without a
            # Sec-WebSocket-Protocol header, and the connection closes immediately.
            offered = ", ".join(websocket.request.headers.get_all("Sec-WebSocket-Protocol"))
            reason = f"no supported subprotocol offered ({offered})"
            self.engine.recorder(station_id, "**", f"handshake without subprotocol: {reason}; closing (code "
                                                   f"{UNSUPPORTED_SUBPROTOCOL_CLOSE})")
            await websocket.close(UNSUPPORTED_SUBPROTOCOL_CLOSE, reason[:120])
            return
        version = Subprotocol.version(websocket.subprotocol) or self.engine.versions[0]
        connection = OcppConnection(websocket, version, station_id, handler=self.engine.handler,
                                    recorder=self.engine.recorder)
        previous = self.connections.get(station_id)
        self.connections[station_id] = connection
        self._peak = max(self._peak, len(self.connections))
        if previous is not None and previous.is_open:
            # A station that reconnects replaces its old connection (OCPP-J: one per identity).
            asyncio.create_task(previous.close(1000, "replaced by a new connection"))
        self.engine.recorder(station_id, "**", f"connected with subprotocol {websocket.subprotocol}")
        self.engine.on_connected(station_id, connection)
        try:
            await connection.run()
        finally:
            if self.connections.get(station_id) is connection:
                del self.connections[station_id]
            self.engine.on_disconnected(station_id, connection)
            self._after_disconnect()

    def _after_disconnect(self):
        """Once disconnections stop for a moment (or every 64 of them), give freed memory back."""
        self._disconnected += 1
        if self._trim_handle is not None:
            if self._disconnected < 64:
                self._trim_handle.cancel()
            else:
                return
        self._trim_handle = asyncio.get_running_loop().call_later(0.5, self._release_memory)

    def _release_memory(self):
        self._trim_handle = None
        self._disconnected = 0
        # A closed connection's objects hold reference cycles (websockets' connection and protocol,
        # futures, tracebacks): only the cyclic collector frees them. A full collection takes time
        # in proportion to all objects, so only once at least half the stations have left.
        if len(self.connections) * 2 <= self._peak:
            gc.collect()
            self._peak = len(self.connections)
        release_memory()
