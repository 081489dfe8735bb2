"""The test CSMS speaking OCPP 1.6J (support/csms/ocpp16/scripted.py) and `python -m support.csms
--ocpp-version 1.6` (support/csms/cli.py, cli16.py).

The engine is driven over loopback by a tiny fake 1.6 Charge Point on the same port as a 2.0.1
station; the CLI is checked flag by flag in process, and once as a real subprocess.
"""
import asyncio
import json
import os
import queue
import subprocess
import sys
import threading

import pytest
from websockets.asyncio.client import connect

from support.csms import cli
from support.csms.scripted import CommandSpec, CsmsScript, TestCsms
from support.csms.ocpp16.scripted import (COMMAND_ACTIONS16, NO_TRANSACTION_ID16, STATION_TO_CSMS16,
                                     build_charging_profile, build_signed_update_firmware, firmware_image)
from support.rpc import schemas
from support.station.answers import generic_answer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAIT = 30.0     # a deadline for what must come (a busy machine is slow); silence is checked with its own short waits
STARTUP = 60.0  # seconds a subprocess may take to print its first line on a busy machine
BOOT16 = {"chargePointVendor": "V", "chargePointModel": "M"}


def minimal_request16(action):
    """A minimal schema-valid 1.6 request (required fields only)."""
    root = schemas.validator("1.6", action, True).schema

    def build(node):
        if "$ref" in node:
            node = root["definitions"][node["$ref"].rsplit("/", 1)[-1]]
        if "enum" in node:
            return node["enum"][0]
        kind = node.get("type")
        if kind == "object":
            return {key: build(node["properties"][key]) for key in node.get("required", [])}
        if kind == "array":
            return [build(node["items"])] * max(node.get("minItems", 0), 1)
        if kind in ("integer", "number"):
            return 1
        if kind == "boolean":
            return False
        return "2030-01-01T00:00:00Z" if node.get("format") == "date-time" else "x"
    return build(root)


class FakeStation16:
    """A minimal OCPP 1.6 Charge Point: sends CALLs, answers the CSMS's CALLs schema-validly."""

    def __init__(self, csms, station_id, subprotocol="ocpp1.6"):
        self.url = csms.station_url(station_id)
        self.station_id, self.subprotocol = station_id, subprotocol
        self.calls = asyncio.Queue()
        self.violations = []
        self._pending, self._ids = {}, 0

    async def connect(self):
        self.ws = await connect(self.url, subprotocols=[self.subprotocol], ping_interval=None, open_timeout=WAIT)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self):
        try:
            async for text in self.ws:
                frame = json.loads(text)
                if frame[0] == 2:
                    self.violations += [m for _, m in schemas.check("1.6", frame[2], frame[3], True)]
                    await self.calls.put((frame[2], frame[3]))
                    await self.ws.send(json.dumps([3, frame[1], generic_answer("1.6", frame[2])]))
                else:
                    future = self._pending.pop(frame[1], None)
                    if future and not future.done():
                        future.set_result(frame)
        except Exception:
            pass

    async def call(self, action, payload):
        self._ids += 1
        unique_id = f"{self.station_id}-{self._ids}"
        future = asyncio.get_running_loop().create_future()
        self._pending[unique_id] = future
        await self.ws.send(json.dumps([2, unique_id, action, payload]))
        frame = await asyncio.wait_for(future, WAIT)
        if frame[0] == 3:
            self.violations += [m for _, m in schemas.check("1.6", action, frame[2], False)]
        return frame

    async def result(self, action, payload):
        frame = await self.call(action, payload)
        assert frame[0] == 3, f"{action} answered {frame}"
        return frame[2]

    async def next_call(self):
        return await asyncio.wait_for(self.calls.get(), WAIT)

    async def close(self):
        await self.ws.close()
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)


def run_with_csms(body, script=None, versions=None):
    async def main():
        csms = TestCsms(script or CsmsScript(), versions=versions)
        frames = []
        csms.add_listener(lambda *entry: frames.append(entry))
        await csms.start()
        stations = []

        async def station(station_id="CP1", subprotocol="ocpp1.6"):
            s = await FakeStation16(csms, station_id, subprotocol).connect()
            stations.append(s)
            return s
        csms.connect_station = station
        try:
            result = await body(csms)
        finally:
            for s in stations:
                await s.close()
            await csms.stop()
        bad = [(peer, text, v) for peer, direction, text, _f, v in frames if direction == "->" and v]
        assert not bad, f"the test CSMS sent schema-invalid frames: {bad}"
        assert not [v for s in stations for v in s.violations], [s.violations for s in stations]
        return result
    return asyncio.run(asyncio.wait_for(main(), 10))


# ====================================================================== the CLI, flag by flag

def cli_error(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        cli.parse_args(list(argv))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("python -m support.csms: error: ") and err.count("\n") == 1, err
    return err


V16 = ("--ocpp-version", "1.6")


@pytest.mark.parametrize("argv, message", [
    # 2.0.1-only flags under 1.6, with what to use instead
    (V16 + ("--total-cost", "5"), "--total-cost is an OCPP 2.0.1 flag"),
    (V16 + ("--auth-group-id", "G"), "use --auth-parent-id-tag"),
    (V16 + ("--trigger-evse-id", "1"), "--trigger-evse-id is an OCPP 2.0.1 flag"),
    (V16 + ("--reset-evse-id", "1"), "a 1.6 Reset is for the whole Charge Point"),
    (V16 + ("--availability-status", "Operative"), "use --availability-type"),
    (V16 + ("--availability-evse-id", "1"), "use --connector-id"),
    (V16 + ("--set-variables", "A.B=1"), "use --change-configuration"),
    (V16 + ("--get-variables", "A.B"), "use --get-configuration"),
    (V16 + ("--reserve-evse-id", "1"), "use --reserve-connector-id"),
    (V16 + ("--reserve-id-token", "T"), "use --reserve-id-tag"),
    # 1.6-only flags under 2.0.1
    (("--connector-id", "1"), "--connector-id is an OCPP 1.6 flag; give --ocpp-version 1.6"),
    (("--auth-parent-id-tag", "P"), "--auth-parent-id-tag is an OCPP 1.6 flag"),
    (("--availability-type", "Operative"), "use --availability-status"),
    (("--reserve-connector-id", "1"), "use --reserve-evse-id"),
    (("--change-configuration", "A=1"), "use --set-variables"),
    (("--get-configuration", "A"), "use --get-variables"),
    (("--reserve-id-tag", "T", "--reserve-id-token", "U"), "the same setting in OCPP 2.0.1"),
    # 1.6 values
    (V16 + ("--reset-type", "Immediate"), "Immediate is an OCPP 2.0.1 reset type"),
    (V16 + ("--reset-type", "hard"), "did you mean 'Hard'"),
    (("--reset-type", "Soft"), "Soft is an OCPP 1.6 reset type"),
    (V16 + ("--availability-type", "inoperative"), "did you mean 'Inoperative'"),
    (V16 + ("--trigger-message", "LogStatusNotification"), "LogStatusNotification is an OCPP 2.0.1 trigger"),
    (V16 + ("--trigger-message", "Heartbeats"), "did you mean 'Heartbeat'"),
    (("--trigger-message", "DiagnosticsStatusNotification"), "is an OCPP 1.6 trigger message"),
    (V16 + ("--connector-id", "-1"), "must be an integer >= 0"),
    (V16 + ("--reserve-connector-id", "x"), "'x' is not an integer"),
    (V16 + ("--auth-parent-id-tag", "P" * 21), "1 to 20 characters"),
    (V16 + ("--reserve-id-tag", "T" * 21), "1 to 20 characters"),
    (V16 + ("--whitelist", "T" * 21), "argument --whitelist"),
    (V16 + ("--local-list-tokens", "T" * 21), "argument --local-list-tokens"),
    (V16 + ("--change-configuration", "HeartbeatInterval"), "expected 'Key=Value'"),
    (V16 + ("--change-configuration", "=30"), "invalid configuration key ''"),
    (V16 + ("--change-configuration", "K" * 51 + "=1"), "1 to 50 characters"),
    (V16 + ("--get-configuration", " , "), "needs at least one key"),
    # commands
    (V16 + ("--command", "RequestStartTransaction", "--delay", "1"), "in OCPP 1.6 it is 'RemoteStartTransaction'"),
    (V16 + ("--command", "BootNotification", "--delay", "1"), "1.6 action the mock server does not send"),
    (V16 + ("--command", "Rset", "--delay", "1"), "unknown action 'Rset'; did you mean 'Reset'"),
    (V16 + ("--commands", "RemoteStartTransaction:1,RequestStopTransaction:2"), "'RemoteStopTransaction'"),
    (("--command", "RemoteStartTransaction", "--delay", "1"), "in OCPP 2.0.1 it is 'RequestStartTransaction'"),
    (("--ocpp-version", "1.5"), "unsupported OCPP version '1.5'; use 2.0.1 or 1.6"),
])
def test_cli16_rejects_invalid_input(capsys, argv, message):
    assert message in cli_error(capsys, *argv)


def test_cli16_defaults():
    config = cli.parse_args(["--ocpp-version", "1.6J"])
    v16 = config.script.v16
    assert config.ocpp_version == "1.6"
    assert (v16.connector_id, v16.reset_type, v16.availability_type, v16.trigger_message) == \
        (1, "Hard", "Operative", "StatusNotification")
    assert (v16.reserve_connector_id, v16.reserve_id_tag, config.script.reservation_id) == (1, "reserved_tag", 1)
    assert v16.change_configuration == ("HeartbeatInterval", "30") and v16.get_configuration == []
    assert config.script.auth_group_id is None
    assert cli.parse_args([]).script.reset_type == "Immediate"     # 2.0.1 keeps its own default


def test_cli16_valid_combinations():
    config = cli.parse_args([
        "--ocpp-version", "1.6", "--connector-id", "2", "--auth-parent-id-tag", "PARENT", "--reset-type", "Soft",
        "--availability-type", "Inoperative", "--reserve-connector-id", "0", "--reserve-id-tag", "TAG9",
        "--reservation-id", "42", "--change-configuration", "MeterValueSampleInterval=10",
        "--get-configuration", "HeartbeatInterval, NumberOfConnectors", "--trigger-message", "MeterValues",
        "--boot-status-sequence", "Pending,Accepted", "--auth-mode", "whitelist", "--whitelist", "a,b",
        "--auth-cache-expiry", "60", "--commands", "RemoteStartTransaction:1,RemoteStopTransaction:2",
        "--local-list-tokens", "t1", "t2", "--local-list-update", "Differential"])
    script, v16 = config.script, config.script.v16
    assert (v16.connector_id, v16.reset_type, v16.availability_type) == (2, "Soft", "Inoperative")
    assert (v16.reserve_connector_id, v16.reserve_id_tag, script.reservation_id) == (0, "TAG9", 42)
    assert v16.change_configuration == ("MeterValueSampleInterval", "10")
    assert v16.get_configuration == ["HeartbeatInterval", "NumberOfConnectors"]
    assert v16.trigger_message == "MeterValues" and script.auth_group_id == "PARENT"
    assert script.commands == [CommandSpec("RemoteStartTransaction", delay=1.0),
                               CommandSpec("RemoteStopTransaction", delay=2.0)]
    assert script.boot_statuses == ["Pending", "Accepted"] and script.whitelist == {"a", "b"}
    assert cli.parse_args(["--reserve-id-tag", "T1"]).script.reserve_id_token == "T1"   # the 2.0.1 alias
    assert cli.parse_args(["--ocpp-version", "1.6", "-c", "GetConfiguration", "-p", "2"]).script.commands == [
        CommandSpec("GetConfiguration", delay=2.0, period=2.0)]


def test_every_1_6_command_payload_is_schema_valid():
    csms = TestCsms(versions=("1.6",))
    csms.station("CP1")
    for action in COMMAND_ACTIONS16:
        payload = csms.build_command("CP1", action)
        assert schemas.check("1.6", action, payload, True) == [], (action, payload)
    assert csms.build_command("CP1", "RemoteStopTransaction") == {"transactionId": NO_TRANSACTION_ID16}
    assert csms.build_command("CP1", "ChangeAvailability") == {"connectorId": 1, "type": "Operative"}
    assert csms.build_command("CP1", "Reset") == {"type": "Hard"}
    profile = build_charging_profile(7, "TxProfile", 1, ((0, 6), (60, 10)), "A", 120, transaction_id=3,
                                     number_phases=3)
    assert schemas.check("1.6", "SetChargingProfile", {"connectorId": 1, "csChargingProfiles": profile}, True) == []


def test_signed_firmware_signature_verifies_over_the_image():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    import base64
    firmware = build_signed_update_firmware("https://firmware.example.com/a.bin")["firmware"]
    key = x509.load_pem_x509_certificate(firmware["signingCertificate"].encode()).public_key()
    key.verify(base64.b64decode(firmware["signature"]), firmware_image(firmware["location"]), ec.ECDSA(hashes.SHA256()))


# ====================================================================== the engine over loopback

def test_both_versions_on_the_same_port_and_1_6_answers():
    async def body(csms):
        cp = await csms.connect_station("CP1")
        assert cp.ws.subprotocol == "ocpp1.6"
        assert (await cp.result("BootNotification", BOOT16))["status"] == "Pending"
        assert (await cp.result("BootNotification", BOOT16))["status"] == "Accepted"
        assert csms.version_of("CP1") == "1.6"
        info = (await cp.result("Authorize", {"idTag": "valid_token"}))["idTagInfo"]
        assert info["status"] == "Accepted" and info["parentIdTag"] == "PARENT" and info["expiryDate"].endswith("Z")
        assert (await cp.result("Authorize", {"idTag": "stranger"}))["idTagInfo"]["status"] == "Invalid"
        started = await cp.result("StartTransaction", {"connectorId": 1, "idTag": "valid_token", "meterStart": 10,
                                                       "timestamp": "2030-01-01T00:00:00Z"})
        tx_id = started["transactionId"]
        assert isinstance(tx_id, int) and started["idTagInfo"]["status"] == "Accepted"
        await cp.result("MeterValues", {"connectorId": 1, "transactionId": tx_id, "meterValue": [
            {"timestamp": "2030-01-01T00:00:01Z", "sampledValue": [{"value": "20"}]}]})
        assert csms.current_transaction_id("CP1") == tx_id
        outcome = await csms.send("CP1", "RemoteStopTransaction")
        assert outcome.request == {"transactionId": tx_id}
        assert await cp.next_call() == ("RemoteStopTransaction", {"transactionId": tx_id})
        assert await cp.result("StopTransaction", {"transactionId": tx_id, "meterStop": 30,
                                                   "timestamp": "2030-01-01T00:00:02Z", "reason": "Remote"}) == {}
        tx = csms.transaction("CP1", tx_id)
        assert tx.ended and tx.meter_start == 10 and tx.meter_stop == 30 and tx.stopped_reason == "Remote"
        assert len(tx.meter_values) == 1 and csms.current_transaction_id("CP1") is None
        stopped = await cp.result("StopTransaction", {"transactionId": 77, "meterStop": 1, "idTag": "stranger",
                                                      "timestamp": "2030-01-01T00:00:02Z"})
        assert stopped["idTagInfo"]["status"] == "Invalid" and csms.transaction("CP1", 77).ended
        await cp.result("StatusNotification", {"connectorId": 0, "errorCode": "NoError", "status": "Available"})
        assert csms.station("CP1").connectors == {0: "Available"}
        # a 2.0.1 station on the same port is served in 2.0.1
        station201 = await csms.connect_station("CS201", "ocpp2.0.1")
        assert station201.ws.subprotocol == "ocpp2.0.1" and csms.version_of("CS201") == "2.0.1"
    script = CsmsScript(boot_statuses=["Pending", "Accepted"], auth_mode="whitelist", whitelist={"valid_token"},
                        auth_group_id="PARENT", auth_cache_expiry=600)
    run_with_csms(body, script)


@pytest.mark.parametrize("mode,status", [("normal", "Accepted"), ("blacklist", "Blocked"),
                                         ("rate_limit", "ConcurrentTx")])
def test_auth_modes_in_1_6(mode, status):
    async def body(csms):
        cp = await csms.connect_station()
        assert (await cp.result("Authorize", {"idTag": "blocked_token"}))["idTagInfo"]["status"] == status
    run_with_csms(body, CsmsScript(auth_mode=mode))


def test_offline_and_every_1_6_answer_is_schema_valid():
    async def body(csms):
        cp = await csms.connect_station()
        for action in sorted(STATION_TO_CSMS16 - {"Authorize"}):
            frame = await cp.call(action, minimal_request16(action))
            assert frame[0] == 3, (action, frame)
        frame = await cp.call("Authorize", {"idTag": "x"})
        assert frame[0] == 4 and frame[2] == "InternalError"
        frame = await cp.call("Reset", {"type": "Hard"})       # a Central System message
        assert frame[0] == 4 and frame[2] == "NotSupported"
    run_with_csms(body, CsmsScript(offline=True))


def test_scheduled_1_6_commands_use_the_script():
    async def body(csms):
        cp = await csms.connect_station()
        await cp.result("BootNotification", BOOT16)
        assert await cp.next_call() == ("ChangeAvailability", {"connectorId": 2, "type": "Inoperative"})
        assert await cp.next_call() == ("Reset", {"type": "Soft"})
        action, payload = await cp.next_call()
        assert action == "ReserveNow" and payload["connectorId"] == 0 and payload["idTag"] == "TAG"
        assert await cp.next_call() == ("ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "10"})
        assert await cp.next_call() == ("GetConfiguration", {"key": ["HeartbeatInterval"]})
        assert await cp.next_call() == ("TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": 2})
    script = CsmsScript(commands=[CommandSpec(a, delay=0.01) for a in (
        "ChangeAvailability", "Reset", "ReserveNow", "ChangeConfiguration", "GetConfiguration", "TriggerMessage")])
    v16 = script.v16
    v16.connector_id, v16.availability_type, v16.reset_type = 2, "Inoperative", "Soft"
    v16.reserve_connector_id, v16.reserve_id_tag = 0, "TAG"
    v16.change_configuration, v16.get_configuration = ("MeterValueSampleInterval", "10"), ["HeartbeatInterval"]
    v16.trigger_message = "MeterValues"
    run_with_csms(body, script, versions=("1.6",))


def test_a_1_6_only_server_does_not_take_a_2_0_1_station():
    """OCPP-J 2.0.1 Part 4 3.2: no acceptable subprotocol -> the handshake completes without a
    Sec-WebSocket-Protocol header and the CSMS closes the connection at once."""
    async def body(csms):
        from websockets.exceptions import ConnectionClosed, InvalidHandshake
        try:
            ws = await connect(csms.station_url("CS201"), subprotocols=["ocpp2.0.1"], ping_interval=None,
                               open_timeout=WAIT)
        except InvalidHandshake:
            return                   # a refused upgrade is allowed too
        assert ws.subprotocol is None
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), WAIT)
    run_with_csms(body, versions=("1.6",))


# ====================================================================== the mock server as a process

def test_mock_server_1_6_process():
    proc = subprocess.Popen([sys.executable, "-m", "support.csms", "--ocpp-version", "1.6", "--port", "0",
                             "--log-format", "json", "--command", "RemoteStartTransaction", "--delay", "0.05",
                             "--connector-id", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    lines = queue.Queue()

    def pump():
        for line in iter(proc.stdout.readline, ""):
            lines.put(line.rstrip("\n"))
    threading.Thread(target=pump, daemon=True).start()
    try:
        first = lines.get(timeout=STARTUP)
        assert first.startswith("listening on ws://127.0.0.1:"), (first, proc.stderr.read())
        url = first.split(" ", 2)[2]

        async def station():
            ws = await connect(f"{url}/CP-PROC", subprotocols=["ocpp1.6"], ping_interval=None)
            assert ws.subprotocol == "ocpp1.6"
            await ws.send(json.dumps([2, "b1", "BootNotification", BOOT16]))
            assert json.loads(await asyncio.wait_for(ws.recv(), WAIT))[2]["status"] == "Accepted"
            command = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
            assert command[2:] == ["RemoteStartTransaction", {"idTag": "test_token", "connectorId": 2}]
            await ws.send(json.dumps([3, command[1], {"status": "Accepted"}]))
            await ws.close()
        asyncio.run(station())
    finally:
        proc.terminate()
        try:
            code = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0
