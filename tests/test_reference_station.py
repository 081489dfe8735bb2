"""Loopback tests of the reference station (support.reference.station.station) against a tiny in-test CSMS.

The CSMS answers from a dict (BootNotification statuses in order, per-action answers or
callables), records every frame in a MessageTrace and validates what the station sends against
the OCPP 2.0.1 schemas (the shared RPC layer does that). Timers are compressed with the
station's time_scale; every wait is on an event with a deadline.
"""
import asyncio
import collections
import datetime
import functools

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from support.csms.server import CsmsServer
from support.rpc import CALL, CallError
from support.station.answers import generic_answer
from support.station.firmware import FIRMWARE_IMAGE, code_signing_certificate, sign_image
from support.pki.store import TestPki
from support.reference.station.station import (ReferenceStation, ReferenceStationSettings, StationError,
                                               StationFaults)
from support.targets.station import EmbeddedStationDriver, StationDriverError
from support.scenario.trace import RECEIVED, MessageTrace

STATION = "RS_1"
PASSWORD = "0123456789abcdef"
TOKEN = {"idToken": "04A1B2C3D4E501", "type": "ISO14443"}
SCALE = 0.1             # protocol second -> wall-clock seconds
INTERVAL = 2            # the CSMS's heartbeat / retry interval: 0.2 s
DEADLINE = 20.0        # an upper bound for what must happen (a busy machine is slow)
TEST_DEADLINE = 90.0


def run_async(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        async def main():
            return await asyncio.wait_for(fn(*args, **kwargs), TEST_DEADLINE)
        return asyncio.run(main())
    return wrapper


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TinyCsms:
    """A CSMS engine for CsmsServer that answers from a dict."""
    versions = ("2.0.1",)

    def __init__(self, boot_statuses=("Accepted",), interval=INTERVAL, answers=None):
        self.boot_statuses = collections.deque(boot_statuses)
        self.interval = interval
        self.answers = dict(answers or {})
        self.trace = MessageTrace("tiny CSMS")
        self.server = CsmsServer(self)
        self.connects = 0
        self._changed = asyncio.Event()

    async def __aenter__(self):
        await self.server.start()
        return self

    async def __aexit__(self, *exc):
        await self.server.stop()

    @property
    def url(self):
        return self.server.url

    # engine hooks
    def authenticate(self, station_id, credentials):
        return None if credentials == (station_id, PASSWORD) else "wrong credentials"

    def recorder(self, peer, direction, text, frame=None, violations=()):
        self.trace.add(peer, direction, text, frame, violations)
        self._changed.set()
        self._changed = asyncio.Event()

    def on_connected(self, station_id, connection):
        self.connects += 1

    def on_disconnected(self, station_id, connection):
        pass

    async def handler(self, connection, action, payload):
        if action == "BootNotification":
            status = self.boot_statuses.popleft() if len(self.boot_statuses) > 1 else self.boot_statuses[0]
            return {"currentTime": now(), "interval": self.interval, "status": status}
        answer = self.answers.get(action)
        if callable(answer):
            return answer(payload)
        if answer is not None:
            return answer
        if action == "Heartbeat":
            return {"currentTime": now()}
        if action == "Authorize":
            return {"idTokenInfo": {"status": "Accepted"}}
        if action == "TransactionEvent":
            return {"idTokenInfo": {"status": "Accepted"}} if "idToken" in payload else {}
        return generic_answer("2.0.1", action)

    # what the test looks at
    async def call(self, action, payload):
        outcome = await self.server.connections[STATION].call(action, payload, DEADLINE)
        assert outcome.ok or outcome.error_code, outcome.describe()
        return outcome

    def received(self, action=None, start=0):
        """CALLs the station sent (payloads with their trace entries), in order."""
        return [e for e in self.trace.entries[start:] if e.direction == RECEIVED and e.frame is not None
                and e.frame.type == CALL and (action is None or e.frame.action == action)]

    def payloads(self, action, start=0):
        return [e.frame.payload for e in self.received(action, start)]

    async def wait_for(self, condition, timeout=DEADLINE, what="condition"):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            remaining = deadline - loop.time()
            assert remaining > 0, f"timed out waiting for {what}\n{self.trace.render()}"
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def wait_count(self, action, count, start=0, timeout=DEADLINE):
        return await self.wait_for(lambda: len(self.received(action, start)) >= count and self.received(action, start),
                                   timeout, f"{count} x {action}")

    def assert_station_frames_valid(self):
        bad = [(e.text, e.violations) for e in self.trace.entries if e.direction == RECEIVED and e.violations]
        assert not bad, f"the station sent frames that break the schema: {bad}"


def make_station(csms, faults=None, **settings):
    options = dict(time_scale=SCALE, heartbeat_interval=INTERVAL, sampled_interval=2, min_retry_interval=0.2,
                   reconnect_backoff=(0.05, 0.1, 0.2), call_timeout=2, lifecycle_step=0.02,
                   transaction_message_retry_interval=0.05)
    options.update(settings)
    return ReferenceStation(STATION, csms.url, PASSWORD, settings=ReferenceStationSettings(**options),
                            faults=faults or StationFaults())


async def booted(csms, station):
    await station.power_on()
    await csms.wait_count("StatusNotification", 1)
    assert await station.wait_until(lambda: station.accepted, DEADLINE)


def seq_nos(payloads):
    return [p["seqNo"] for p in payloads]


# ====================================================================== boot (B01..B03)

@run_async
async def test_boot_accepted_then_status_then_heartbeats_at_the_interval():
    async with TinyCsms() as csms:
        station = make_station(csms)
        try:
            await station.power_on()
            beats = await csms.wait_count("Heartbeat", 3)
            actions = [e.frame.action for e in csms.received()]
            assert actions[:2] == ["BootNotification", "StatusNotification"], actions
            boot = csms.payloads("BootNotification")[0]
            assert boot["reason"] == "PowerUp" and boot["chargingStation"]["model"]
            status = csms.payloads("StatusNotification")[0]
            assert (status["connectorStatus"], status["evseId"], status["connectorId"]) == ("Available", 1, 1)
            gaps = [b.at - a.at for a, b in zip(beats, beats[1:])]
            assert all(0.15 <= gap <= 0.6 for gap in gaps), gaps      # interval 2 x time_scale 0.1
            csms.assert_station_frames_valid()
            assert station.violations == []
        finally:
            await station.close()


@run_async
async def test_pending_then_accepted_sends_nothing_else_while_pending():
    async with TinyCsms(boot_statuses=("Pending", "Accepted")) as csms:
        station = make_station(csms)
        try:
            await station.power_on()
            await csms.wait_count("BootNotification", 1)
            # While Pending the CSMS may read variables; the station answers.
            answer = await csms.call("GetVariables", {"getVariableData": [
                {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]})
            assert answer.response["getVariableResult"][0]["attributeStatus"] == "Accepted"
            boots = await csms.wait_count("BootNotification", 2)
            assert boots[1].at - boots[0].at >= 0.15                      # retried after the interval
            await csms.wait_count("StatusNotification", 1)
            first_status = csms.received("StatusNotification")[0]
            before_accept = [e.frame.action for e in csms.received() if e.seq < boots[1].seq]
            assert set(before_accept) == {"BootNotification"}, before_accept
            assert first_status.seq > boots[1].seq
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_rejected_is_retried_after_the_interval_and_csms_calls_get_security_error():
    async with TinyCsms(boot_statuses=("Rejected", "Rejected", "Accepted")) as csms:
        station = make_station(csms)
        try:
            await station.power_on()
            await csms.wait_count("BootNotification", 1)
            refused = await csms.server.connections[STATION].call("GetVariables", {"getVariableData": [
                {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]}, DEADLINE)
            assert refused.error_code == "SecurityError"
            boots = await csms.wait_count("BootNotification", 3)
            assert all(b.at - a.at >= 0.15 for a, b in zip(boots, boots[1:]))
            await csms.wait_count("StatusNotification", 1)
            assert {e.frame.action for e in csms.received() if e.seq < boots[2].seq} == {"BootNotification"}
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_trigger_boot_notification_is_rejected_once_accepted_and_status_trigger_is_served():
    async with TinyCsms() as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            outcome = await csms.call("TriggerMessage", {"requestedMessage": "BootNotification"})
            assert outcome.response["status"] == "Rejected"
            mark = len(csms.trace.entries)
            outcome = await csms.call("TriggerMessage", {"requestedMessage": "StatusNotification",
                                                         "evse": {"id": 1, "connectorId": 1}})
            assert outcome.response["status"] == "Accepted"
            await csms.wait_count("StatusNotification", 1, start=mark)
            assert len(csms.payloads("BootNotification")) == 1
            csms.assert_station_frames_valid()
        finally:
            await station.close()


# ====================================================================== device model (B05..B08)

@run_async
async def test_variables_and_base_report():
    async with TinyCsms() as csms:
        station = make_station(csms, items_per_message=5, heartbeat_interval=100)
        try:
            await booted(csms, station)
            outcome = await csms.call("SetVariables", {"setVariableData": [
                {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"},
                 "attributeValue": "2"},
                {"component": {"name": "SecurityCtrlr"}, "variable": {"name": "Identity"}, "attributeValue": "x"},
                {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NoSuchThing"}, "attributeValue": "1"},
                {"component": {"name": "NoSuchCtrlr"}, "variable": {"name": "Enabled"}, "attributeValue": "true"}]})
            statuses = [r["attributeStatus"] for r in outcome.response["setVariableResult"]]
            assert statuses == ["Accepted", "Rejected", "UnknownVariable", "UnknownComponent"]
            await csms.wait_count("Heartbeat", 2)          # 2 x 0.1 s instead of 100 x 0.1 s: applied at once
            outcome = await csms.call("GetVariables", {"getVariableData": [
                {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
                {"component": {"name": "ChargingStation"}, "variable": {"name": "AvailabilityState"}}]})
            values = [r.get("attributeValue") for r in outcome.response["getVariableResult"]]
            assert values == ["2", "Available"]
            outcome = await csms.call("GetBaseReport", {"requestId": 7, "reportBase": "FullInventory"})
            assert outcome.response["status"] == "Accepted"
            pages_expected = -(-len(station.device_model.variables) // 5)
            reports = await csms.wait_count("NotifyReport", pages_expected)
            pages = [e.frame.payload for e in reports]
            assert seq_nos(pages) == list(range(pages_expected))
            assert [p["tbc"] for p in pages] == [True] * (pages_expected - 1) + [False]
            assert all(p["requestId"] == 7 and len(p["reportData"]) <= 5 for p in pages)
            outcome = await csms.call("GetReport", {"requestId": 8, "componentVariable": [
                {"component": {"name": "NoSuchCtrlr"}}]})
            assert outcome.response["status"] == "EmptyResultSet"
            csms.assert_station_frames_valid()
        finally:
            await station.close()


# ====================================================================== transactions (E, F, J)

@run_async
async def test_local_transaction_contiguous_seq_nos_meter_values_and_contexts():
    async with TinyCsms() as csms:
        station = make_station(csms, sampled_interval=1)
        try:
            await booted(csms, station)
            await station.plug_in(1, 1)
            info = await station.present_token(TOKEN["idToken"], TOKEN["type"], 1)
            assert info == {"status": "Accepted"}
            await csms.wait_for(lambda: sum(p["triggerReason"] == "MeterValuePeriodic"
                                            for p in csms.payloads("TransactionEvent")) >= 2, what="periodic")
            await station.present_token(TOKEN["idToken"], TOKEN["type"], 1)        # stop with the same card
            await station.unplug(1, 1)
            await csms.wait_for(lambda: any(p["eventType"] == "Ended" for p in csms.payloads("TransactionEvent")),
                                what="Ended")
            await csms.wait_for(lambda: csms.payloads("StatusNotification")[-1]["connectorStatus"] == "Available",
                                what="Available")
            events = csms.payloads("TransactionEvent")
            assert seq_nos(events) == list(range(len(events)))
            assert len({e["transactionInfo"]["transactionId"] for e in events}) == 1
            started, ended = events[0], events[-1]
            assert (started["eventType"], started["triggerReason"]) == ("Started", "CablePluggedIn")
            assert started["evse"] == {"id": 1, "connectorId": 1}
            assert started["meterValue"][0]["sampledValue"][0]["context"] == "Transaction.Begin"
            assert events[1]["triggerReason"] == "Authorized" and events[1]["idToken"] == TOKEN
            periodic = [e for e in events if e["triggerReason"] == "MeterValuePeriodic"]
            sampled = periodic[-1]["meterValue"][0]["sampledValue"]
            assert {s["measurand"] for s in sampled} == {"Energy.Active.Import.Register", "Power.Active.Import",
                                                        "Current.Import", "Voltage"}
            assert {s["context"] for s in sampled} == {"Sample.Periodic"}
            assert (ended["eventType"], ended["triggerReason"], ended["transactionInfo"]["stoppedReason"]) == \
                ("Ended", "StopAuthorized", "Local")
            assert ended["meterValue"][0]["sampledValue"][0]["context"] == "Transaction.End"
            energy = [e["meterValue"][0]["sampledValue"][0]["value"] for e in (started, ended)]
            assert energy[1] > energy[0]
            actions = [e.frame.action for e in csms.received()]
            assert actions.index("Authorize") > actions.index("TransactionEvent")
            assert [p["connectorStatus"] for p in csms.payloads("StatusNotification")] == \
                ["Available", "Occupied", "Available"]
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_no_transaction_when_authorize_fails():
    def refuse(payload):
        if payload["idToken"]["idToken"] == "BROKEN":
            raise CallError("InternalError", "the CSMS failed")
        return {"idTokenInfo": {"status": "Invalid"}}
    async with TinyCsms(answers={"Authorize": refuse}) as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            assert (await station.present_token("0BAD0C02"))["status"] == "Invalid"
            assert await station.present_token("BROKEN") is None
            await csms.wait_count("Authorize", 2)
            assert await station.flush(DEADLINE)
            assert csms.payloads("TransactionEvent") == [] and station.transaction(1) is None
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_remote_start_and_stop():
    async with TinyCsms() as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            outcome = await csms.call("RequestStartTransaction", {"idToken": TOKEN, "remoteStartId": 42, "evseId": 1})
            assert outcome.response["status"] == "Accepted"
            started = (await csms.wait_count("TransactionEvent", 1))[0].frame.payload
            assert (started["eventType"], started["triggerReason"]) == ("Started", "RemoteStart")
            assert started["transactionInfo"]["remoteStartId"] == 42 and started["idToken"] == TOKEN
            transaction_id = started["transactionInfo"]["transactionId"]
            again = await csms.call("RequestStartTransaction", {"idToken": TOKEN, "remoteStartId": 43, "evseId": 1})
            assert again.response["status"] == "Rejected"
            status = await csms.call("GetTransactionStatus", {"transactionId": transaction_id})
            assert status.response["ongoingIndicator"] is True
            unlock = await csms.call("UnlockConnector", {"evseId": 1, "connectorId": 1})
            assert unlock.response["status"] == "OngoingAuthorizedTransaction"
            unknown = await csms.call("RequestStopTransaction", {"transactionId": "no-such-transaction"})
            assert unknown.response["status"] == "Rejected"
            stop = await csms.call("RequestStopTransaction", {"transactionId": transaction_id})
            assert stop.response["status"] == "Accepted"
            ended = await csms.wait_for(lambda: [p for p in csms.payloads("TransactionEvent")
                                                 if p["eventType"] == "Ended"], what="Ended")
            assert ended[0]["transactionInfo"]["stoppedReason"] == "Remote"
            assert ended[0]["triggerReason"] == "RemoteStop"
            assert seq_nos(csms.payloads("TransactionEvent")) == [0, 1]
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_remote_start_deauthorized_by_the_csms_ends_the_transaction():
    answers = {"TransactionEvent": lambda p: {"idTokenInfo": {"status": "Blocked"}} if "idToken" in p else {}}
    async with TinyCsms(answers=answers) as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            mark = len(csms.trace.entries)
            await csms.call("RequestStartTransaction", {"idToken": TOKEN, "remoteStartId": 1})
            events = await csms.wait_count("TransactionEvent", 2, start=mark)
            ended = events[1].frame.payload
            assert (ended["eventType"], ended["triggerReason"], ended["transactionInfo"]["stoppedReason"]) == \
                ("Ended", "Deauthorized", "DeAuthorized")
            status = (await csms.wait_count("StatusNotification", 1, start=events[1].seq))[0].frame.payload
            assert status["connectorStatus"] == "Available"
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_reset_immediate_during_a_transaction():
    async with TinyCsms() as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            await csms.call("RequestStartTransaction", {"idToken": TOKEN, "remoteStartId": 5, "evseId": 1})
            await csms.wait_count("TransactionEvent", 1)
            mark = len(csms.trace.entries)
            outcome = await csms.call("Reset", {"type": "Immediate"})
            assert outcome.response["status"] == "Accepted"
            boot = (await csms.wait_count("BootNotification", 1, start=mark))[0]
            await csms.wait_for(lambda: any(p["connectorStatus"] == "Available"
                                            for p in csms.payloads("StatusNotification", boot.seq)), what="Available")
            assert boot.frame.payload["reason"] == "RemoteReset"
            after_reset = [(e.frame.action, e.frame.payload) for e in csms.received(start=mark)]
            ended = after_reset[0][1]
            assert after_reset[0][0] == "TransactionEvent" and ended["eventType"] == "Ended"
            assert ended["transactionInfo"]["stoppedReason"] == "ImmediateReset"
            assert ended["triggerReason"] == "ResetCommand"
            assert after_reset[1] == ("StatusNotification", after_reset[1][1])
            assert after_reset[1][1]["connectorStatus"] == "Unavailable"
            assert after_reset[2][0] == "BootNotification"
            assert csms.connects == 2
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_offline_transaction_events_are_queued_and_delivered_in_order():
    async with TinyCsms() as csms:
        station = make_station(csms, sampled_interval=1)
        try:
            await booted(csms, station)
            await station.start_session(1, TOKEN["idToken"])
            await csms.wait_count("TransactionEvent", 3)     # Started, Authorized, ChargingStateChanged
            await station.go_offline()
            # While offline: periodic Updated events, then the driver unplugs (Ended).
            await station.wait_until(lambda: len(station._outbox) >= 2, DEADLINE)
            await station.unplug(1, 1)
            queued = len(station._outbox)
            assert queued >= 3
            mark = len(csms.trace.entries)
            await station.go_online()
            events = await csms.wait_for(lambda: [p for p in csms.payloads("TransactionEvent", mark)] if any(
                p["eventType"] == "Ended" for p in csms.payloads("TransactionEvent", mark)) else None, what="Ended")
            assert all(p.get("offline") is True for p in events), events
            assert events[-1]["transactionInfo"]["stoppedReason"] == "EVDisconnected"
            everything = csms.payloads("TransactionEvent")
            assert seq_nos(everything) == list(range(len(everything)))
            assert not any(p.get("offline") for p in csms.payloads("TransactionEvent")[:3])
            assert len(csms.payloads("BootNotification")) == 1              # a reconnection, not a reboot
            assert csms.connects == 2
            csms.assert_station_frames_valid()
        finally:
            await station.close()


# ====================================================================== lifecycles, certificates, misc

def self_signed_pem(common_name="Test Root"):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(start)
                   .not_valid_after(start + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


@run_async
async def test_firmware_log_certificates_and_availability():
    async with TinyCsms() as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            # A04: the station reports its start-up as a security event; the firmware update's comes after it.
            await csms.wait_count("SecurityEventNotification", 1)
            assert csms.payloads("SecurityEventNotification")[0]["type"] == "StartupOfTheDevice"
            mark = len(csms.trace.entries)
            # L01: a firmware signed with a certificate of the manufacturer root the station trusts (the test PKI's);
            # it reboots to activate it, and reports Installed and the security event FirmwareUpdated after the boot
            root = TestPki().manufacturer_root
            certificate, key = code_signing_certificate(root.certificate.subject, root.key)
            outcome = await csms.call("UpdateFirmware", {"requestId": 3, "firmware": {
                "location": "https://example.com/fw.bin", "retrieveDateTime": now(),
                "signingCertificate": certificate, "signature": sign_image(key, FIRMWARE_IMAGE)}})
            assert outcome.response["status"] == "Accepted"
            await csms.wait_for(lambda: "FirmwareUpdated" in [p["type"] for p in csms.payloads(
                "SecurityEventNotification", mark)], what="SecurityEventNotification FirmwareUpdated")
            assert [p["status"] for p in csms.payloads("FirmwareStatusNotification")] == \
                ["Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed"]
            assert {p["requestId"] for p in csms.payloads("FirmwareStatusNotification")} == {3}
            assert [p["reason"] for p in csms.payloads("BootNotification", mark)] == ["FirmwareUpdate"]
            assert await station.wait_until(lambda: station.accepted, DEADLINE)
            unsigned = await csms.call("UpdateFirmware", {"requestId": 5, "firmware": {
                "location": "https://example.com/fw.bin", "retrieveDateTime": now()}})
            assert unsigned.response["status"] == "Rejected"        # OCTT TC_L_18_CS
            outcome = await csms.call("GetLog", {"logType": "DiagnosticsLog", "requestId": 4,
                                                 "log": {"remoteLocation": "https://example.com/logs"}})
            assert outcome.response["status"] == "Accepted" and outcome.response["filename"]
            await csms.wait_count("LogStatusNotification", 2)
            assert [p["status"] for p in csms.payloads("LogStatusNotification")] == ["Uploading", "Uploaded"]

            assert (await csms.call("GetInstalledCertificateIds", {})).response["status"] == "NotFound"
            pem = self_signed_pem()
            assert (await csms.call("InstallCertificate", {"certificateType": "CSMSRootCertificate",
                                                           "certificate": pem})).response["status"] == "Accepted"
            ids = (await csms.call("GetInstalledCertificateIds", {"certificateType": ["CSMSRootCertificate"]})).response
            hash_data = ids["certificateHashDataChain"][0]["certificateHashData"]
            assert (await csms.call("DeleteCertificate", {"certificateHashData": hash_data})).response["status"] == \
                "Accepted"
            # A02: a chain not made from the station's CSR, or not under a root it trusts, is refused
            # (tests/test_station_tls.py has the accepted case).
            assert (await csms.call("CertificateSigned", {"certificateChain": pem})).response["status"] == "Rejected"
            assert (await csms.call("CertificateSigned", {"certificateChain": "not a PEM"})).response["status"] == \
                "Rejected"
            outcome = await station.sign_certificate()
            csr = x509.load_pem_x509_csr(outcome.request["csr"].encode())
            assert csr.is_signature_valid and STATION in csr.subject.rfc4514_string()

            mark = len(csms.trace.entries)
            outcome = await csms.call("ChangeAvailability", {"operationalStatus": "Inoperative"})
            assert outcome.response["status"] == "Accepted"
            status = (await csms.wait_count("StatusNotification", 1, start=mark))[0].frame.payload
            assert status["connectorStatus"] == "Unavailable"
            vendor = await csms.call("DataTransfer", {"vendorId": "com.unknown"})
            assert vendor.response["status"] == "UnknownVendorId"
            csms.assert_station_frames_valid()
            assert station.violations == []
        finally:
            await station.close()


@run_async
async def test_reconnects_with_backoff_when_the_csms_drops_the_connection():
    async with TinyCsms() as csms:
        station = make_station(csms)
        try:
            await booted(csms, station)
            mark = len(csms.trace.entries)
            await csms.server.connections[STATION].close()
            await csms.wait_for(lambda: csms.connects == 2, what="reconnection")
            # back within OfflineThreshold with no status changed: no new boot, and no StatusNotification
            # is owed (B04: after the threshold every connector, before it only what changed); the
            # connection is used again (a Heartbeat at the interval the CSMS gave)
            await csms.wait_count("Heartbeat", 1, start=mark)
            assert len(csms.payloads("BootNotification")) == 1
            assert not [e for e in csms.trace.entries[mark:] if e.frame is not None
                        and getattr(e.frame, "action", None) == "StatusNotification"]
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_embedded_driver():
    async with TinyCsms() as csms:
        driver = EmbeddedStationDriver(make_station(csms))
        try:
            await driver.power_on()
            await csms.wait_count("StatusNotification", 1)
            await driver.station.wait_until(lambda: driver.station.accepted, DEADLINE)
            assert (await driver.send_message("Heartbeat", {}))["currentTime"]
            await driver.start_session(1, TOKEN["idToken"])
            await csms.wait_count("TransactionEvent", 2)
            await driver.stop_session(1)
            ended = await csms.wait_for(lambda: [p for p in csms.payloads("TransactionEvent")
                                                 if p["eventType"] == "Ended"], what="Ended")
            assert ended[0]["transactionInfo"]["stoppedReason"] == "Local"
            with pytest.raises(StationDriverError, match="no EVSE 9"):
                await driver.plug_in(9)
            with pytest.raises(StationDriverError, match="CALLERROR"):
                await driver.send_message("Heartbeat", {"unexpected": 1})
            await driver.go_offline()
            with pytest.raises(StationDriverError, match="not connected"):
                await driver.send_message("Heartbeat", {})
        finally:
            await driver.close()


# ====================================================================== parking bay, fixed cable, Master Pass UI

@run_async
async def test_the_parking_bay_sensor_starts_and_ends_the_transaction():
    async with TinyCsms() as csms:
        station = make_station(csms, tx_start_point="ParkingBayOccupancy", tx_stop_point="ParkingBayOccupancy")
        try:
            await booted(csms, station)
            await station.drive_into_parking_bay(1)
            started = (await csms.wait_count("TransactionEvent", 1))[0].frame.payload
            assert (started["eventType"], started["triggerReason"]) == ("Started", "EVDetected")
            assert started["evse"] == {"id": 1, "connectorId": 1}
            assert started["transactionInfo"]["chargingState"] == "Idle"
            await station.start_session(1, TOKEN["idToken"])
            await station.present_token(TOKEN["idToken"], TOKEN["type"], 1)     # E06: Updated StopAuthorized
            assert await station.flush(DEADLINE)
            mark = len(csms.trace.entries)
            await station.unplug(1, 1)                  # TxStopPoint ParkingBayOccupancy: the transaction goes on
            lost = (await csms.wait_count("TransactionEvent", 1, mark))[0].frame.payload
            assert (lost["eventType"], lost["triggerReason"]) == ("Updated", "EVCommunicationLost")
            await station.drive_out_of_parking_bay(1)
            await csms.wait_for(lambda: csms.payloads("TransactionEvent")[-1]["eventType"] == "Ended", what="Ended")
            ended = csms.payloads("TransactionEvent")[-1]
            assert (ended["triggerReason"], ended["transactionInfo"]["stoppedReason"]) == ("EVDeparted", "Local")
            assert len({e["transactionInfo"]["transactionId"] for e in csms.payloads("TransactionEvent")}) == 1
            with pytest.raises(StationError, match="no EVSE 3"):
                await station.drive_into_parking_bay(3)
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_a_fixed_cable_out_of_the_ev_frees_the_connector_until_the_connection_timeout():
    async with TinyCsms() as csms:
        station = make_station(csms, fixed_cable=True, tx_stop_point="Authorized")
        station.device_model.get("TxCtrlr", "StopTxOnEVSideDisconnect").value = "false"
        station.device_model.get("TxCtrlr", "EVConnectionTimeOut").value = "2"
        try:
            await booted(csms, station)
            await station.start_session(1, TOKEN["idToken"])
            await csms.wait_for(lambda: station.transaction(1) and station.transaction(1).charging_state == "Charging",
                                what="Charging")
            await station.unplug_at_ev(1, 1)
            await station.plug_in_at_ev(1, 1)           # back in time: Occupied, the energy transfer resumes
            await station.unplug_at_ev(1, 1)
            await csms.wait_for(lambda: any(p["triggerReason"] == "EVConnectTimeout"
                                            for p in csms.payloads("TransactionEvent")), what="EVConnectTimeout")
            assert await station.flush(DEADLINE)
            events = [(p["eventType"], p["triggerReason"]) for p in csms.payloads("TransactionEvent")
                      if p["triggerReason"] != "MeterValuePeriodic"]
            assert events[-5:] == [("Updated", "EVCommunicationLost"), ("Updated", "CablePluggedIn"),
                                   ("Updated", "ChargingStateChanged"), ("Updated", "EVCommunicationLost"),
                                   ("Ended", "EVConnectTimeout")], events
            assert csms.payloads("TransactionEvent")[-1]["transactionInfo"]["stoppedReason"] == "Timeout"
            assert [p["connectorStatus"] for p in csms.payloads("StatusNotification")] == \
                ["Available", "Occupied", "Available", "Occupied", "Available"]
            csms.assert_station_frames_valid()
        finally:
            await station.close()


@run_async
async def test_the_master_pass_holder_selects_at_the_user_interface():
    master = {"idToken": "0A57E247", "type": "ISO14443"}

    def authorize(payload):
        if payload["idToken"] == master:
            return {"idTokenInfo": {"status": "Accepted", "groupIdToken": {"idToken": "MASTER", "type": "Central"}}}
        return {"idTokenInfo": {"status": "Accepted"}}
    async with TinyCsms(answers={"Authorize": authorize}) as csms:
        station = make_station(csms, user_interface=True, evses={1: 1, 2: 1})
        station.device_model.get("AuthCtrlr", "MasterPassGroupId").value = "MASTER"
        try:
            await booted(csms, station)
            with pytest.raises(StationError, match="no Master Pass was presented"):
                await station.select_stop_all_transactions()
            await station.start_session(1, TOKEN["idToken"])
            await station.start_session(2, "1A2B3C39")
            await station.present_token(master["idToken"], master["type"], 1)
            assert station.transaction(1) and station.transaction(2)      # the holder selects first
            await station.select_stop_transaction(2)
            assert station.transaction(1) and station.transaction(2) is None
            with pytest.raises(StationError, match="no Master Pass was presented"):
                await station.select_stop_transaction(1)
            await station.present_token(master["idToken"], master["type"], 1)
            await station.select_stop_all_transactions()
            assert station.transaction(1) is None
            assert await station.flush(DEADLINE)
            ended = [p for p in csms.payloads("TransactionEvent") if p["eventType"] == "Ended"]
            assert [(p["triggerReason"], p["transactionInfo"]["stoppedReason"], p["idToken"]) for p in ended] == \
                [("StopAuthorized", "MasterPass", master)] * 2
        finally:
            await station.close()


# ====================================================================== faults change the wire

@run_async
async def test_fault_status_while_pending_sends_status_notification_while_pending():
    async with TinyCsms(boot_statuses=("Pending", "Accepted")) as csms:
        station = make_station(csms, faults=StationFaults(status_while_pending=True))
        try:
            await station.power_on()
            boots = await csms.wait_count("BootNotification", 2)
            early = [e.frame.action for e in csms.received() if e.seq < boots[1].seq]
            assert "StatusNotification" in early, early
        finally:
            await station.close()


@run_async
async def test_fault_reuse_seq_no_repeats_a_seq_no():
    async with TinyCsms() as csms:
        station = make_station(csms, faults=StationFaults(reuse_seq_no=True))
        try:
            await booted(csms, station)
            await station.start_session(1, TOKEN["idToken"])
            events = await csms.wait_count("TransactionEvent", 2)
            numbers = seq_nos(e.frame.payload for e in events)
            assert numbers[0] == numbers[1] == 0
            assert StationFaults.parse("reuse_seq_no,status_while_pending").active() == \
                ["status_while_pending", "reuse_seq_no"]
        finally:
            await station.close()
