"""The test CSMS (support/csms/scripted.py) and its command-line mock server (support/csms/cli.py).

The engine is driven end to end over loopback by a tiny fake OCPP 2.0.1 station; the CLI is
checked flag by flag in process, and once as a real subprocess with a JSON log.
"""
import asyncio
import base64
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from support.csms import cli
from support.csms.scripted import (COMMAND_ACTIONS, NO_ANSWER, STATION_TO_CSMS, CommandSpec, CsmsScript,
                                   TestCsms, build_set_variables, parse_variable_spec)
from support.rpc import CallError, schemas
from support.runtime import Runtime
from support.station.answers import generic_answer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAIT = 30.0     # a deadline for what must come (a busy machine is slow); silence is checked with its own short waits
STARTUP = 60.0  # seconds a subprocess may take to print its first line on a busy machine
BOOT = {"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V"}}


def token(value, kind="ISO14443"):
    return {"idToken": value, "type": kind}


def tx_event(event_type, tx_id, seq_no, **extra):
    payload = {"eventType": event_type, "timestamp": "2030-01-01T00:00:00Z", "seqNo": seq_no,
               "triggerReason": "Authorized" if event_type == "Started" else "MeterValuePeriodic",
               "transactionInfo": {"transactionId": tx_id}}
    payload.update(extra)
    return payload


def minimal_request(action):
    """A minimal schema-valid request (required fields only) for an OCPP 2.0.1 action."""
    root = schemas.validator("2.0.1", action, True).schema

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
            return max(node.get("minimum", 0), 0)
        if kind == "boolean":
            return False
        return "2030-01-01T00:00:00Z" if node.get("format") == "date-time" else "x"
    return build(root)


class FakeStation:
    """A minimal OCPP 2.0.1 station: sends CALLs, answers the CSMS's CALLs schema-validly.

    hooks[action] = async fn(station, payload) -> response payload, to act before answering.
    """

    def __init__(self, csms, station_id, password=None):
        self.url = csms.station_url(station_id)
        self.station_id, self.password = station_id, password
        self.hooks = {}
        self.calls = asyncio.Queue()      # (monotonic time, action, payload) of the CSMS's CALLs
        self.violations = []              # schema problems in the CSMS's answers and requests
        self.ws = None
        self._pending, self._ids, self._tasks = {}, 0, set()

    async def connect(self):
        headers = {}
        if self.password is not None:
            creds = base64.b64encode(f"{self.station_id}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {creds}"
        self.ws = await connect(self.url, subprotocols=["ocpp2.0.1"], additional_headers=headers,
                                ping_interval=None, open_timeout=WAIT)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self):
        try:
            async for text in self.ws:
                frame = json.loads(text)
                if frame[0] == 2:
                    task = asyncio.create_task(self._answer(frame[1], frame[2], frame[3]))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
                else:
                    future = self._pending.pop(frame[1], None)
                    if future and not future.done():
                        future.set_result(frame)
        except Exception:
            pass

    async def _answer(self, unique_id, action, payload):
        self.violations += [m for _, m in schemas.check("2.0.1", action, payload, True)]
        await self.calls.put((time.monotonic(), action, payload))
        hook = self.hooks.get(action)
        answer = await hook(self, payload) if hook else generic_answer("2.0.1", action)
        await self.ws.send(json.dumps([3, unique_id, answer]))

    async def call(self, action, payload, check=True):
        """Send a CALL, return the answer frame; CALLRESULTs are checked against the schema."""
        self._ids += 1
        unique_id = f"{self.station_id}-{self._ids}"
        future = asyncio.get_running_loop().create_future()
        self._pending[unique_id] = future
        await self.ws.send(json.dumps([2, unique_id, action, payload]))
        frame = await asyncio.wait_for(future, WAIT)
        if check and frame[0] == 3:
            self.violations += [m for _, m in schemas.check("2.0.1", action, frame[2], False)]
        return frame

    async def result(self, action, payload):
        frame = await self.call(action, payload)
        assert frame[0] == 3, f"{action} answered {frame}"
        return frame[2]

    async def boot(self):
        return await self.result("BootNotification", BOOT)

    async def next_call(self, timeout=WAIT):
        return await asyncio.wait_for(self.calls.get(), timeout)

    async def no_call_within(self, timeout):
        """True when the CSMS sends nothing before the deadline (an event wait, not a sleep)."""
        try:
            got = await asyncio.wait_for(self.calls.get(), timeout)
        except asyncio.TimeoutError:
            return True
        raise AssertionError(f"unexpected CALL from the CSMS: {got[1:]}")

    async def close(self):
        await self.ws.close()
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)


def run_with_csms(body, script=None, timeout=120):
    """Run `body(csms)` against a started TestCsms; every frame it sends must be schema-valid."""
    async def main():
        csms = TestCsms(script or CsmsScript())
        frames = []
        csms.add_listener(lambda *entry: frames.append(entry))
        await csms.start()
        stations = []

        async def station(station_id="CS1", password=None):
            s = await FakeStation(csms, station_id, password).connect()
            stations.append(s)
            return s
        csms.connect_station = station
        try:
            result = await body(csms)
        finally:
            for s in stations:
                await s.close()
            await csms.stop()
        bad = [(peer, text, violations) for peer, direction, text, _frame, violations in frames
               if direction == "->" and violations]
        assert not bad, f"the test CSMS sent schema-invalid frames: {bad}"
        assert not [v for s in stations for v in s.violations], [s.violations for s in stations]
        return result
    return asyncio.run(asyncio.wait_for(main(), timeout))


# ====================================================================== the CLI, flag by flag

def cli_error(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        cli.parse_args(list(argv))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("python -m support.csms: error: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("argv, message", [
    (["--boot-status", "accepted"], "did you mean 'Accepted'"),
    (["--boot-status", "Accepted", "--boot-status-sequence", "Pending"], "not allowed with"),
    (["--boot-status-sequence", "Pending,Acepted"], "invalid boot status 'Acepted'; did you mean 'Accepted'"),
    (["--boot-status-sequence", "Pending,,Accepted"], "invalid boot status ''"),
    (["--command", "Reset"], "--command needs --delay or --period"),
    (["--command", "Rest", "--delay", "1"], "unknown action 'Rest'; did you mean 'Reset'"),
    (["--command", "BootNotification", "--delay", "1"], "does not send on its own"),
    (["--command", "Reset", "--commands", "Reset:1"], "not allowed with"),
    (["--command", "Reset", "--delay", "1", "--period", "2"], "not allowed with"),
    (["--command", "Reset", "--delay", "0"], "--delay: '0' must be a positive number"),
    (["--command", "Reset", "--period", "-2"], "--period: '-2' must be a positive number"),
    (["--command", "Reset", "--delay", "inf"], "not a finite number"),
    (["--command", "Reset", "--delay", "soon"], "'soon' is not a number"),
    (["--delay", "1"], "only apply to --command"),
    (["--commands", "Reset"], "invalid command entry 'Reset': expected 'ACTION:DELAY'"),
    (["--commands", "Reset:0"], "invalid delay in 'Reset:0'"),
    (["--commands", "Reset:x"], "invalid delay in 'Reset:x'"),
    (["--commands", "Reset:nan"], "not a finite number"),
    (["--commands", "GetBaseReport:1,Resett:2"], "did you mean 'Reset'"),
    (["--commands", " , "], "needs at least one 'ACTION:DELAY' entry"),
    (["--auth-mode", "whitlist"], "did you mean 'whitelist'"),
    (["--auth-cache-expiry", "0"], "neither a positive number of seconds nor an RFC 3339"),
    (["--auth-cache-expiry", "tomorrow"], "neither a positive number"),
    (["--auth-group-id", "G" * 37], "1 to 36 characters"),
    (["--whitelist", "t" * 37], "--whitelist"),
    (["--trigger-message", "Heartbeats"], "did you mean 'Heartbeat'"),
    (["--reset-type", "Hard"], "invalid reset type 'Hard'"),
    (["--availability-status", "inoperative"], "did you mean 'Inoperative'"),
    (["--set-variables", "OCPPCommCtrlr.HeartbeatInterval"], "expected 'Component.Variable=Value'"),
    (["--set-variables", "HeartbeatInterval=30"], "expected 'Component.Variable=Value'"),
    (["--set-variables", "A.B=1,.C=2"], "invalid variable spec '.C=2'"),
    (["--get-variables", "ChargingStation"], "expected 'Component.Variable'"),
    (["--get-variables", "A.B=1"], "no '=Value' here"),
    (["--get-variables", "A[].B"], "component instance must be 1 to 50"),
    (["--heartbeat-interval", "0"], "must be an integer >= 1"),
    (["--heartbeat-interval", "2.5"], "not an integer"),
    (["--total-cost", "-1"], "must not be negative"),
    (["--total-cost", "nan"], "not a finite number"),
    (["--port", "70000"], "not a TCP port"),
    (["--reserve-evse-id", "0"], "must be an integer >= 1"),
    (["--reserve-expiry", "-5"], "neither a positive number"),
    (["--local-list-version", "0"], "must be an integer >= 1"),
    (["--local-list-update", "full"], "did you mean 'Full'"),
    (["--log-format", "yaml"], "invalid log format 'yaml'"),
    (["--ocpp-version", "1.6", "--total-cost", "5"], "--total-cost is an OCPP 2.0.1 flag"),
    (["--ocpp-version", "2.1"], "unsupported OCPP version '2.1'; use 2.0.1 or 1.6"),
    (["--password", ""], "--password must not be empty"),
    (["--no-such-flag"], "unrecognized arguments"),
])
def test_cli_rejects_invalid_input(capsys, argv, message):
    assert message in cli_error(capsys, *argv)


def test_cli_defaults():
    config = cli.parse_args([])
    script = config.script
    assert (config.host, config.port, config.log_format, config.ocpp_version) == ("127.0.0.1", 0, "text", "2.0.1")
    assert script.boot_statuses == ["Accepted"] and script.heartbeat_interval == 60
    assert script.total_cost == cli.SEED_TOTAL_COST and script.auth_mode == "normal" and not script.offline
    assert script.commands == [] and not script.restart_commands_on_reconnect and script.password is None
    assert script.whitelist == {"valid_token", "test_token", "authorized_user"}


@pytest.mark.parametrize("argv, message", [
    (["--cert", "README.md"], "--cert needs --tls"),
    (["--tls-port", "9443"], "--tls-port needs --tls"),
    (["--tls", "--cert", "README.md"], "--cert and --key go together"),
    (["--tls", "--ca", "no-such.pem"], "'no-such.pem' is not a file"),
    (["--security-profile", "2", "--password", "0123456789abcdef"], "--security-profile 2 needs --tls"),
    (["--tls", "--security-profile", "2"], "--security-profile 2 needs --password"),
    (["--tls", "--security-profile", "3", "--cert", "README.md", "--key", "README.md"], "needs --ca with --cert"),
    (["--tls", "--security-profile", "4"], "'4' is not a security profile (1, 2 or 3)"),
])
def test_cli_tls_flags_fit_together(capsys, argv, message):
    assert message in cli_error(capsys, *argv)


def test_cli_tls_flags():
    config = cli.parse_args(["--tls", "--tls-port", "0", "--security-profile", "3", "--ocpp-version", "1.6"])
    assert config.tls and config.tls_port == 0 and config.script.security_profile == 3
    assert (config.cert, config.key, config.ca) == (None, None, None)       # the test PKI's
    assert cli.parse_args([]).script.security_profile is None and not cli.parse_args([]).tls


def test_cli_valid_combinations():
    script = cli.parse_args([
        "--boot-status-sequence", "Pending, Pending,Accepted", "--heartbeat-interval", "5", "--total-cost", "25.50",
        "--auth-mode", "whitelist", "--whitelist", "a", "b,c", "--blacklist", "x", "--offline",
        "--auth-group-id", "G1", "--auth-cache-expiry", "3600", "--command", "Reset", "--period", "2.5",
        "--reset-type", "OnIdle", "--reset-evse-id", "1", "--trigger-message", "Heartbeat",
        "--availability-status", "Inoperative", "--set-variables", "OCPPCommCtrlr.HeartbeatInterval=30, A[i].B[j]=x=y",
        "--get-variables", "ChargingStation.AvailabilityState", "--reserve-evse-id", "2", "--reserve-id-tag", "T9",
        "--reservation-id", "42", "--reserve-expiry", "2030-01-01T00:00:00Z", "--local-list-tokens", "t1", "t2",
        "--local-list-version", "3", "--local-list-update", "Differential", "--password", "secret",
        "--restart-commands-on-reconnect", "--log-format", "json", "--port", "0", "--ocpp-version", "2.0.1",
    ]).script
    assert script.boot_statuses == ["Pending", "Pending", "Accepted"] and script.heartbeat_interval == 5
    assert script.total_cost == 25.5 and script.auth_mode == "whitelist" and script.offline
    assert script.whitelist == {"a", "b", "c"} and script.blacklist == {"x"}
    assert script.auth_group_id == "G1" and script.auth_cache_expiry == 3600
    assert script.commands == [CommandSpec("Reset", delay=2.5, period=2.5)]
    assert (script.reset_type, script.reset_evse_id, script.trigger_message) == ("OnIdle", 1, "Heartbeat")
    assert script.availability_status == "Inoperative"
    assert script.set_variables == [
        {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}, "attributeValue": "30"},
        {"component": {"name": "A", "instance": "i"}, "variable": {"name": "B", "instance": "j"},
         "attributeValue": "x=y"}]
    assert script.get_variables == [{"component": {"name": "ChargingStation"},
                                     "variable": {"name": "AvailabilityState"}}]
    assert (script.reserve_evse_id, script.reserve_id_token, script.reservation_id) == (2, "T9", 42)
    assert script.reserve_expiry == "2030-01-01T00:00:00Z"
    assert script.local_list_tokens == ["t1", "t2"] and script.local_list_version == 3
    assert script.local_list_update == "Differential" and script.password == "secret"
    assert script.restart_commands_on_reconnect

    other = cli.parse_args(["--boot-status", "Rejected", "--commands", "RequestStartTransaction:5, RequestStopTransaction:0.5,",
                            "--total-cost", "none", "--local-list-tokens", "--auth-cache-expiry", "2030-01-01T00:00:00Z"])
    assert other.script.boot_statuses == ["Rejected"] and other.script.total_cost is None
    assert other.script.commands == [CommandSpec("RequestStartTransaction", delay=5.0),
                                     CommandSpec("RequestStopTransaction", delay=0.5)]
    assert other.script.local_list_tokens == [] and other.script.auth_cache_expiry == "2030-01-01T00:00:00Z"
    assert cli.parse_args(["-c", "GetBaseReport", "-d", "1"]).script.commands == [CommandSpec("GetBaseReport", delay=1.0)]


def test_script_objects_validate_themselves():
    with pytest.raises(ValueError):
        CommandSpec("Reset", delay=-1)
    with pytest.raises(ValueError):
        CommandSpec("Reset", period=0)
    assert parse_variable_spec("A.B[x]=1", True) == {"component": {"name": "A"},
                                                     "variable": {"name": "B", "instance": "x"}, "attributeValue": "1"}
    assert build_set_variables(["A.B=1"])["setVariableData"][0]["attributeValue"] == "1"


def test_every_command_payload_is_schema_valid():
    csms = TestCsms()
    csms.station("CS1")  # a station with no transaction
    for action in COMMAND_ACTIONS:
        payload = csms.build_command("CS1", action)
        assert schemas.check("2.0.1", action, payload, True) == [], (action, payload)
    assert csms.build_command("CS1", "GetTransactionStatus") == {}
    assert csms.build_command("CS1", "SetNetworkProfile")["connectionData"]["ocppCsmsUrl"] == csms.url


# ====================================================================== the engine over loopback

def test_boot_sequence_is_per_station():
    async def body(csms):
        s1, s2 = await csms.connect_station("CS1"), await csms.connect_station("CS2")
        first = await s1.boot()
        assert (first["status"], first["interval"]) == ("Pending", 7)
        assert (await s1.boot())["status"] == "Accepted"
        assert (await s1.boot())["status"] == "Accepted"          # the last status repeats
        assert (await s2.boot())["status"] == "Pending"           # CS2 has its own sequence
        assert (await s2.boot())["status"] == "Accepted"
        csms.script_for("CS2").boot_statuses = ["Rejected"]         # a step changes one station only
        csms.reset_boot_sequence("CS2")
        assert (await s2.boot())["status"] == "Rejected"
        assert (await s1.boot())["status"] == "Accepted"
        assert csms.station("CS1").boot_statuses_sent == ["Pending", "Accepted", "Accepted", "Accepted"]
        heartbeat = await s1.result("Heartbeat", {})
        assert heartbeat["currentTime"].endswith("Z")
    run_with_csms(body, CsmsScript(boot_statuses=["Pending", "Accepted"], heartbeat_interval=7))


def test_auth_modes():
    async def authorize(station, value):
        return (await station.result("Authorize", {"idToken": token(value)}))["idTokenInfo"]["status"]

    async def body(csms):
        for station_id, mode in (("WL", "whitelist"), ("BL", "blacklist"), ("RL", "rate_limit")):
            csms.script_for(station_id).auth_mode = mode
        csms.script_for("WL").whitelist = {"good"}
        normal, wl, bl, rl = [await csms.connect_station(s) for s in ("N", "WL", "BL", "RL")]
        assert await authorize(normal, "anything") == "Accepted"
        assert await authorize(wl, "good") == "Accepted"
        assert await authorize(wl, "other") == "Blocked"
        assert await authorize(bl, "blocked_token") == "Blocked"
        assert await authorize(bl, "other") == "Accepted"
        assert await authorize(rl, "good") == "NotAtThisTime"
        started = await wl.result("TransactionEvent", tx_event("Started", "T1", 0, idToken=token("other")))
        assert started == {"idTokenInfo": {"status": "Blocked"}}   # same rules in TransactionEvent
    run_with_csms(body)


def test_offline_answers_authorize_with_internal_error():
    async def body(csms):
        station = await csms.connect_station()
        frame = await station.call("Authorize", {"idToken": token("valid_token")})
        assert frame[0] == 4 and frame[2] == "InternalError", frame
        answer = await station.result("TransactionEvent", tx_event("Started", "T1", 0, idToken=token("valid_token")))
        assert answer["idTokenInfo"]["status"] == "Accepted"
    run_with_csms(body, CsmsScript(offline=True))


def test_group_id_and_cache_expiry():
    async def body(csms):
        station = await csms.connect_station()
        info = (await station.result("Authorize", {"idToken": token("t")}))["idTokenInfo"]
        assert info["groupIdToken"] == {"idToken": "GROUP1", "type": "Central"}
        assert info["cacheExpiryDateTime"] > "2020" and info["cacheExpiryDateTime"].endswith("Z")
        csms.script_for("CS1").auth_cache_expiry = "2031-02-03T04:05:06Z"
        info = (await station.result("TransactionEvent", tx_event("Started", "T", 0, idToken=token("t"))))["idTokenInfo"]
        assert info["cacheExpiryDateTime"] == "2031-02-03T04:05:06Z" and info["groupIdToken"]["idToken"] == "GROUP1"
    run_with_csms(body, CsmsScript(auth_group_id="GROUP1", auth_cache_expiry=3600))


def test_total_cost_in_updated_answers_only():
    async def body(csms):
        station = await csms.connect_station()
        assert "totalCost" not in await station.result("TransactionEvent", tx_event("Started", "T", 0))
        assert (await station.result("TransactionEvent", tx_event("Updated", "T", 1)))["totalCost"] == 25.5
        assert await station.result("TransactionEvent", tx_event("Ended", "T", 2)) == {}
        csms.script_for("CS1").total_cost = None
        assert await station.result("TransactionEvent", tx_event("Updated", "T", 3)) == {}
    run_with_csms(body, CsmsScript(total_cost=25.5))


def test_scripted_answers_override_defaults():
    async def body(csms):
        station = await csms.connect_station()
        assert await station.result("DataTransfer", {"vendorId": "v"}) == {"status": "Rejected"}
        assert (await station.result("Heartbeat", {}))["currentTime"] == "2030-01-01T00:00:00Z"
        assert (await station.result("Heartbeat", {}))["currentTime"] == "2030-01-01T00:00:01Z"
        frame = await station.call("StatusNotification", minimal_request("StatusNotification"))
        assert frame[:3] == [4, frame[1], "GenericError"]
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(station.call("MeterValues", minimal_request("MeterValues")), 0.3)
    script = CsmsScript(answers={
        "DataTransfer": {"status": "Rejected"},
        "Heartbeat": [{"currentTime": "2030-01-01T00:00:00Z"}, lambda sid, p: {"currentTime": "2030-01-01T00:00:01Z"}],
        "StatusNotification": CallError("GenericError", "scripted"),
        "MeterValues": NO_ANSWER})
    run_with_csms(body, script)


def test_every_answer_is_schema_valid():
    async def body(csms):
        station = await csms.connect_station()
        for action in sorted(STATION_TO_CSMS):
            frame = await station.call(action, minimal_request(action))
            assert frame[0] == 3, (action, frame)
        frame = await station.call("Reset", {"type": "Immediate"})   # a CSMS-to-station action
        assert frame[0] == 4 and frame[2] == "NotSupported"
        answer = await station.result("Get15118EVCertificate", minimal_request("Get15118EVCertificate"))
        assert answer["status"] == "Accepted" and answer["exiResponse"]
        assert (await station.result("SignCertificate", {"csr": "x"}))["status"] == "Accepted"
    # run_with_csms fails on any schema-invalid frame sent or answer received
    run_with_csms(body, CsmsScript(auth_group_id="G", auth_cache_expiry=60, total_cost=1.5))


def test_scheduled_command_waits_for_the_boot_then_its_delay():
    async def body(csms):
        station = await csms.connect_station()
        assert await station.no_call_within(0.15)       # connected but not booted: nothing yet
        booted = time.monotonic()
        await station.boot()
        at, action, payload = await station.next_call()
        assert action == "GetBaseReport" and payload["reportBase"] == "FullInventory"
        assert at - booted >= 0.095
        assert await station.no_call_within(0.15)       # once only
        assert csms.station("CS1").outcomes[0].response == {"status": "Accepted"}
    run_with_csms(body, CsmsScript(commands=[CommandSpec("GetBaseReport", delay=0.1)]))


def test_periodic_command():
    async def body(csms):
        station = await csms.connect_station()
        await station.boot()
        times = []
        for _ in range(3):
            at, action, payload = await station.next_call()
            assert action == "TriggerMessage" and payload == {"requestedMessage": "Heartbeat"}
            times.append(at)
        assert all(b - a >= 0.045 for a, b in zip(times, times[1:])), times
    script = CsmsScript(commands=[CommandSpec("TriggerMessage", delay=0.05, period=0.05)], trigger_message="Heartbeat")
    run_with_csms(body, script)


def test_command_sequence_uses_the_real_transaction_id():
    async def start_transaction(station, payload):
        await station.result("TransactionEvent", tx_event("Started", "TX-42", 0, idToken=payload["idToken"],
                                                          evse={"id": payload["evseId"], "connectorId": 1}))
        return {"status": "Accepted"}

    async def body(csms):
        station = await csms.connect_station()
        station.hooks["RequestStartTransaction"] = start_transaction
        await station.boot()
        _, first, start = await station.next_call()
        _, second, stop = await station.next_call()
        _, third, status = await station.next_call()
        assert (first, second, third) == ("RequestStartTransaction", "RequestStopTransaction", "GetTransactionStatus")
        assert start["idToken"] == {"idToken": "test_token", "type": "ISO14443"} and start["evseId"] == 1
        assert stop == {"transactionId": "TX-42"} and status == {"transactionId": "TX-42"}
        tx = csms.transaction("CS1", "TX-42")
        assert tx.evse_id == 1 and tx.id_token["idToken"] == "test_token"
    script = CsmsScript(commands=[CommandSpec("RequestStartTransaction", delay=0.01),
                                  CommandSpec("RequestStopTransaction", delay=0.01),
                                  CommandSpec("GetTransactionStatus", delay=0.01)])
    run_with_csms(body, script)


@pytest.mark.parametrize("restart", [False, True])
def test_commands_restart_on_reconnect_only_when_asked(restart):
    async def body(csms):
        station = await csms.connect_station()
        await station.boot()
        assert (await station.next_call())[1] == "ClearCache"
        await station.close()
        again = await csms.connect_station()
        await again.boot()
        if restart:
            assert (await again.next_call())[1] == "ClearCache"
        else:
            assert await again.no_call_within(0.3)
        assert csms.station("CS1").connect_count == 2
    script = CsmsScript(commands=[CommandSpec("ClearCache", delay=0.05)], restart_commands_on_reconnect=restart)
    run_with_csms(body, script)


def test_transactions_survive_a_reconnection():
    async def body(csms):
        station = await csms.connect_station()
        await station.boot()
        await station.result("TransactionEvent", tx_event("Started", "TX9", 0, idToken=token("t"), evse={"id": 2}))
        await station.close()
        with pytest.raises(LookupError):
            await csms.send("CS1", "RequestStopTransaction")
        again = await csms.connect_station()
        await again.result("TransactionEvent", tx_event("Updated", "TX9", 1))
        assert csms.current_transaction_id("CS1") == "TX9"
        outcome = await csms.send("CS1", "RequestStopTransaction")
        assert outcome.ok and outcome.request == {"transactionId": "TX9"}
        assert (await again.next_call())[2] == {"transactionId": "TX9"}
        await again.result("TransactionEvent", tx_event("Ended", "TX9", 2, transactionInfo={
            "transactionId": "TX9", "stoppedReason": "Remote"}))
        tx = csms.transaction("CS1", "TX9")
        assert tx.seq_nos == [0, 1, 2] and tx.seq_nos_contiguous and tx.ended and tx.stopped_reason == "Remote"
        assert tx.evse_id == 2 and csms.current_transaction_id("CS1") is None
        assert (await csms.send("CS1", "RequestStopTransaction")).request == {"transactionId": "no-such-transaction"}
    run_with_csms(body)


def test_schedule_from_a_step_and_cancel_all():
    async def body(csms):
        station = await csms.connect_station()
        schedule = csms.schedule("CS1", CommandSpec("Reset", payload={"type": "OnIdle"}, delay=0.01))
        assert await station.no_call_within(0.1)          # waits for the boot
        await station.boot()
        assert (await station.next_call())[1:] == ("Reset", {"type": "OnIdle"})
        periodic = csms.schedule("CS1", CommandSpec("ClearCache", delay=0.01, period=0.02))
        assert (await station.next_call())[1] == "ClearCache"
        csms.cancel_all()
        await asyncio.gather(periodic.task, return_exceptions=True)
        while not station.calls.empty():       # at most one more was already in flight
            station.calls.get_nowait()
        assert await station.no_call_within(0.1)
        assert schedule.outcomes[0].response == {"status": "Accepted"} and periodic.task.cancelled()
    run_with_csms(body)


def test_password_and_listeners():
    async def body(csms):
        with pytest.raises(InvalidStatus) as refused:
            await csms.connect_station("CS1", password="wrong")
        assert refused.value.response.status_code == 401
        station = await csms.connect_station("CS1", password="s3cret")
        await station.boot()
        assert [e[1] for e in seen if e[0] == "CS1" and e[1] in ("<-", "->")] == ["<-", "->"]
        assert any("refused with HTTP 401" in e[2] for e in seen)
    seen = []
    script = CsmsScript(password="s3cret")

    async def with_listener(csms):
        csms.add_listener(lambda peer, direction, text, frame, violations: seen.append((peer, direction, text)))
        await body(csms)
    run_with_csms(with_listener, script)


# ====================================================================== the mock server as a process

def _lines(stream, out):
    for line in iter(stream.readline, ""):
        out.put(line.rstrip("\n"))
    out.put(None)


def test_mock_server_process_with_json_log():
    proc = subprocess.Popen([sys.executable, "-m", "support.csms", "--port", "0", "--log-format", "json",
                             "--commands", "GetBaseReport:0.1"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=STARTUP)
        assert first and first.startswith("listening on ws://127.0.0.1:"), (first, proc.stderr.read())
        url = first.split(" ", 2)[2]

        async def station():
            ws = await connect(f"{url}/CS-PROC", subprotocols=["ocpp2.0.1"], ping_interval=None)
            await ws.send(json.dumps([2, "b1", "BootNotification", BOOT]))
            assert json.loads(await asyncio.wait_for(ws.recv(), WAIT))[2]["status"] == "Accepted"
            await ws.send(json.dumps([2, "h1", "Heartbeat", {}]))
            assert json.loads(await asyncio.wait_for(ws.recv(), WAIT))[0] == 3
            command = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
            assert command[2] == "GetBaseReport"
            await ws.send(json.dumps([3, command[1], {"status": "Accepted"}]))
            await ws.close()
            return command[1]
        command_id = asyncio.run(station())

        records, deadline = [], time.monotonic() + WAIT
        wanted = {("received", "BootNotification"), ("received", "Heartbeat"), ("sent", "GetBaseReport")}
        while wanted - {(r["direction"], r["frame"][2]) for r in records if r.get("frame") and r["frame"][0] == 2} \
                or not any(r.get("frame", [None, None])[1] == command_id and r["direction"] == "received"
                           for r in records):
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert line is not None, "the mock server stopped early"
            record = json.loads(line)
            assert {"time", "station", "direction"} <= set(record) and record["station"] == "CS-PROC"
            records.append(record)
    finally:
        proc.terminate()
        try:
            code = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0, proc.stderr.read()


def test_mock_server_process_stops_on_sigint():
    proc = subprocess.Popen([sys.executable, "-m", "support.csms", "--boot-status", "Pending"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=STARTUP)
        assert first and first.startswith("listening on ws://127.0.0.1:"), first
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_steps_drive_it_from_another_thread():
    """The behave steps' way: the engine on the runtime loop, scripts and schedules from the step thread."""
    rt = Runtime()
    try:
        csms = rt.run(TestCsms().start(), WAIT)
        csms.script_for("CS1").boot_statuses = ["Pending", "Accepted"]
        station = rt.run(FakeStation(csms, "CS1").connect(), WAIT)
        assert rt.run(station.boot(), WAIT)["status"] == "Pending"
        csms.reset()                                   # a new scenario: the connected station carries over
        assert csms.is_connected("CS1") and csms.station("CS1").boot_count == 0
        assert rt.run(station.boot(), WAIT)["status"] == "Accepted"
        schedule = csms.schedule("CS1", CommandSpec("GetLocalListVersion", delay=0.01))
        assert rt.run(station.next_call(), WAIT)[1:] == ("GetLocalListVersion", {})
        assert rt.run(csms.send("CS1", "ClearCache"), WAIT).response == {"status": "Accepted"}
        assert rt.run(station.next_call(), WAIT)[1] == "ClearCache"
        csms.cancel_all()
        assert schedule.outcomes[0].ok
        rt.run(station.close(), WAIT)
        rt.run(csms.stop(), WAIT)
    finally:
        rt.stop()


@pytest.mark.parametrize("offer", ["deflate", None])
def test_a_station_that_offers_websocket_compression_gets_it(offer):
    """OCPP 2.0.1 part 4 section 3.3: the CSMS supports RFC 7692 (permessage-deflate) for a station
    that offers it (both CSMSs serve through support/csms/server.py); one that does not, gets none."""
    async def body(csms):
        async with connect(f"{csms.url}/CS-ZIP", subprotocols=["ocpp2.0.1"], compression=offer,
                           ping_interval=None) as ws:
            extensions = ws.response.headers.get("Sec-WebSocket-Extensions", "")
            await ws.send(json.dumps([2, "b1", "BootNotification", BOOT]))
            answer = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        return extensions, answer
    extensions, answer = run_with_csms(body)
    assert answer[0] == 3 and answer[2]["status"] == "Accepted"
    assert ("permessage-deflate" in extensions) == (offer is not None), extensions
