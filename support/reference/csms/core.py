"""Core of the reference CSMS: server hooks, dispatch to `on_<Action>` handlers, CSMS-initiated
messages (`send()`, which the trigger API calls: OCTT's "manual action on the CSMS"), faults.
"""
import asyncio
import logging
from datetime import datetime, timedelta, timezone

from ...rpc import CallError, OcppConnection, error_codes
from ...scenario.trace import MessageTrace
from ...csms.server import CsmsServer
from ...csms.store import CsmsStore

log = logging.getLogger(__name__)


def now_iso(offset=timedelta()):
    return (datetime.now(timezone.utc) + offset).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Refused(LookupError):
    """The CSMS will not send a request it was asked to send (a reservation of an EVSE it knows is
    occupied, a cancellation of a reservation it does not hold). Nothing is sent; the trigger API
    answers 409 with the message, as it does for a station that is not connected."""


class Faults:
    """Deliberate departures from the spec, to prove that scenarios fail against a wrong CSMS.

    Each block mixin declares its faults in a FAULTS dict (name -> value when off); all are off in
    the reference CSMS. Unknown names are an error, so a typo cannot silently test nothing.
    """
    KNOWN = {"silent": (), "accept_any_subprotocol": False,
             "allow_lower_profile": False,    # lets a profile 2/3 station connect without TLS
             "skip_client_cn_check": False,   # profile 3 without checking the client certificate's CN
             "tls_minimum": None,             # e.g. TLSv1: accepts TLS versions below 1.2
             "no_rsa_suites": False,          # TLS 1.2 with the ECDHE-ECDSA suites only (no RSA certificate)
             "pending_boot_until_cleared": False,   # set-pending-boot as in the public dialect (sticky, no count)
             "forward_only": False,           # its trigger API only forwards call/{Action}: no command in
                                              # which the CSMS decides, no *-record (the public dialect)
             # OCPP-J robustness (@robustness), honoured by support/rpc/connection.py:
             "wrong_error_code": False,       # every bad frame / rejected CALL answered with GenericError
             "close_on_bad_frame": False,     # closes the connection after answering a bad frame
             "answer_unknown_message_type_16": False}   # 1.6: answers an unknown MessageTypeId instead of ignoring it

    @classmethod
    def declare(cls, faults):
        cls.KNOWN.update(faults)

    def __init__(self, **faults):
        unknown = set(faults) - set(self.KNOWN)
        if unknown:
            raise ValueError(f"unknown faults: {', '.join(sorted(unknown))}; known: {', '.join(sorted(self.KNOWN))}")
        for name, off in self.KNOWN.items():
            setattr(self, name, faults.get(name, off))
        self.silent = set(self.silent)

    def __getattr__(self, name):
        # a fault declared after this object was made is off
        if name in Faults.KNOWN:
            return Faults.KNOWN[name]
        raise AttributeError(name)


# Seconds after which a station answered Pending or Rejected sends its BootNotification again (its
# BootNotificationResponse.interval then): short, so a station is not kept waiting a heartbeat interval.
PENDING_INTERVAL = 10


class CsmsCore:
    versions = ("2.0.1", "1.6")

    def __init__(self, heartbeat_interval=300, host="127.0.0.1", port=0, faults=None,
                 call_timeout=10, trace=None, pending_interval=PENDING_INTERVAL):
        self.store = CsmsStore()
        self.heartbeat_interval = heartbeat_interval   # BootNotificationResponse.interval when Accepted
        self.pending_interval = pending_interval       # ... when Pending or Rejected: when to retry the boot
        self.faults = faults or Faults()
        self.call_timeout = call_timeout
        self.server = CsmsServer(self, host, port)
        self.trace = trace or MessageTrace("reference CSMS")
        self.listeners = []     # callables(station_id, direction, text) for the CLI's live log
        self._tasks = set()
        self.accept_any_subprotocol = self.faults.accept_any_subprotocol
        self.init_state()

    def init_state(self):
        """Per-block state; each block mixin extends it and calls super()."""

    # ------------------------------------------------------------------ server hooks

    async def start(self):
        await self.server.start()
        return self

    async def stop(self):
        for task in list(self._tasks):
            task.cancel()
        await self.server.stop()

    @property
    def url(self):
        return self.server.url

    def authenticate(self, station_id, credentials):
        return self.authenticate_connection(station_id, credentials, {"tls": False, "client_cn": None})

    def authenticate_connection(self, station_id, credentials, transport):
        """None when the station may connect, else why not (the handshake gets HTTP 401).

        Security profile 1: Basic auth. 2: TLS and Basic auth. 3: TLS with a client certificate
        whose CN is the station identity (checked by TLS against the CSMS root; no Basic auth).
        """
        record = self.store.stations.get(station_id)
        if record is None:
            return f"unknown charging station {station_id!r}"
        profile = record.security_profile
        if profile >= 2 and not transport.get("tls") and not self.faults.allow_lower_profile:
            return f"security profile {profile} requires TLS"
        if profile >= 3 and not self.faults.skip_client_cn_check:
            if not transport.get("client_cn"):
                return "security profile 3 requires a client certificate"
            if transport["client_cn"] != station_id:
                return f"the client certificate is for {transport['client_cn']!r}, not {station_id!r}"
            return None
        if credentials is None:
            return "Basic authentication required"
        user, password = credentials
        if user != station_id:
            return "the Basic auth username must equal the charging station identity"
        if password != record.password:
            return "wrong password"
        return None

    def recorder(self, peer, direction, text, frame=None, violations=()):
        self.trace.add(peer, direction, text, frame, violations)
        for listener in self.listeners:
            listener(peer, direction, text)
        # The reference CSMS keeps only a bounded tail of its own trace.
        if len(self.trace.entries) > 5000:
            del self.trace.entries[:1000]

    def on_connected(self, station_id, connection):
        connection.faults = self.faults   # the RPC layer's faults (wrong_error_code, ...)

    def on_disconnected(self, station_id, connection):
        pass

    def connection(self, station_id):
        return self.server.connections.get(station_id)

    def _spawn(self, coro):
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ------------------------------------------------------------------ dispatch

    async def handler(self, connection: OcppConnection, action, payload):
        station = self.store.stations[connection.peer]
        codes = error_codes(connection.version)
        if action in self.faults.silent:
            return None
        if action != "BootNotification" and station.registration != "Accepted" \
                and not self.faults.accept_in_pending and not self._triggered(station, action):
            # B02.FR.09 / B03.FR.07: only BootNotification until the station is Accepted.
            raise CallError(codes.security_error,
                            f"{action} refused: the station is not accepted (registration {station.registration})")
        prefix = "on16_" if connection.version == "1.6" else "on_"
        method = getattr(self, f"{prefix}{action}", None)
        if method is None:
            raise CallError(codes.not_supported,
                            f"the reference CSMS does not support {action} in OCPP {connection.version}")
        return await method(station, connection, payload)

    def _triggered(self, station, action):
        # While Pending, a message the CSMS asked for with TriggerMessage is allowed (B02.FR.02).
        allowed = getattr(station, "triggered", set())
        if action in allowed:
            allowed.discard(action)
            return True
        return False

    # ------------------------------------------------------------------ CSMS-initiated messages

    async def send(self, station_id, action, payload, timeout=None):
        """Send a CALL to a connected station and return the CallOutcome."""
        connection = self.connection(station_id)
        if connection is None:
            raise LookupError(f"charging station {station_id!r} is not connected")
        station = self.store.stations[station_id]
        if action == "TriggerMessage":
            # While Pending, the triggered message must be let through (B02.FR.02 / F06).
            requested = payload.get("requestedMessage")
            name = {"StatusNotification": "StatusNotification", "BootNotification": "BootNotification",
                    "Heartbeat": "Heartbeat", "MeterValues": "MeterValues",
                    "TransactionEvent": "TransactionEvent", "LogStatusNotification": "LogStatusNotification",
                    "FirmwareStatusNotification": "FirmwareStatusNotification",
                    "SignChargingStationCertificate": "SignCertificate",
                    "SignV2GCertificate": "SignCertificate",
                    "SignCombinedCertificate": "SignCertificate"}.get(requested)
            if name:
                if not hasattr(station, "triggered"):
                    station.triggered = set()
                station.triggered.add(name)
        return await connection.call(action, payload, timeout or self.call_timeout)

    async def send_batched(self, station_id, action, items_key, items, limit):
        """Get/SetVariables split into messages of at most `limit` items (B06.FR.05)."""
        results, outcomes = [], []
        size = limit if limit and limit > 0 else max(len(items), 1)
        result_key = {"getVariableData": "getVariableResult", "setVariableData": "setVariableResult"}[items_key]
        for start in range(0, len(items), size):
            outcome = await self.send(station_id, action, {items_key: items[start:start + size]})
            outcomes.append(outcome)
            if outcome.ok:
                results.extend(outcome.response.get(result_key, []))
        return results, outcomes

    def items_per_message(self, station_id, kind):
        """The station's limit for one kind: set through the trigger API, or read from the station."""
        station = self.store.stations[station_id]
        if kind in station.items_per_message:
            return int(station.items_per_message[kind])
        instance = {"get_variables": "GetVariables", "set_variables": "SetVariables"}.get(kind)
        value = station.variables.get(("DeviceDataCtrlr", "ItemsPerMessage", instance))
        return int(value) if value and str(value).isdigit() else 0
