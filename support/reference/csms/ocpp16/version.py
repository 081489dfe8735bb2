"""OCPP 1.6J in the reference CSMS: the version layer. The same store (stations, idTokens as
idTags, transactions) and the same core (connections, registration, send(), trigger API) serve
both versions; 1.6 messages are handled by `on16_<Action>` methods here, which the feature-profile
mixins of this package extend with super(), and what is sent to a 1.6 station passes their
`_send16_` / `_before16_` / `_after16_` methods (send() below).
"""
import copy
import itertools
from datetime import datetime, timedelta, timezone

from ....rpc import CallError, error_codes
from ..core import CsmsCore, Faults

Faults.declare({
    "accept_expired_16": False,        # an Expired idTag answered Accepted (TC_023_2_CSMS must fail)
    "reuse_transaction_id_16": False,  # every StartTransaction gets transactionId 1
    "no_parent_id_tag_16": False,      # idTagInfo without parentIdTag
})

# 1.6 AuthorizationStatus has no Unknown/NoCredit/...: what the 2.0.1 statuses of the store become.
STATUS_16 = {"Accepted": "Accepted", "Blocked": "Blocked", "Expired": "Expired", "Invalid": "Invalid",
             "ConcurrentTx": "ConcurrentTx"}


def now16(offset=timedelta()):
    return (datetime.now(timezone.utc) + offset).isoformat(timespec="seconds").replace("+00:00", "Z")


class Transaction16:
    def __init__(self, transaction_id, station_id, connector_id, id_tag, meter_start, started):
        self.transaction_id = transaction_id
        self.station_id = station_id
        self.connector_id = connector_id
        self.id_tag = id_tag
        self.meter_start = meter_start
        self.started = started
        self.meter_stop = None
        self.stopped = None
        self.reason = None
        self.meter_values = []


class Ocpp16:
    """OCPP 1.6 handlers; `handler()` in the core picks `on16_<Action>` for ocpp1.6 connections."""

    def init_state(self):
        super().init_state()
        self.transactions16 = {}                       # transactionId -> Transaction16
        self._transaction_ids16 = itertools.count(1)
        self.diagnostics16 = {}                        # station -> [DiagnosticsStatusNotification status]
        self.firmware16 = {}                           # station -> [FirmwareStatusNotification status]

    async def send(self, station_id, action, payload, timeout=None):
        """A CALL to a 1.6 station goes straight to the core: the 2.0.1 blocks after this class watch
        their own payloads (UnlockConnector, ChangeAvailability, Reset, ... differ in 1.6). The 1.6
        profile mixins before Ocpp16 in ReferenceCsms follow what is sent to a 1.6 station:
        `_send16_<Action>(station_id, station, payload, timeout)` checks, sends and records it itself;
        `_before16_<Action>(station, payload)` checks (or, for a fault, spoils) what leaves and may
        return a callable for the outcome; `_after16_<Action>(station, payload, outcome)` learns from
        the answer. Mixins that watch what is sent with their own send() (core.py) come first."""
        connection = self.connection(station_id)
        if connection is None or connection.version != "1.6":
            return await super().send(station_id, action, payload, timeout)
        station = self.store.stations.get(station_id)
        whole = getattr(self, f"_send16_{action}", None)
        before = getattr(self, f"_before16_{action}", None)
        after = getattr(self, f"_after16_{action}", None)
        if station is None or (whole, before, after) == (None, None, None):
            return await CsmsCore.send(self, station_id, action, payload, timeout)
        payload = copy.deepcopy(payload)
        if whole is not None:
            return await whole(station_id, station, payload, timeout)
        answered = before(station, payload) if before is not None else None
        outcome = await CsmsCore.send(self, station_id, action, payload, timeout)
        if after is not None:
            after(station, payload, outcome)
        if answered is not None:
            answered(outcome)
        return outcome

    # ------------------------------------------------------------------ idTags

    def id_tag_info(self, id_tag, station_id=None):
        """idTagInfo of an idTag from the store: status, parentIdTag (the group) and expiryDate."""
        record = self.store.token(id_tag)
        if record is None:
            return {"status": "Invalid"}
        status = STATUS_16.get(record.status, "Invalid")
        if status == "Expired" and self.faults.accept_expired_16:
            status = "Accepted"
        if status == "Blocked" and self.faults.accept_blocked:
            status = "Accepted"
        if status == "Accepted" and self._running_with(id_tag, station_id):
            status = "ConcurrentTx"
        info = {"status": status}
        if record.group_id and not self.faults.no_parent_id_tag_16:
            info["parentIdTag"] = record.group_id
        if status == "Accepted":
            info["expiryDate"] = now16(timedelta(hours=1))
        return info

    def _running_with(self, id_tag, station_id):
        return any(t.id_tag == id_tag and t.stopped is None and t.station_id != station_id
                   for t in self.transactions16.values())

    # ------------------------------------------------------------------ Core profile

    async def on16_BootNotification(self, station, connection, payload):
        status, interval = self.registration_answer(station, payload)
        return {"currentTime": now16(), "interval": interval, "status": status}

    async def on16_Heartbeat(self, station, connection, payload):
        return {"currentTime": now16()}

    async def on16_StatusNotification(self, station, connection, payload):
        station.connectors[(0, payload["connectorId"])] = payload["status"]
        return {}

    async def on16_Authorize(self, station, connection, payload):
        return {"idTagInfo": self.id_tag_info(payload["idTag"], station.station_id)}

    async def on16_StartTransaction(self, station, connection, payload):
        info = self.id_tag_info(payload["idTag"], station.station_id)
        transaction_id = 1 if self.faults.reuse_transaction_id_16 else next(self._transaction_ids16)
        self.transactions16[transaction_id] = Transaction16(transaction_id, station.station_id,
                                                            payload["connectorId"], payload["idTag"],
                                                            payload["meterStart"], payload["timestamp"])
        return {"idTagInfo": info, "transactionId": transaction_id}

    async def on16_StopTransaction(self, station, connection, payload):
        tx = self.transactions16.get(payload["transactionId"])
        if tx is not None:
            tx.meter_stop, tx.stopped = payload["meterStop"], payload["timestamp"]
            tx.reason = payload.get("reason", "Local")
            tx.meter_values.extend(payload.get("transactionData", []))
        if "idTag" in payload:
            info = self.id_tag_info(payload["idTag"])
            if info["status"] == "ConcurrentTx":
                info["status"] = "Accepted"     # the idTag of this very transaction
            return {"idTagInfo": info}
        return {}

    async def on16_MeterValues(self, station, connection, payload):
        tx = self.transactions16.get(payload.get("transactionId"))
        if tx is not None:
            tx.meter_values.extend(payload["meterValue"])
        return {}

    async def on16_DataTransfer(self, station, connection, payload):
        return {"status": "UnknownVendorId"}

    async def on16_DiagnosticsStatusNotification(self, station, connection, payload):
        self.diagnostics16.setdefault(station.station_id, []).append(payload["status"])
        return {}

    async def on16_FirmwareStatusNotification(self, station, connection, payload):
        self.firmware16.setdefault(station.station_id, []).append(payload["status"])
        return {}

    # ------------------------------------------------------------------ security extensions (whitepaper)

    async def on16_SecurityEventNotification(self, station, connection, payload):
        return {}

    async def on16_LogStatusNotification(self, station, connection, payload):
        return {}

    async def on16_SignedFirmwareStatusNotification(self, station, connection, payload):
        self.firmware16.setdefault(station.station_id, []).append(payload["status"])
        return {}

    async def on16_SignCertificate(self, station, connection, payload):
        sign = getattr(self, "sign_station_csr", None)
        if sign is None:
            raise CallError(error_codes("1.6").not_supported, "certificate signing is not configured")
        return await sign(station, connection, payload)
