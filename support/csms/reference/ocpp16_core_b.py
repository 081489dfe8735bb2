"""OCPP 1.6 Core profile, non-happy flows (OCTT TC_017 - TC_040, Central System under test), in the
reference CSMS: what the Central System keeps of a Charge Point's answers and of transactions that
reach it late.

- Configuration: the keys, values and accessibility a Charge Point reported in GetConfiguration.conf,
  with the keys it did not know (unknownKey), and every ChangeConfiguration with the station's answer.
  A value is taken only when the station accepted it (Accepted or RebootRequired); a key the station
  answers NotSupported is known as unsupported.
- UnlockConnector results; a rejected RemoteStopTransaction leaves the transaction running (remote
  starts and stops themselves are followed by ocpp16_core.py).
- Transactions with the Charge Point's own timestamps and meter readings, whenever they arrive:
  queued while offline (OCPP 1.6 section 3.7: "process such a message as any other"), or stopped
  after a power failure (reason PowerLoss, sent after the new BootNotification). A BootNotification
  does not end the transactions of the station: its StopTransaction.req does.

The trigger API shows the records as an operator sees them in a CSMS:
POST /api/octt/1.6/{station}/configuration-record and /transaction-record (docs/trigger-api.md).
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .core import Faults

Faults.declare({
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
})

WATCHED16 = ("GetConfiguration", "ChangeConfiguration", "UnlockConnector", "RemoteStopTransaction")
ACCEPTED_CHANGES = ("Accepted", "RebootRequired")


def arrival_time():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Core16Record:
    """What the Central System keeps of one Charge Point (on its StationRecord, so each scenario's
    fresh store starts it empty)."""
    configuration: dict = field(default_factory=dict)     # key -> {"key", "readonly", "value"}
    unknown_keys: list = field(default_factory=list)      # keys the station did not know or support
    changes: list = field(default_factory=list)           # {"key", "value", "status"} per ChangeConfiguration
    unlocks: list = field(default_factory=list)           # {"connectorId", "status"}
    transaction_ids: list = field(default_factory=list)   # transactionIds given to this station, in order


def core16_record(station):
    record = station.__dict__.get("core16")
    if record is None:
        record = station.__dict__["core16"] = Core16Record()
    return record


class Ocpp16CoreB:
    """1.6 Core non-happy flows: configuration, unlock and remote start/stop results; late transactions."""

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
