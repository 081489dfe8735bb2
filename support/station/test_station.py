"""The test station: the suite's charging station, driven step by step by the CSMS features.

It connects with security profile 1 (Basic auth, identity as last path segment, one subprotocol),
sends what the steps say, answers the CSMS's requests the way the steps set (accepting by
default), and keeps the EVSE/connector and transaction model that the messages need.
All methods are coroutines that run on the runtime loop.
"""
import asyncio
import base64
import itertools
import time
import ssl
from dataclasses import dataclass
from datetime import datetime, timezone

from websockets.asyncio.client import connect
from websockets.exceptions import InvalidHandshake, InvalidStatus

from ..rpc import CALL, OcppConnection, Subprotocol, error_codes
from ..scenario.trace import RECEIVED
from . import answers as answers_mod
from .model import StationModel


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Handshake:
    accepted: bool
    status_code: int = None     # HTTP status of a refused handshake
    subprotocol: str = None
    reason: str = ""
    tls_version: str = None
    cipher: str = None
    server_certificate: bytes = None   # DER
    offered: tuple = ()         # subprotocols the station offered

    def describe(self):
        if self.accepted:
            tls = f", {self.tls_version} {self.cipher}" if self.tls_version else ""
            subprotocol = self.subprotocol or "none, no Sec-WebSocket-Protocol header"
            return f"accepted (subprotocol {subprotocol}{tls})"
        if self.status_code:
            return f"refused with HTTP {self.status_code} {self.reason}".rstrip()
        return f"failed: {self.reason}"


# eventIds of NotifyEvent, unique over the whole run and across runs of the day (a CSMS that stores
# events may refuse an eventId it already has for the station)
_RUN_EVENT_IDS = itertools.count(1 + int(time.time()) % 86400 * 1000)


class TestStation:
    __test__ = False  # not a pytest test class

    def __init__(self, station_id, password, csms_url, trace, version="2.0.1", number_of_evses=1,
                 connector_type="cType2", model="ConformanceStation", vendor_name="ocpp-conformance-suite"):
        self.station_id = station_id
        self.password = password
        self.csms_url = csms_url.rstrip("/")
        self.trace = trace
        self.version = version
        self.codes = error_codes(version)
        self.model = StationModel.with_evses(number_of_evses, connector_type)
        self.charging_station = {"model": model, "vendorName": vendor_name}
        self.connection = None
        self.handshake = None
        self.connected_at = None          # time.monotonic() of the last accepted handshake
        self.tls = None                   # ssl.SSLContext for security profiles 2 and 3
        self.tls_url = None               # wss:// base URL used with it
        self.outcomes = []                # CallOutcome of every CALL the station sent, in order
        self.scripted = {}                # action -> list of Answer (the last one repeats when repeat=True)
        self.consumed = set()             # trace entries already matched by an expectation
        self._reader = None
        self._event_ids = _RUN_EVENT_IDS      # unique in the run: a CSMS may keep eventIds across connections
        # callables(station, payload, tx) that complete every TransactionEvent the station builds,
        # reusable states included (meter values, support/station/metering.py; EVSE, transactions.py)
        self.transaction_hooks = []

    # ------------------------------------------------------------------ connection

    def _recorder(self, peer, direction, text, frame=None, violations=()):
        self.trace.add(peer, direction, text, frame, violations)

    async def connect(self, password=None, username=None, subprotocols=None, timeout=5, with_auth=True,
                      tls=None, csms_url=None):
        """Open the WebSocket: security profile 1 by default; with `tls` (an ssl.SSLContext, see
        support/station/tls.py) and a wss:// `csms_url`, profiles 2 and 3. Returns a Handshake;
        never raises on refusal."""
        await self.disconnect()
        username = self.station_id if username is None else username
        password = self.password if password is None else password
        offered = subprotocols if subprotocols is not None else [Subprotocol.for_version(self.version)]
        headers = {}
        if with_auth:
            token = base64.b64encode(f"{username}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        tls = tls if tls is not None else self.tls
        base = csms_url or (self.tls_url if tls is not None else None) or self.csms_url
        url = f"{base.rstrip('/')}/{self.station_id}"
        self.trace.event(self.station_id, f"connecting to {url} offering {offered or 'no subprotocol'}")
        extra = {"ssl": tls} if tls is not None else {}
        try:
            ws = await connect(url, subprotocols=offered or None, additional_headers=headers,
                               open_timeout=timeout, ping_interval=None, max_size=2 ** 22, **extra)
        except InvalidStatus as exc:
            response = exc.response
            self.handshake = Handshake(False, response.status_code, reason=response.reason_phrase)
        except InvalidHandshake as exc:
            self.handshake = Handshake(False, reason=f"{type(exc).__name__}: {exc}")
        except ssl.SSLError as exc:
            self.handshake = Handshake(False, reason=f"TLS handshake failed: {exc.reason or exc}")
        except (OSError, asyncio.TimeoutError) as exc:
            self.handshake = Handshake(False, reason=f"cannot reach the CSMS at {url}: {exc or type(exc).__name__}")
        else:
            self.handshake = Handshake(True, 101, ws.subprotocol)   # None: no Sec-WebSocket-Protocol header
            self.connected_at = time.monotonic()
            ssl_object = ws.transport.get_extra_info("ssl_object")
            if ssl_object is not None:
                self.handshake.tls_version = ssl_object.version()
                self.handshake.cipher = ssl_object.cipher()[0]
                self.handshake.server_certificate = ssl_object.getpeercert(binary_form=True)
            version = Subprotocol.version(ws.subprotocol) or self.version
            self.connection = OcppConnection(ws, version, self.station_id, handler=self._on_csms_call,
                                             recorder=self._recorder)
            self._reader = asyncio.create_task(self.connection.run())
        self.handshake.offered = tuple(offered)
        self.trace.event(self.station_id, f"handshake {self.handshake.describe()}")
        return self.handshake

    async def wait_closed_by_csms(self, timeout):
        """After an accepted handshake: wait up to `timeout` seconds for the CSMS to close the
        connection. Returns the close code it sent (0 when it sent none), or None while still open."""
        if self.connection is None:
            return None
        try:
            await asyncio.wait_for(self.connection.wait_closed(), timeout)
        except asyncio.TimeoutError:
            return None
        return self.connection.close_code or 0

    async def disconnect(self):
        if self.connection is not None:
            await self.connection.close()
            if self._reader is not None:
                try:
                    await asyncio.wait_for(self._reader, 5)
                except (asyncio.TimeoutError, asyncio.CancelledError):
                    self._reader.cancel()
            self.connection = None
            self._reader = None

    @property
    def connected(self):
        return self.connection is not None and self.connection.is_open

    # ------------------------------------------------------------------ sending

    async def send(self, action, payload, timeout):
        if not self.connected:
            raise AssertionError(f"the test station {self.station_id} is not connected to the CSMS "
                                 f"(last handshake: {self.handshake.describe() if self.handshake else 'none'})")
        outcome = await self.connection.call(action, payload, timeout)
        self.outcomes.append(outcome)
        return outcome

    async def send_raw(self, text):
        if not self.connected:
            raise AssertionError(f"the test station {self.station_id} is not connected")
        await self.connection.send_text(text)

    def last_outcome(self, action=None):
        for outcome in reversed(self.outcomes):
            if action is None or outcome.action == action:
                return outcome
        return None

    # ------------------------------------------------------------------ message builders

    def boot_payload(self, reason="PowerUp"):
        return {"reason": reason, "chargingStation": dict(self.charging_station)}

    def status_notification_payload(self, evse_id, connector_id, status):
        self.model.connector(evse_id, connector_id).status = status
        return {"timestamp": now_iso(), "connectorStatus": status, "evseId": evse_id, "connectorId": connector_id}

    def availability_event_payload(self, evse_id, connector_id, state):
        """NotifyEvent that OCTT sends with each StatusNotification: Connector.AvailabilityState changed."""
        return {"generatedAt": now_iso(), "seqNo": 0, "tbc": False, "eventData": [{
            "eventId": next(self._event_ids), "timestamp": now_iso(), "trigger": "Delta",
            "actualValue": state, "eventNotificationType": "HardWiredNotification",
            "component": {"name": "Connector", "evse": {"id": evse_id, "connectorId": connector_id}},
            "variable": {"name": "AvailabilityState"}}]}

    def transaction_event_payload(self, evse_id, event_type, trigger_reason, charging_state=None,
                                  id_token=None, stopped_reason=None, connector_id=1, new_transaction=False,
                                  extra=None):
        if new_transaction and evse_id in self.model.transactions:
            self.model.transactions[evse_id].ended = True
        tx = self.model.transaction(evse_id)
        if event_type is None:
            event_type = "Started" if tx.seq_no < 0 else "Updated"
        info = {"transactionId": tx.transaction_id}
        if charging_state:
            info["chargingState"] = charging_state
        if stopped_reason:
            info["stoppedReason"] = stopped_reason
        payload = {"eventType": event_type, "timestamp": now_iso(), "triggerReason": trigger_reason,
                   "seqNo": tx.next_seq_no(), "transactionInfo": info}
        if event_type == "Started" or tx.seq_no == 0:
            payload["evse"] = {"id": evse_id, "connectorId": connector_id}
        if id_token:
            payload["idToken"] = id_token
            tx.id_token = id_token
        if extra:
            payload.update(extra)
        for hook in self.transaction_hooks:
            hook(self, payload, tx)
        if event_type == "Ended":
            tx.ended = True
        return payload

    # ------------------------------------------------------------------ answering the CSMS

    def script(self, action, answer, once=False):
        """Set how the station answers `action` from now on (once=True: only the next request)."""
        answer.repeat = not once
        self.scripted.setdefault(action, []).append(answer)

    async def _on_csms_call(self, connection, action, payload):
        queue = self.scripted.get(action)
        if queue:
            answer = queue[0]
            if not answer.repeat or len(queue) > 1:
                queue.pop(0)
        else:
            answer = answers_mod.Answer()
        return answers_mod.apply(answer, connection.version, action, payload, self.model, connection.codes)

    # ------------------------------------------------------------------ expectations (step thread)

    def requests_from_csms(self, action=None):
        """Trace entries of CALLs the CSMS sent to this station (optionally of one action)."""
        return [e for e in self.trace.entries
                if e.peer == self.station_id and e.direction == RECEIVED and e.frame is not None
                and e.frame.type == CALL and (action is None or e.frame.action == action)]

    def wait_for_request(self, action, timeout, matches=None):
        """The first CALL of `action` from the CSMS not yet matched by an earlier expectation."""
        def fits(entry):
            return (entry.seq not in self.consumed and entry.peer == self.station_id
                    and entry.direction == RECEIVED and entry.frame is not None and entry.frame.type == CALL
                    and entry.frame.action == action and (matches is None or matches(entry.frame.payload)))
        entry = self.trace.wait_for(fits, timeout)
        if entry is not None:
            self.consumed.add(entry.seq)
        return entry
