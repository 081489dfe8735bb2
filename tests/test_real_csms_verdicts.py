"""What a CSMS other than the embedded one gets: isolation between scenarios, a CSMS that stops
answering, and the public suites' trigger API dialect (tests/test_honest_checks.py covers the
requests the suite builds itself)."""
import json
import socket
import subprocess
import sys

import requests

from behave_runner import ROOT, run_behave, scenario_verdict
from support.config import Config
from support.scenario.outcomes import NotRun
from support.runtime import Runtime
from support.scenario.csms_session import ScenarioSession
from support.targets.csms import CsmsTarget, still_dead
from support.scenario.trace import MessageTrace


def test_a_scenario_ends_the_transaction_it_left_running(playground):
    """1.6 TC_003 ends with the Charge Point charging: after it, the CSMS knows the transaction as
    stopped (reason Other), so the next scenario does not meet a busy connector (ConcurrentTx)."""
    code, output, verdicts = run_behave("--tags=@TC_003_CSMS", "-D", f"csms_url={playground['csms']}",
                                        "-D", "transaction_duration=0")
    assert scenario_verdict(verdicts, "TC_003_CSMS") == {"passed"}, output
    record = requests.post(f"{playground['trigger']}/api/octt/1.6/CP16_1/transaction-record", data="{}",
                           timeout=30).json()
    assert record["transactions"], record
    assert all(not tx["running"] for tx in record["transactions"]), record
    assert record["transactions"][-1]["reason"] == "Other", record


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_csms_that_stops_answering_fails_once_then_the_rest_is_not_run():
    port = _free_port()
    runtime = Runtime()
    try:
        config = Config({"csms_url": f"ws://127.0.0.1:{port}/ocpp", "message_timeout": "2"}, environ={})
        target = CsmsTarget(url=config.csms_url, answered_once=True)
        first = ScenarioSession(runtime, config, target, MessageTrace("TC_X first"))
        try:
            first.require_connected()
            raise AssertionError("expected a failure")
        except AssertionError as exc:
            assert "the CSMS stopped answering" in str(exc)
        assert target.dead_since == "TC_X first"
        second = ScenarioSession(runtime, config, target, MessageTrace("TC_Y second"))
        try:
            second.require_connected()
            raise AssertionError("expected not run")
        except NotRun as exc:
            assert "since 'TC_X first'" in exc.reason
        assert "stopped answering in 'TC_X first'" in still_dead(target)
        with socket.socket() as server:          # the CSMS is back: the next scenario runs again
            server.bind(("127.0.0.1", port))
            server.listen()
            assert still_dead(target) is None
        assert target.dead_since is None
    finally:
        runtime.stop()


def test_a_csms_never_reached_is_not_run_not_failed():
    port = _free_port()
    code, output, verdicts = run_behave("--tags=@TC_B_01_CSMS or @TC_C_02_CSMS", "-D",
                                        f"csms_url=ws://127.0.0.1:{port}/ocpp", "-D", "message_timeout=2")
    assert code == 0, output
    assert set(verdicts.values()) == {"skipped"}, output
    assert "does not answer" in output


def test_the_public_dialect_of_set_pending_boot_is_cleared_after_the_boot(playground):
    """The public suites' set-pending-boot keeps every later boot Pending until {"pending": false}
    (here: the reference CSMS with the fault pending_boot_until_cleared): TC_B_02 still passes (the
    second boot is Accepted), and so does the next scenario's boot."""
    code, output, verdicts = run_behave("-D csms_faults=pending_boot_until_cleared",
                                        "--tags=@TC_B_02_CSMS or @TC_B_01_CSMS")
    assert scenario_verdict(verdicts, "TC_B_02_CSMS") == {"passed"}, output
    assert scenario_verdict(verdicts, "TC_B_01_CSMS") == {"passed"}, output


def test_a_rejected_boot_the_dialect_cannot_make_is_not_run():
    code, output, verdicts = run_behave("-D csms_faults=pending_boot_until_cleared", "--tags=@TC_B_30_CSMS")
    rejected = {name: v for name, v in verdicts.items() if "answered Rejected" in name}
    pending = {name: v for name, v in verdicts.items() if "answered Pending" in name}
    assert set(rejected.values()) == {"skipped"} and set(pending.values()) == {"passed"}, output
    assert "cannot make the CSMS answer a boot with Rejected" in output, output


def test_trigger_api_answers_of_the_public_dialect():
    from support.targets.trigger_client import TriggerResponse, camel_aliases
    assert TriggerResponse(200, {"result": "timeout", "message": ""}).timed_out
    assert not TriggerResponse(200, {"result": "timeout", "message": ""}).ok
    assert TriggerResponse(200, {"response": "None"}).call_error is not None
    assert TriggerResponse(200, {"status": "Accepted"}).ok
    body = camel_aliases({"version_number": 7, "status_info": None, "custom_data": None,
                          "certificate_hash_data_chain": [{"certificate_hash_data": {"hash_algorithm": "SHA256"}}]})
    assert body["versionNumber"] == 7 and "statusInfo" not in body
    assert body["certificateHashDataChain"][0]["certificateHashData"]["hashAlgorithm"] == "SHA256"


def test_product_pacing_declared_by_an_adapter():
    """An adapter declares what its product needs: time after a station connected before a request
    (settle_after_connect), and the lock it keeps after a station CALL it never answered
    (call_lock_seconds). The session keeps both, and nothing else waits."""
    import time as clock

    from support.rpc.frames import parse_frame
    from support.targets.adapter import CsmsAdapter
    from support.scenario.trace import SENT

    class Paced(CsmsAdapter):
        name = "a paced product"
        settle_after_connect = 0.3
        call_lock_seconds = 0.4

    runtime = Runtime()
    try:
        config = Config({"csms_url": "ws://127.0.0.1:9/ocpp"}, environ={})
        trace = MessageTrace("TC_PACE")
        session = ScenarioSession(runtime, config, CsmsTarget(url=config.csms_url, trigger=Paced()), trace)
        station = session.station
        station.connected_at = clock.monotonic()
        started = clock.monotonic()
        session._let_the_product_settle(session.target.trigger)
        assert 0.25 <= clock.monotonic() - started < 1.5
        text = '[2,"u1","Heartbeat",{}]'
        trace.add(station.station_id, SENT, text, parse_frame(text))
        assert session._unanswered_call_at(station) is not None
        started = clock.monotonic()
        session.close()
        assert 0.3 <= clock.monotonic() - started < 2
        answered = ScenarioSession(runtime, config, CsmsTarget(url=config.csms_url, trigger=Paced()),
                                   MessageTrace("TC_PACE2"))
        started = clock.monotonic()
        answered.station         # a station that sent nothing unanswered: no wait
        answered.close()
        assert clock.monotonic() - started < 0.3
    finally:
        runtime.stop()


def test_a_csms_that_takes_connections_but_answers_nothing_is_found_out():
    """CitrineOS wedged this way: websocket handshakes still accepted, no OCPP message answered. The
    scenario where it happened fails on the missing answer; the next ones are not run until a probe
    station's BootNotification is answered again."""
    import asyncio

    from websockets.asyncio.server import serve

    answering = {"on": False}

    async def handler(ws):
        async for text in ws:
            frame = json.loads(text)
            if answering["on"] and frame[0] == 2:
                await ws.send(json.dumps([3, frame[1], {"currentTime": "2026-01-01T00:00:00Z", "interval": 300,
                                                        "status": "Accepted"}]))

    runtime = Runtime()
    try:
        async def start():
            return await serve(handler, "127.0.0.1", 0, subprotocols=["ocpp2.0.1"])
        server = runtime.run(start(), 10)
        port = list(server.sockets)[0].getsockname()[1]
        config = Config({"csms_url": f"ws://127.0.0.1:{port}/ocpp", "message_timeout": "0.5"}, environ={})
        target = CsmsTarget(url=config.csms_url, answered_calls=True)
        session = ScenarioSession(runtime, config, target, MessageTrace("TC_SILENT"))
        outcome = session.send("Heartbeat", {})
        assert outcome.timed_out and target.silent_since == "TC_SILENT"
        session.close()
        reason = still_dead(target, runtime=runtime, config=config)
        assert reason and "answers nothing since 'TC_SILENT'" in reason
        answering["on"] = True
        assert still_dead(target, runtime=runtime, config=config) is None
        assert target.silent_since is None

        async def stop():
            server.close()
            await server.wait_closed()
        runtime.run(stop(), 10)
    finally:
        runtime.stop()
