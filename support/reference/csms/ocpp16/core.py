"""OCPP 1.6 Core profile in the reference CSMS, beyond the version layer (version.py): the charging
session as the Central System follows it (OCTT TC_003 - TC_014, TC_024; CoreSessions16) and what it
keeps of a Charge Point's answers and of transactions that reach it late (TC_017 - TC_040;
CoreRecords16), ClearCache answers and DataTransfer.

Sessions:
- Authorization cache (TC_007): StartTransaction is judged on the idTag itself, from the CSMS's
  own records, whether or not the station sent Authorize for it first (a station may start with an
  idTag from its Authorization Cache or Local List); the CSMS remembers which idTags each station
  authorized.
- Remote start (TC_010, TC_011_x): the CSMS sends RemoteStartTransaction only for an idTag it
  accepts (else the trigger API answers 409 and nothing is sent); an Accepted remote start stays
  pending until a StartTransaction with its idTag (on its connector, when it named one) takes it
  up, or until the connector it was waiting on returns from Preparing to Available without a
  transaction: the station's ConnectionTimeOut expired (TC_004_2, TC_011_2), and the remote start
  with it.
- Remote stop (TC_012): the CSMS records what it asked to stop and whether it knew that
  transaction as running on the station; the StopTransaction that follows ends the request.
- Reset (TC_013, TC_014): the CSMS records the Reset it sent and the station's answer; the
  BootNotification after an Accepted Reset completes it (the station rebooted).
- Connector status (TC_024): every StatusNotification is recorded with its errorCode (a
  ConnectorLockFailure on a Faulted connector is a report the CSMS takes, not a protocol error).

Records:
- Configuration: the keys, values and accessibility a Charge Point reported in GetConfiguration.conf,
  with the keys it did not know (unknownKey), and every ChangeConfiguration with the station's answer.
  A value is taken only when the station accepted it (Accepted or RebootRequired); a key the station
  answers NotSupported is known as unsupported.
- UnlockConnector results and ClearCache answers; a rejected RemoteStopTransaction leaves the
  transaction running.
- Transactions with the Charge Point's own timestamps and meter readings, whenever they arrive:
  queued while offline (OCPP 1.6 section 3.7: "process such a message as any other"), or stopped
  after a power failure (reason PowerLoss, sent after the new BootNotification). A BootNotification
  does not end the transactions of the station: its StopTransaction.req does.
- DataTransfer from a Charge Point: the vendor extension of data_transfer.py, answered in 1.6 words.

All state is kept per station record, so each scenario (seeded afresh) starts clean. The trigger API
shows the records as an operator sees them in a CSMS: POST /api/octt/1.6/{station}/configuration-record
and /transaction-record (docs/trigger-api.md).
"""
import json
from dataclasses import dataclass, field

from ....rpc import CallError
from ..core import Faults, Refused
from .common import iso, now, station_record

Faults.declare({
    "reset_type_16": False,               # Reset.req with the other type than asked for (Hard <-> Soft)
    "pending_after_reset_16": False,      # the BootNotification after an accepted Reset is answered Pending
    "remote_stop_wrong_id_16": False,     # RemoteStopTransaction.req for transactionId + 1 (a mixed-up id)
    "remote_start_no_connector_16": False,  # RemoteStartTransaction.req without the connectorId asked for
    "authorize_before_start_16": False,   # StartTransaction of an idTag the station did not Authorize first: Invalid
    "reject_connector_error_16": False,   # StatusNotification with an errorCode other than NoError: CALLERROR
    "accept_any_start_16": False,        # StartTransaction is Accepted whatever the idTag (TC_037_3_CSMS fails)
    "arrival_time_16": False,            # transactions are recorded at arrival time, not at the station's
                                         # timestamps (TC_037_1_CSMS, TC_039_CSMS fail)
    "close_transactions_on_boot_16": False,   # a BootNotification ends the station's open transactions
                                              # (reason Reboot); their later StopTransaction is ignored
                                              # (TC_032_1_CSMS fails)
    "keep_rejected_configuration_16": False,  # a ChangeConfiguration value is kept whatever the station
                                              # answered (TC_040_1_CSMS, TC_040_2_CSMS fail)
    "readonly_ignored_16": False,        # every reported configuration key is recorded as writable
                                         # (TC_019_1_CSMS fails)
    "stop_on_remote_stop_16": False,     # a transaction counts as stopped once RemoteStopTransaction is
                                         # sent, whatever the station answered (TC_028_CSMS fails)
    "data_transfer_not_supported_16": False,    # DataTransfer answered CALLERROR NotSupported (TC_064)
})


CORE16_ACTIONS = ("RemoteStartTransaction", "RemoteStopTransaction", "Reset")


WATCHED16 = ("GetConfiguration", "ChangeConfiguration", "UnlockConnector", "RemoteStopTransaction", "ClearCache")


ACCEPTED_CHANGES = ("Accepted", "RebootRequired")


def arrival_time():
    return iso(now())


@dataclass
class RemoteStart16:
    id_tag: str
    connector_id: int = None        # as asked; set by the connector that goes Preparing when it was not
    status: str = None              # RemoteStartTransaction.conf status
    transaction_id: int = None      # the transaction that took it up
    expired: bool = False           # the connector went back to Available first (ConnectionTimeOut)

    @property
    def pending(self):
        return self.status == "Accepted" and self.transaction_id is None and not self.expired


@dataclass
class RemoteStop16:
    transaction_id: int
    known: bool                     # a transaction the CSMS had running on that station
    status: str = None              # RemoteStopTransaction.conf status
    stopped: bool = False           # the StopTransaction of that transaction arrived


@dataclass
class Reset16:
    type: str
    status: str = None              # Reset.conf status
    rebooted: bool = False          # a BootNotification followed the Accepted Reset


@dataclass
class Core16State:
    authorized: dict = field(default_factory=dict)      # idTag -> idTagInfo.status of its last Authorize
    connectors: dict = field(default_factory=dict)      # connectorId -> (status, errorCode)
    remote_starts: list = field(default_factory=list)   # RemoteStart16, in order
    remote_stops: list = field(default_factory=list)    # RemoteStop16, in order
    resets: list = field(default_factory=list)          # Reset16, in order
    timeouts: list = field(default_factory=list)        # connectors that went Preparing -> Available, no transaction


def core16_state(station):
    """The 1.6 Core state of a station record (made on first use)."""
    return station_record(station, "core16_state", Core16State)


@dataclass
class Core16Record:
    """What the Central System keeps of one Charge Point (on its StationRecord, so each scenario's
    fresh store starts it empty)."""
    configuration: dict = field(default_factory=dict)     # key -> {"key", "readonly", "value"}
    unknown_keys: list = field(default_factory=list)      # keys the station did not know or support
    changes: list = field(default_factory=list)           # {"key", "value", "status"} per ChangeConfiguration
    unlocks: list = field(default_factory=list)           # {"connectorId", "status"}
    transaction_ids: list = field(default_factory=list)   # transactionIds given to this station, in order
    cache_clears: list = field(default_factory=list)      # ClearCache answers


def core16_record(station):
    return station_record(station, "core16", Core16Record)


class CoreSessions16:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super()."""

    # ------------------------------------------------------------------ CSMS -> station

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        connection = self.connection(station_id)
        if station is None or action not in CORE16_ACTIONS or connection is None or connection.version != "1.6":
            return await super().send(station_id, action, payload, timeout)
        state = core16_state(station)
        payload = dict(payload)
        if action == "RemoteStartTransaction":
            return await self._remote_start16(station, state, payload, timeout)
        if action == "RemoteStopTransaction":
            return await self._remote_stop16(station, state, payload, timeout)
        return await self._reset16(station, state, payload, timeout)

    async def _remote_start16(self, station, state, payload, timeout):
        info = self.id_tag_info(payload["idTag"], station.station_id)
        if info["status"] != "Accepted":
            raise Refused(f"idTag {payload['idTag']!r} is {info['status']} for this Central System: it does "
                          f"not start a transaction for it")
        if self.faults.remote_start_no_connector_16:
            payload.pop("connectorId", None)
        start = RemoteStart16(payload["idTag"], payload.get("connectorId"))
        state.remote_starts.append(start)
        outcome = await super().send(station.station_id, "RemoteStartTransaction", payload, timeout)
        start.status = outcome.response.get("status") if outcome.ok else None
        return outcome

    async def _remote_stop16(self, station, state, payload, timeout):
        if self.faults.remote_stop_wrong_id_16:
            payload["transactionId"] += 1
        tx = self.transactions16.get(payload["transactionId"])
        known = tx is not None and tx.station_id == station.station_id and tx.stopped is None
        stop = RemoteStop16(payload["transactionId"], known)
        state.remote_stops.append(stop)
        outcome = await super().send(station.station_id, "RemoteStopTransaction", payload, timeout)
        stop.status = outcome.response.get("status") if outcome.ok else None
        return outcome

    async def _reset16(self, station, state, payload, timeout):
        if self.faults.reset_type_16:
            payload["type"] = {"Hard": "Soft", "Soft": "Hard"}.get(payload["type"], payload["type"])
        reset = Reset16(payload["type"])
        state.resets.append(reset)
        outcome = await super().send(station.station_id, "Reset", payload, timeout)
        reset.status = outcome.response.get("status") if outcome.ok else None
        return outcome

    # ------------------------------------------------------------------ station -> CSMS

    async def on16_BootNotification(self, station, connection, payload):
        answer = await super().on16_BootNotification(station, connection, payload)
        state = core16_state(station)
        waiting = [r for r in state.resets if r.status == "Accepted" and not r.rebooted]
        if waiting:
            for reset in waiting:
                reset.rebooted = True
            # the station rebooted: what it reported of its connectors before no longer holds
            state.connectors.clear()
            if self.faults.pending_after_reset_16 and answer["status"] == "Accepted":
                answer["status"] = station.registration = "Pending"
        return answer

    async def on16_Authorize(self, station, connection, payload):
        answer = await super().on16_Authorize(station, connection, payload)
        core16_state(station).authorized[payload["idTag"]] = answer["idTagInfo"]["status"]
        return answer

    async def on16_StartTransaction(self, station, connection, payload):
        state = core16_state(station)
        id_tag, connector_id = payload["idTag"], payload["connectorId"]
        answer = await super().on16_StartTransaction(station, connection, payload)
        if self.faults.authorize_before_start_16 and id_tag not in state.authorized \
                and not any(s.id_tag == id_tag and s.pending for s in state.remote_starts):
            answer["idTagInfo"] = {"status": "Invalid"}
        for start in state.remote_starts:
            if start.pending and start.id_tag == id_tag and start.connector_id in (None, connector_id):
                start.connector_id, start.transaction_id = connector_id, answer["transactionId"]
                break
        return answer

    async def on16_StopTransaction(self, station, connection, payload):
        answer = await super().on16_StopTransaction(station, connection, payload)
        for stop in core16_state(station).remote_stops:
            if stop.transaction_id == payload["transactionId"]:
                stop.stopped = True
        return answer

    async def on16_StatusNotification(self, station, connection, payload):
        connector_id, status = payload["connectorId"], payload["status"]
        error_code = payload["errorCode"]
        if self.faults.reject_connector_error_16 and error_code != "NoError":
            raise CallError(connection.codes.generic_error,
                            f"connector {connector_id} reports error {error_code}, which this Central System "
                            f"does not handle")
        state = core16_state(station)
        previous = state.connectors.get(connector_id, (None, None))[0]
        answer = await super().on16_StatusNotification(station, connection, payload)
        state.connectors[connector_id] = (status, error_code)
        if status == "Preparing":
            for start in state.remote_starts:
                if start.pending and start.connector_id is None:
                    start.connector_id = connector_id       # the connector the driver chose
        if status == "Available" and previous == "Preparing" and not self._running16(station, connector_id):
            # ConnectionTimeOut: no cable (or no transaction) in time; a pending remote start lapses
            state.timeouts.append(connector_id)
            for start in state.remote_starts:
                if start.pending and start.connector_id == connector_id:
                    start.expired = True
        return answer

    def _running16(self, station, connector_id):
        return any(t.station_id == station.station_id and t.connector_id == connector_id and t.stopped is None
                   for t in self.transactions16.values())

    # ------------------------------------------------------------------ what the CSMS recorded

    def core16_report(self, station_id):
        """The CSMS's view of a 1.6 station's sessions (for tests and the playground)."""
        state = core16_state(self.store.stations[station_id])
        return {"authorized": dict(state.authorized),
                "connectors": {c: {"status": s, "errorCode": e} for c, (s, e) in state.connectors.items()},
                "remoteStarts": [vars(s).copy() for s in state.remote_starts],
                "remoteStops": [vars(s).copy() for s in state.remote_stops],
                "resets": [vars(r).copy() for r in state.resets],
                "connectionTimeouts": list(state.timeouts)}


class CoreRecords16:
    """1.6 Core non-happy flows: configuration, unlock, ClearCache and remote stop results; late
    transactions; DataTransfer."""

    # ------------------------------------------------------------------ what the Central System sends

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        connection = self.connection(station_id)
        if station is None or connection is None or connection.version != "1.6" or action not in WATCHED16:
            return await super().send(station_id, action, payload, timeout)
        record = core16_record(station)
        if action == "ChangeConfiguration" and self.faults.keep_rejected_configuration_16:
            self._take_value16(record, payload["key"], payload["value"])
        if action == "RemoteStopTransaction" and self.faults.stop_on_remote_stop_16:
            tx = self.transactions16.get(payload["transactionId"])
            if tx is not None and tx.stopped is None:
                tx.stopped, tx.reason = arrival_time(), "Remote"
        outcome = await super().send(station_id, action, payload, timeout)
        answer = outcome.response if outcome.ok and isinstance(outcome.response, dict) else None
        status = answer.get("status") if answer else None
        if action == "GetConfiguration" and answer is not None:
            self._learn_configuration16(record, answer)
        elif action == "ChangeConfiguration":
            record.changes.append({"key": payload["key"], "value": payload["value"], "status": status})
            if self.faults.keep_rejected_configuration_16:
                pass                    # the value was taken before the station answered
            elif status in ACCEPTED_CHANGES:
                self._take_value16(record, payload["key"], payload["value"])
            elif status == "NotSupported":
                record.configuration.pop(payload["key"], None)
                if payload["key"] not in record.unknown_keys:
                    record.unknown_keys.append(payload["key"])
        elif action == "UnlockConnector":
            record.unlocks.append({"connectorId": payload["connectorId"], "status": status})
        elif action == "ClearCache":
            record.cache_clears.append(status)
        return outcome

    def _learn_configuration16(self, record, answer):
        for item in answer.get("configurationKey", []):
            readonly = bool(item.get("readonly")) and not self.faults.readonly_ignored_16
            entry = {"key": item["key"], "readonly": readonly}
            if "value" in item:
                entry["value"] = item["value"]
            record.configuration[item["key"]] = entry
            if item["key"] in record.unknown_keys:
                record.unknown_keys.remove(item["key"])
        for key in answer.get("unknownKey", []):
            record.configuration.pop(key, None)
            if key not in record.unknown_keys:
                record.unknown_keys.append(key)

    @staticmethod
    def _take_value16(record, key, value):
        entry = record.configuration.setdefault(key, {"key": key, "readonly": False})
        entry["value"] = value
        if key in record.unknown_keys:
            record.unknown_keys.remove(key)

    # ------------------------------------------------------------------ what the Charge Point sends

    async def on16_BootNotification(self, station, connection, payload):
        answer = await super().on16_BootNotification(station, connection, payload)
        if self.faults.close_transactions_on_boot_16:
            for tx in self.transactions16.values():
                if tx.station_id == station.station_id and tx.stopped is None:
                    tx.stopped, tx.reason = arrival_time(), "Reboot"
                    tx.closed_by_csms = True
        return answer

    async def on16_StartTransaction(self, station, connection, payload):
        answer = await super().on16_StartTransaction(station, connection, payload)
        core16_record(station).transaction_ids.append(answer["transactionId"])
        tx = self.transactions16.get(answer["transactionId"])
        if self.faults.arrival_time_16 and tx is not None:
            tx.started = arrival_time()
        if self.faults.accept_any_start_16:
            answer = dict(answer, idTagInfo=dict(answer["idTagInfo"], status="Accepted"))
        return answer

    async def on16_StopTransaction(self, station, connection, payload):
        tx = self.transactions16.get(payload["transactionId"])
        kept = None
        if tx is not None and getattr(tx, "closed_by_csms", False):
            kept = (tx.meter_stop, tx.stopped, tx.reason, list(tx.meter_values))   # the fault: ignored
        answer = await super().on16_StopTransaction(station, connection, payload)
        if kept is not None:
            tx.meter_stop, tx.stopped, tx.reason, tx.meter_values = kept
        elif tx is not None and self.faults.arrival_time_16:
            tx.stopped = arrival_time()
        return answer

    async def on16_DataTransfer(self, station, connection, payload):
        if self.faults.data_transfer_not_supported_16:
            raise CallError(connection.codes.not_supported, "DataTransfer is not supported")
        handler = getattr(self, "on_DataTransfer", None)
        if handler is None:
            return await super().on16_DataTransfer(station, connection, payload)
        answer = await handler(station, connection, payload)
        result = {"status": answer["status"]}
        if answer.get("data") is not None:
            data = answer["data"]
            result["data"] = data if isinstance(data, str) else json.dumps(data)
        return result

    # ------------------------------------------------------------------ records (trigger API)

    def configuration_report16(self, station_id):
        """The Central System's view of a Charge Point's configuration (trigger API configuration-record)."""
        record = core16_record(self.store.stations[station_id])
        return {"configurationKey": [dict(record.configuration[key]) for key in sorted(record.configuration)],
                "unknownKey": list(record.unknown_keys), "changes": [dict(c) for c in record.changes]}

    def transaction_report16(self, station_id):
        """The Central System's view of a Charge Point's transactions and of the UnlockConnector
        results (trigger API transaction-record)."""
        record = core16_record(self.store.stations[station_id])
        transactions = []
        for transaction_id in dict.fromkeys(record.transaction_ids):
            tx = self.transactions16.get(transaction_id)
            if tx is None or tx.station_id != station_id:
                continue
            item = {"transactionId": tx.transaction_id, "connectorId": tx.connector_id, "idTag": tx.id_tag,
                    "meterStart": tx.meter_start, "startTime": tx.started, "running": tx.stopped is None,
                    "meterValues": len(tx.meter_values)}
            if tx.stopped is not None:
                item.update(meterStop=tx.meter_stop, stopTime=tx.stopped, reason=tx.reason)
            transactions.append(item)
        return {"transactions": transactions, "unlocks": [dict(u) for u in record.unlocks]}
