"""OCPP 1.6 Core profile on the test station (Central System under test: OCTT TC_003 - TC_040,
TC_061, TC_064): how it answers RemoteStartTransaction, RemoteStopTransaction and UnlockConnector;
making the Central System start, stop, unlock and read or change configuration keys through the 1.6
trigger route; a Charge Point that goes offline and queues its transaction-related messages (OCPP 1.6
section 3.7), or that loses power during a transaction and reports it after its new boot; the checks
of what the Central System recorded (trigger API configuration-record and transaction-record); and
DataTransfer (TC_064)."""
import sys
from dataclasses import dataclass

from ...scenario.expect import StepError
from ...rpc import CALLRESULT
from ...scenario.trace import SENT
from .common import ask, csms_record, now16, parse_time, running_transactions


ENERGY = "Energy.Active.Import.Register"


# ---------------------------------------------------------------------- default answers (ocpp16.answers.DEFAULTS16)

def _remote_start(model, payload):
    # 1.6 section 5.11: a connectorId the station does not have, or one already in a transaction,
    # cannot take the remote start.
    connector_id = payload.get("connectorId")
    if connector_id is not None and not 1 <= connector_id <= len(model.connectors):
        return {"status": "Rejected"}
    if connector_id is not None and connector_id in running_transactions(model):
        return {"status": "Rejected"}
    return {"status": "Accepted"}


def _remote_stop(model, payload):
    # 1.6 section 5.12: Accepted only for a transaction that runs on the station (TC_028: Rejected).
    return {"status": "Accepted" if payload["transactionId"] in running_transactions(model).values() else "Rejected"}


def _unlock_connector(model, payload):
    # 1.6 section 5.17: the Charge Point unlocks a connector it has (stopping its transaction first);
    # a connectorId it does not have is NotSupported (TC_031). A fixed cable is scripted (TC_017_2).
    connector_id = payload["connectorId"]
    return {"status": "Unlocked" if 1 <= connector_id <= len(model.connectors) else "NotSupported"}


ANSWERS16 = {
    "RemoteStartTransaction": _remote_start,
    "RemoteStopTransaction": _remote_stop,
    "UnlockConnector": _unlock_connector,
}


# ---------------------------------------------------------------------- making the Central System act

def ask_remote_start(session, id_tag, connector_id=None):
    payload = {"idTag": id_tag}
    where = ""
    if connector_id is not None:
        payload["connectorId"] = connector_id
        where = f" on connector {connector_id}"
    return ask(session, f"make the Central System start a transaction{where} for idTag {id_tag}",
                  "RemoteStartTransaction", payload)


def ask_remote_stop(session, connector_id):
    """Ask the CSMS to stop the transaction it gave the station on this connector."""
    station = session.station
    tx = station.current_transaction16(connector_id)
    return ask(session, f"make the Central System stop transaction {tx.transaction_id} (connector "
                           f"{connector_id})", "RemoteStopTransaction", {"transactionId": tx.transaction_id})


def check_remote_stop(session, connector_id):
    """The CSMS sends RemoteStopTransaction for the transactionId it gave on this connector."""
    tx = session.station.current_transaction16(connector_id)
    payload = session.expect_request("RemoteStopTransaction")
    if payload.get("transactionId") != tx.transaction_id:
        session.fail(f"the Central System asked to stop transaction {payload.get('transactionId')}, but the "
                     f"transaction on connector {connector_id} is {tx.transaction_id} (the transactionId of its "
                     f"StartTransaction.conf)")
    return payload


def ask_unlock(session, connector_id):
    return ask(session, f"make the Central System unlock connector {connector_id}", "UnlockConnector",
                  {"connectorId": connector_id})


def ask_configuration(session, keys=None):
    """GetConfiguration: every key (no key list), or the keys named."""
    payload = {"key": list(keys)} if keys else {}
    what = f"configuration key(s) {', '.join(keys)}" if keys else "all configuration keys"
    return ask(session, f"make the Central System get {what}", "GetConfiguration", payload)


def ask_change_configuration(session, key, value):
    return ask(session, f"make the Central System set configuration key {key} to {value!r}",
                  "ChangeConfiguration", {"key": key, "value": value})


# ---------------------------------------------------------------------- the station

def report_every_connector(session, station, status):
    """StatusNotification with this status for connector 0 and every connector (a Charge Point after
    its boot); each must be answered with a CALLRESULT."""
    for connector_id in sorted(station.connector_status):
        session.send_expecting_answer("StatusNotification", station.status_notification16(connector_id, status),
                                      station)


def wait_connection_timeout(session):
    """Let the configured ConnectionTimeOut pass with no cable plugged in (OCTT's wait in TC_004_2
    and TC_011_2); the trace wakes the wait, so it ends on time whatever arrives meanwhile."""
    session.trace.wait_until(lambda: False, session.config.seconds("connection_timeout"))


def set_configuration(station, key, value):
    """A configuration key of the test station (what it reports in GetConfiguration.conf)."""
    from .answers import configuration    # ocpp16.answers imports this module for ANSWERS16
    keys = configuration(station.model)
    readonly = keys[key][1] if key in keys else False
    keys[key] = (value, readonly)


# ---------------------------------------------------------------------- offline: queued transaction messages

@dataclass
class Queued:
    action: str
    payload: dict
    tx: object          # the test station's Transaction16 (its transactionId comes with StartTransaction.conf)


def go_offline(session, station):
    """Connectivity to the Central System is lost: the WebSocket closes and transaction-related
    messages are queued from now on."""
    session.disconnect(station)
    station.__dict__["offline16"] = []


def _queue(station):
    queue = station.__dict__.get("offline16")
    if queue is None:
        raise StepError("the station is not offline: say 'When the test Charge Point goes offline' first")
    return queue


def _sampled(timestamp, value, context):
    return {"timestamp": timestamp, "sampledValue": [{"value": str(value), "context": context,
                                                      "measurand": ENERGY, "unit": "Wh"}]}


def start_offline(station, connector_id, id_tag):
    """The driver starts a transaction while the station is offline (the station authorized the idTag
    itself): StartTransaction.req is queued with the time of the start."""
    queue = _queue(station)
    payload = station.start_transaction16(connector_id, id_tag)
    payload["timestamp"] = now16()
    tx = station.transactions16[connector_id]
    tx.start_payload = payload
    station.connector_status[connector_id] = "Charging"     # not reported while offline
    queue.append(Queued("StartTransaction", payload, tx))


def stop_offline(station, connector_id, id_tag=None, reason="Local"):
    """The driver stops the offline transaction (and unplugs): StopTransaction.req is queued with the
    time of the stop, the meter reading and the transaction's meter values (transactionData); its
    transactionId is the one the Central System gives when the queued StartTransaction reaches it."""
    queue = _queue(station)
    tx = station.transactions16.get(connector_id)
    if tx is None or tx.stopped:
        raise StepError(f"the station has no transaction on connector {connector_id} to stop")
    station.meters[connector_id] = station.meters.get(connector_id, 1000) + 5000
    now = now16()
    payload = {"transactionId": None, "meterStop": station.meters[connector_id], "timestamp": now,
               "reason": reason,
               "transactionData": [_sampled(getattr(tx, "start_payload", {}).get("timestamp", now), tx.meter_start,
                                            "Transaction.Begin"),
                                   _sampled(now, station.meters[connector_id], "Transaction.End")]}
    if id_tag:
        payload["idTag"] = id_tag
    tx.stopped = True
    station.connector_status[connector_id] = "Available"    # unplugged; unchanged since the station went offline
    queue.append(Queued("StopTransaction", payload, tx))


def come_back_online(session, station):
    """Connectivity is restored: the station reconnects (no reboot, so no BootNotification) and
    delivers its queued transaction-related messages in order, each once the previous was answered;
    a queued StopTransaction carries the transactionId the Central System gave its StartTransaction."""
    queue = _queue(station)
    del station.__dict__["offline16"]
    session.require_connected(station)
    for item in queue:
        payload = dict(item.payload)
        if item.action == "StopTransaction":
            if item.tx.transaction_id is None:
                session.fail("the queued StopTransaction.req cannot be sent: the Central System gave no "
                             "transactionId for the queued StartTransaction.req")
            payload["transactionId"] = item.tx.transaction_id
        outcome = session.send(item.action, payload, station)
        if item.action == "StartTransaction" and outcome.ok and isinstance(outcome.response, dict):
            item.tx.transaction_id = outcome.response.get("transactionId")


# ---------------------------------------------------------------------- power failure

def lose_power(session, station):
    """The Charge Point loses power: its transactions end at this moment with the energy metered so
    far; the WebSocket is gone. After the power comes back it boots ('When the test Charge Point boots')."""
    lost = {}
    at = now16()
    for connector_id, tx in station.transactions16.items():
        if not tx.stopped and tx.transaction_id is not None:
            station.meters[connector_id] = station.meters.get(connector_id, 1000) + 2000
            lost[connector_id] = (at, station.meters[connector_id])
    station.__dict__["power_loss16"] = lost
    session.disconnect(station)


def _power_loss(station):
    lost = station.__dict__.get("power_loss16")
    if lost is None:
        raise StepError("the station has not lost power: say 'When the test Charge Point loses power' first")
    return lost


def report_connectors_after_power_loss(session, station):
    """After the boot, StatusNotification for connector 0 and every connector: Finishing for a
    connector whose transaction the power loss ended, Available for the others."""
    lost = _power_loss(station)
    session.require_connected(station)
    for connector_id in sorted(station.connector_status):
        status = "Finishing" if connector_id in lost else "Available"
        session.send("StatusNotification", station.status_notification16(connector_id, status), station)


def stop_after_power_loss(session, station, connector_id):
    """StopTransaction.req for the transaction the power loss ended: reason PowerLoss, the time of the
    power loss and the meter reading then (no idTag: the Charge Point stopped it itself)."""
    lost = _power_loss(station)
    if connector_id not in lost:
        raise StepError(f"no transaction was running on connector {connector_id} when the station lost power")
    at, meter = lost[connector_id]
    tx = station.transactions16[connector_id]
    payload = {"transactionId": tx.transaction_id, "meterStop": meter, "timestamp": at, "reason": "PowerLoss"}
    tx.stopped = True
    session.send("StopTransaction", payload, station)


# ---------------------------------------------------------------------- what the Central System recorded

def _configuration_record(session, description):
    record = csms_record(session, "configuration-record", description)
    if record is None:
        return None
    return record, {item.get("key"): item for item in record.get("configurationKey", [])}


def _station_configuration_answer(session):
    """The station's last GetConfiguration.conf, as it went on the wire."""
    station = session.station
    requests = station.requests_from_csms("GetConfiguration")
    if not requests:
        session.fail("the Central System did not send GetConfiguration.req")
    unique_id = requests[-1].frame.unique_id
    answer = session.trace.wait_for(lambda e: e.peer == station.station_id and e.direction == SENT
                                    and e.frame is not None and e.frame.type == CALLRESULT
                                    and e.frame.unique_id == unique_id, session.config.seconds("message_timeout"))
    if answer is None:
        session.fail("the test station did not answer the Central System's GetConfiguration.req")
    return answer.frame.payload


def check_every_configuration_key(session):
    """Every key of the station's GetConfiguration.conf is in the CSMS's record with the value and
    accessibility (readonly) the station reported."""
    got = _configuration_record(session, "the CSMS shows every configuration key the station reported")
    if got is None:
        return
    record, keys = got
    reported = _station_configuration_answer(session).get("configurationKey", [])
    problems = []
    for item in reported:
        kept = keys.get(item["key"])
        if kept is None:
            problems.append(f"{item['key']}: not recorded")
            continue
        if kept.get("value") != item.get("value"):
            problems.append(f"{item['key']}: recorded value {kept.get('value')!r}, the station reported "
                            f"{item.get('value')!r}")
        if bool(kept.get("readonly")) != bool(item.get("readonly")):
            problems.append(f"{item['key']}: recorded as {'R' if kept.get('readonly') else 'RW'}, the station "
                            f"reported {'R' if item.get('readonly') else 'RW'}")
    if not reported:
        problems.append("the station reported no configuration key")
    if problems:
        session.fail(f"the CSMS's configuration record of the station does not match its GetConfiguration.conf "
                     f"({len(reported)} keys):\n  " + "\n  ".join(problems) + f"\nRecord: {record}")


def check_configuration_value(session, key, value):
    got = _configuration_record(session, f"the CSMS shows configuration key {key} as {value!r}")
    if got is None:
        return
    record, keys = got
    if key not in keys:
        session.fail(f"the CSMS has no value of configuration key {key} for the station: {record}")
    if keys[key].get("value") != value:
        session.fail(f"the CSMS records configuration key {key} as {keys[key].get('value')!r}, expected {value!r}: "
                     f"{record}")


def check_configuration_not_value(session, key, value):
    got = _configuration_record(session, f"the CSMS does not show {value!r} as the value of {key}")
    if got is None:
        return
    record, keys = got
    if key in keys and keys[key].get("value") == value:
        session.fail(f"the CSMS records {value!r} as the value of configuration key {key}, although the station "
                     f"did not accept it: {record}")


def check_configuration_unsupported(session, key):
    got = _configuration_record(session, f"the CSMS shows configuration key {key} as not supported by the station")
    if got is None:
        return
    record, keys = got
    if key in keys or key not in record.get("unknownKey", []):
        session.fail(f"the CSMS does not record configuration key {key} as unknown to the station (expected it in "
                     f"unknownKey and not in configurationKey): {record}")


def _sent_request(station, action, transaction_id):
    """The request of the station's last `action` that belongs to this transaction."""
    for outcome in reversed(station.outcomes):
        if outcome.action != action:
            continue
        if action == "StartTransaction":
            if outcome.ok and isinstance(outcome.response, dict) and outcome.response.get("transactionId") == transaction_id:
                return outcome.request
        elif outcome.request.get("transactionId") == transaction_id:
            return outcome.request
    return None


def _same_time(a, b):
    ta, tb = parse_time(a), parse_time(b)
    return ta is not None and tb is not None and ta == tb


def check_transaction(session, connector_id, running, reason=None):
    """The CSMS's transaction record of the station's last transaction on a connector holds what the
    station reported in its StartTransaction.req (connector, idTag, meterStart, timestamp) and, once
    stopped, in its StopTransaction.req (meterStop, timestamp, reason, transactionData)."""
    station = session.station
    tx = station.transactions16.get(connector_id)
    if tx is None or tx.transaction_id is None:
        session.fail(f"the station has no transaction with a transactionId on connector {connector_id}")
    state = "running" if running else f"stopped with reason {reason}"
    record = csms_record(session, "transaction-record",
                           f"the CSMS shows transaction {tx.transaction_id} on connector {connector_id} as {state}")
    if record is None:
        return
    mine = [t for t in record.get("transactions", []) if t.get("transactionId") == tx.transaction_id]
    if not mine:
        session.fail(f"the CSMS records no transaction {tx.transaction_id} for the station: {record}")
    kept, problems = mine[-1], []
    start = _sent_request(station, "StartTransaction", tx.transaction_id) or {}
    for field, expected in (("connectorId", start.get("connectorId")), ("idTag", start.get("idTag")),
                            ("meterStart", start.get("meterStart"))):
        if kept.get(field) != expected:
            problems.append(f"{field} is {kept.get(field)!r}, the station reported {expected!r}")
    if not _same_time(kept.get("startTime"), start.get("timestamp")):
        problems.append(f"startTime is {kept.get('startTime')!r}, the StartTransaction.req timestamp was "
                        f"{start.get('timestamp')!r}")
    if kept.get("running") != running:
        problems.append(f"the transaction is recorded as {'running' if kept.get('running') else 'stopped'}, "
                        f"expected {'running' if running else 'stopped'}")
    if not running:
        stop = _sent_request(station, "StopTransaction", tx.transaction_id) or {}
        if kept.get("reason") != reason:
            problems.append(f"reason is {kept.get('reason')!r}, expected {reason!r}")
        if kept.get("meterStop") != stop.get("meterStop"):
            problems.append(f"meterStop is {kept.get('meterStop')!r}, the station reported {stop.get('meterStop')!r}")
        if not _same_time(kept.get("stopTime"), stop.get("timestamp")):
            problems.append(f"stopTime is {kept.get('stopTime')!r}, the StopTransaction.req timestamp was "
                            f"{stop.get('timestamp')!r}")
        sent = len(stop.get("transactionData", []))
        if sent and (kept.get("meterValues") or 0) < sent:
            problems.append(f"{kept.get('meterValues') or 0} meter values are recorded; the StopTransaction.req "
                            f"carried {sent} in transactionData")
    if problems:
        session.fail(f"the CSMS's record of transaction {tx.transaction_id} (connector {connector_id}) does not "
                     f"match what the station reported:\n  " + "\n  ".join(problems) + f"\nRecord: {kept}")


# ---------------------------------------------------------------------- DataTransfer (TC_064)

def check_data_transfer_refused(session):
    response = session.check_answer("DataTransfer", [("status", '"Rejected" or "UnknownMessageId" or '
                                                               '"UnknownVendorId" or "Accepted"')])
    if response["status"] == "Accepted":
        # sys.__stderr__: shown even where behave captures the output of a passing step
        print(f"\nWARNING: the CSMS accepted DataTransfer for vendorId {session.config.vendor_id!r}, which it "
              f"should not implement (TC_064_CSMS allows Accepted, with this warning)", file=sys.__stderr__)
