"""The reference CSMS: an in-memory, conformant OCPP 2.0.1 CSMS that is the embedded default
system under test of the CSMS features, and a playground CSMS other tools can be pointed at.

Message handlers are `on_<Action>` methods. CSMS-initiated messages go through `send()`,
which the trigger API calls (OCTT's "manual action on the CSMS").
"""
import asyncio
import logging
from datetime import datetime, timedelta, timezone

from ..rpc import CallError, OcppConnection, error_codes
from ..trace import MessageTrace
from .server import CsmsServer
from .store import CsmsStore, TransactionRecord

log = logging.getLogger(__name__)

# The station variables the CSMS reads while a station is Pending (B02: configure before accepting).
PROVISIONING_VARIABLES = [
    {"component": {"name": "DeviceDataCtrlr"}, "variable": {"name": "ItemsPerMessage", "instance": "GetVariables"}},
    {"component": {"name": "DeviceDataCtrlr"}, "variable": {"name": "ItemsPerMessage", "instance": "SetVariables"}},
    {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NetworkConfigurationPriority"}},
]


def now_iso(offset=timedelta()):
    return (datetime.now(timezone.utc) + offset).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Faults:
    """Deliberate departures from the spec, to prove that scenarios fail against a wrong CSMS.

    Each attribute names one fault; all are off in the reference CSMS.
    """

    def __init__(self, **faults):
        self.boot_status = faults.pop("boot_status", None)          # answer every boot with this status
        self.accept_blocked = faults.pop("accept_blocked", False)   # treat Blocked tokens as Accepted
        self.heartbeat_interval = faults.pop("heartbeat_interval", None)
        self.ignore_pending_boot = faults.pop("ignore_pending_boot", False)
        self.accept_any_subprotocol = faults.pop("accept_any_subprotocol", False)
        self.no_provisioning = faults.pop("no_provisioning", False)
        self.accept_in_pending = faults.pop("accept_in_pending", False)  # no SecurityError while not Accepted
        self.drop_group_id = faults.pop("drop_group_id", False)
        self.silent = set(faults.pop("silent", ()))                  # actions it never answers
        if faults:
            raise ValueError(f"unknown faults: {', '.join(faults)}")


class ReferenceCsms:
    versions = ("2.0.1",)

    def __init__(self, heartbeat_interval=300, host="127.0.0.1", port=0, faults=None,
                 call_timeout=10, trace=None):
        self.store = CsmsStore()
        self.heartbeat_interval = heartbeat_interval
        self.faults = faults or Faults()
        self.call_timeout = call_timeout
        self.server = CsmsServer(self, host, port)
        self.trace = trace or MessageTrace("reference CSMS")
        self.listeners = []     # callables(station_id, direction, text) for the CLI's live log
        self._tasks = set()
        self.accept_any_subprotocol = self.faults.accept_any_subprotocol

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
        record = self.store.stations.get(station_id)
        if record is None:
            return f"unknown charging station {station_id!r}"
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
        pass

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
        method = getattr(self, f"on_{action}", None)
        if method is None:
            raise CallError(codes.not_supported, f"the reference CSMS does not support {action}")
        return await method(station, connection, payload)

    def _triggered(self, station, action):
        # While Pending, a message the CSMS asked for with TriggerMessage is allowed (B02.FR.02).
        allowed = getattr(station, "triggered", set())
        if action in allowed:
            allowed.discard(action)
            return True
        return False

    # ------------------------------------------------------------------ provisioning (B)

    async def on_BootNotification(self, station, connection, payload):
        station.boot_info = payload
        if self.faults.boot_status:
            status = self.faults.boot_status
        elif station.next_boot_status and not self.faults.ignore_pending_boot:
            status = station.next_boot_status.pop(0)
        else:
            status = "Accepted"
        station.registration = status
        interval = self.faults.heartbeat_interval if self.faults.heartbeat_interval is not None \
            else self.heartbeat_interval
        if status == "Pending" and not self.faults.no_provisioning:
            self._spawn(self._provision(station.station_id))
        return {"currentTime": now_iso(), "interval": interval, "status": status}

    async def _provision(self, station_id):
        """While a station is Pending, read its configuration (B02.FR.01: the CSMS may configure it)."""
        await asyncio.sleep(0)  # let the BootNotificationResponse go out first
        await self.send(station_id, "GetVariables", {"getVariableData": PROVISIONING_VARIABLES})

    async def on_Heartbeat(self, station, connection, payload):
        station.last_heartbeat = now_iso()
        return {"currentTime": station.last_heartbeat}

    async def on_StatusNotification(self, station, connection, payload):
        station.connectors[(payload["evseId"], payload["connectorId"])] = payload["connectorStatus"]
        return {}

    async def on_NotifyReport(self, station, connection, payload):
        items = station.reports.setdefault(payload["requestId"], [])
        items.extend(payload.get("reportData", []))
        for item in payload.get("reportData", []):
            for attribute in item.get("variableAttribute", []):
                if attribute.get("type", "Actual") == "Actual" and "value" in attribute:
                    key = (item["component"]["name"], item["variable"]["name"], item["variable"].get("instance"))
                    station.variables[key] = attribute["value"]
        return {}

    async def on_NotifyEvent(self, station, connection, payload):
        return {}

    async def on_SecurityEventNotification(self, station, connection, payload):
        return {}

    async def on_FirmwareStatusNotification(self, station, connection, payload):
        return {}

    async def on_LogStatusNotification(self, station, connection, payload):
        return {}

    async def on_MeterValues(self, station, connection, payload):
        return {}

    async def on_DataTransfer(self, station, connection, payload):
        return {"status": "UnknownVendorId"}

    # ------------------------------------------------------------------ authorization (C)

    def id_token_info(self, id_token):
        """idTokenInfo for an idToken object, from the token store."""
        record = self.store.token(id_token["idToken"])
        if record is None or (record.type and id_token.get("type") and record.type != id_token["type"]
                              and id_token["type"] != "Central" and record.type != "Central"):
            return {"status": "Unknown"}
        status = record.status
        if status == "Blocked" and self.faults.accept_blocked:
            status = "Accepted"
        info = {"status": status}
        if record.group_id and not self.faults.drop_group_id:
            info["groupIdToken"] = {"idToken": record.group_id, "type": "Central"}
        if record.cache_expiry:
            info["cacheExpiryDateTime"] = record.cache_expiry
        return info

    async def on_Authorize(self, station, connection, payload):
        return {"idTokenInfo": self.id_token_info(payload["idToken"])}

    async def on_TransactionEvent(self, station, connection, payload):
        info = payload["transactionInfo"]
        tx_id = info["transactionId"]
        tx = self.store.transactions.get(tx_id)
        if tx is None:
            tx = self.store.transactions[tx_id] = TransactionRecord(tx_id, station.station_id,
                                                                    started=payload["timestamp"])
        tx.events.append(payload)
        tx.last_seq_no = payload["seqNo"]
        if "evse" in payload:
            tx.evse_id = payload["evse"]["id"]
        if payload["eventType"] == "Ended":
            tx.ended = payload["timestamp"]
            tx.stopped_reason = info.get("stoppedReason", "Local")
        answer = {}
        if "idToken" in payload:
            id_info = self.id_token_info(payload["idToken"])
            tx.id_token = payload["idToken"]["idToken"]
            if "groupIdToken" in id_info:
                tx.group_id = id_info["groupIdToken"]["idToken"]
            answer["idTokenInfo"] = id_info
        return answer

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
