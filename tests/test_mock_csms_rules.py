"""The rules the test CSMS keeps and checks before a station is Accepted (support/csms/scripted.py).

- It sends no CSMS-initiated command to a station whose boot it answered Pending or Rejected, except
  what the spec allows while Pending (OCPP 2.0.1 B02.FR.01 / B03.FR.03, OCPP 1.6 §4.2): a scheduled
  command is held, logged as held, and sent once the station is Accepted.
- Its log (listeners, the JSON log of `python -m support.csms`) flags what a station sends while
  Pending or Rejected (B02.FR.02, B03.FR.02; 1.6 §4.2), a TransactionEvent seqNo used again or not
  increasing (E01.FR.07) and a GetVariablesResponse Accepted without attributeValue (B06.FR.10).
- It accepts any station identity in the URL, but the log record of the accepted connection flags one
  that OCPP does not allow (OCPP 2.0.1 Part 4 §3.1.1: identifierString without ':', at most 48).

Fake stations on free loopback ports, as in tests/test_mock_csms.py and tests/test_mock_csms16.py.
"""
import asyncio
import io
import json
from urllib.parse import quote

from websockets.asyncio.client import connect

from support.csms import cli
from support.csms.scripted import CommandSpec, CsmsScript, TestCsms, listen_address, FIXED_TEST_CSMS_PORT
from support.config import Config
from test_mock_csms import BOOT, WAIT, FakeStation, tx_event
from test_mock_csms16 import FakeStation16

BOOT16 = {"chargePointModel": "M", "chargePointVendor": "V"}
QUIET = 0.3      # seconds in which a held command must not come


def run(body, script, versions=None, timeout=10):
    """body(csms, log) with a started TestCsms; `log` gets every frame as the JSON log writes it."""
    async def main():
        csms = TestCsms(script, versions=versions)
        out = io.StringIO()
        csms.add_listener(cli.frame_logger("json", out))
        await csms.start()
        stations = []

        async def station(station_id="CS1", kind=FakeStation):
            s = await kind(csms, station_id).connect()
            stations.append(s)
            return s
        csms.connect_station = station
        try:
            return await body(csms, lambda: [json.loads(line) for line in out.getvalue().splitlines()])
        finally:
            for s in stations:
                await s.close()
            await csms.stop()
    return asyncio.run(asyncio.wait_for(main(), timeout))


def flags(records, rule):
    return [v for r in records for v in r.get("violations", []) if v.startswith(rule)]


def events(records, text):
    return [r["event"] for r in records if text in r.get("event", "")]


async def no_call(calls, timeout=QUIET):
    try:
        got = await asyncio.wait_for(calls.get(), timeout)
    except asyncio.TimeoutError:
        return True
    raise AssertionError(f"unexpected CALL from the CSMS: {got}")


# ====================================================================== commands the CSMS holds

def test_2_0_1_scheduled_commands_wait_for_accepted_while_the_allowed_ones_go_out():
    script = CsmsScript(boot_statuses=["Pending", "Accepted"], commands=[
        CommandSpec("GetVariables", delay=0.01), CommandSpec("RequestStartTransaction", delay=0.01)])

    async def body(csms, log):
        s = await csms.connect_station()
        assert (await s.boot())["status"] == "Pending"
        _, action, _ = await s.next_call()
        assert action == "GetVariables"                   # B02.FR.01: the CSMS may read the configuration
        assert await no_call(s.calls)
        assert csms.station("CS1").held == ["RequestStartTransaction"]
        assert events(log(), "scheduled RequestStartTransaction held: the station is Pending (B02.FR.01")
        assert (await s.boot())["status"] == "Accepted"
        _, action, _ = await s.next_call()
        assert action == "RequestStartTransaction"
        assert events(log(), "scheduled RequestStartTransaction released: the station is Accepted")
        assert csms.station("CS1").held == []
    run(body, script)


def test_2_0_1_trigger_message_while_pending_only_for_a_boot_notification():
    script = CsmsScript(boot_statuses=["Pending", "Accepted"], trigger_message="BootNotification",
                        commands=[CommandSpec("TriggerMessage", delay=0.01),
                                  CommandSpec("TriggerMessage", {"requestedMessage": "StatusNotification"})])

    async def body(csms, log):
        s = await csms.connect_station()
        await s.boot()
        _, action, payload = await s.next_call()
        assert (action, payload["requestedMessage"]) == ("TriggerMessage", "BootNotification")
        assert await no_call(s.calls)
        assert csms.station("CS1").held == ["TriggerMessage"]
        await s.boot()
        _, action, payload = await s.next_call()
        assert payload["requestedMessage"] == "StatusNotification"
    run(body, script)


def test_2_0_1_nothing_is_sent_to_a_rejected_station():
    script = CsmsScript(boot_statuses=["Rejected", "Accepted"],
                        commands=[CommandSpec("GetVariables", delay=0.01)])

    async def body(csms, log):
        s = await csms.connect_station()
        assert (await s.boot())["status"] == "Rejected"
        assert await no_call(s.calls)                        # B03.FR.03: not even GetVariables
        assert events(log(), "held: the station is Rejected (B03.FR.03")
        await s.boot()
        _, action, _ = await s.next_call()
        assert action == "GetVariables"
    run(body, script)


def test_1_6_remote_start_and_stop_wait_for_accepted_get_configuration_does_not():
    script = CsmsScript(boot_statuses=["Pending", "Accepted"], commands=[
        CommandSpec("GetConfiguration", delay=0.01), CommandSpec("RemoteStartTransaction", delay=0.01),
        CommandSpec("RemoteStopTransaction", delay=0.01)])

    async def body(csms, log):
        cp = await csms.connect_station("CP1", FakeStation16)
        assert (await cp.result("BootNotification", BOOT16))["status"] == "Pending"
        action, _ = await cp.next_call()
        assert action == "GetConfiguration"
        assert await no_call(cp.calls)
        assert events(log(), "scheduled RemoteStartTransaction held: the station is Pending (OCPP 1.6 §4.2")
        assert (await cp.result("BootNotification", BOOT16))["status"] == "Accepted"
        assert [(await cp.next_call())[0] for _ in range(2)] == ["RemoteStartTransaction", "RemoteStopTransaction"]
    run(body, script, versions=("1.6",))


def test_a_step_may_still_send_on_purpose_and_the_log_names_the_rule():
    script = CsmsScript(boot_statuses=["Pending"])

    async def body(csms, log):
        s = await csms.connect_station()
        await s.boot()
        outcome = await csms.send("CS1", "Reset", {"type": "Immediate"}, WAIT)
        assert outcome.ok
        assert events(log(), "Reset sent on request while the station is Pending (B02.FR.01")
    run(body, script)


# ====================================================================== what the station sends

def test_2_0_1_messages_of_a_pending_or_rejected_station_are_flagged_unless_asked_for():
    script = CsmsScript(boot_statuses=["Pending", "Rejected", "Accepted"])

    async def body(csms, log):
        s = await csms.connect_station()
        await s.boot()                                                  # Pending
        await s.call("StatusNotification", {"timestamp": "2030-01-01T00:00:00Z", "connectorStatus": "Available",
                                            "evseId": 1, "connectorId": 1})
        assert flags(log(), "B02.FR.02: while Pending the station also sent StatusNotification")
        await csms.send("CS1", "TriggerMessage", {"requestedMessage": "Heartbeat"}, WAIT)
        await s.call("Heartbeat", {})                                   # asked for: no flag
        await csms.send("CS1", "GetBaseReport", {"requestId": 1, "reportBase": "FullInventory"}, WAIT)
        await s.call("NotifyReport", {"requestId": 1, "generatedAt": "2030-01-01T00:00:00Z", "seqNo": 0})
        assert not flags(log(), "B02.FR.02: while Pending the station also sent Heartbeat")
        assert not flags(log(), "B02.FR.02: while Pending the station also sent NotifyReport")
        await s.boot()                                                  # Rejected
        await s.call("Heartbeat", {})
        assert flags(log(), "B03.FR.02: while Rejected the station also sent Heartbeat")
        await s.boot()                                                  # Accepted
        await s.call("Heartbeat", {})
        assert len([v for r in log() for v in r.get("violations", [])]) == 2
    run(body, script)


def test_1_6_messages_of_a_pending_station_are_flagged():
    script = CsmsScript(boot_statuses=["Pending"])

    async def body(csms, log):
        cp = await csms.connect_station("CP1", FakeStation16)
        await cp.result("BootNotification", BOOT16)
        await cp.call("StatusNotification", {"connectorId": 0, "errorCode": "NoError", "status": "Available"})
        assert flags(log(), "OCPP 1.6 §4.2 (Pending): while Pending the station also sent StatusNotification")
    run(body, script, versions=("1.6",))


def test_a_seq_no_used_again_or_going_back_is_flagged():
    async def body(csms, log):
        s = await csms.connect_station()
        await s.boot()
        await s.result("TransactionEvent", tx_event("Started", "T1", 0))
        await s.result("TransactionEvent", tx_event("Updated", "T1", 1))
        await s.result("TransactionEvent", tx_event("Updated", "T1", 1))       # the same message again: a retry
        assert not flags(log(), "E01.FR.07")
        await s.result("TransactionEvent", tx_event("Updated", "T1", 0))       # another message, seqNo 0 again
        assert flags(log(), "E01.FR.07 (Sequence Number Generation): seqNo 0 repeats in transaction T1")
        await s.result("TransactionEvent", tx_event("Updated", "T1", 5))
        await s.result("TransactionEvent", tx_event("Updated", "T1", 3))
        assert flags(log(), "E01.FR.07 (Sequence Number Generation): seqNo 3 of transaction T1 is not above "
                            "the previous seqNo 5")
        await s.result("TransactionEvent", tx_event("Updated", "T1", 4, offline=True))   # queued offline: late is fine
        await s.result("TransactionEvent", tx_event("Started", "T2", 0))       # a new transaction starts at 0
        assert len(flags(log(), "E01.FR.07")) == 2
    run(body, CsmsScript())


def test_get_variables_accepted_without_a_value_is_flagged_in_the_log_and_the_outcome():
    async def body(csms, log):
        s = await csms.connect_station()
        await s.boot()

        async def answer(_station, payload):
            data = payload["getVariableData"]
            return {"getVariableResult": [
                {"attributeStatus": "Accepted", "attributeValue": "300", **data[0]},
                {"attributeStatus": "Accepted", **data[1]},
                {"attributeStatus": "UnknownVariable", **data[2]}]}
        s.hooks["GetVariables"] = answer
        outcome = await csms.send("CS1", "GetVariables", {"getVariableData": [
            {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "OfflineThreshold"}},
            {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
            {"component": {"name": "X"}, "variable": {"name": "Y"}}]}, WAIT)
        expected = ("B06.FR.10: getVariableResult[1] (OCPPCommCtrlr.HeartbeatInterval) has attributeStatus "
                    "Accepted but no attributeValue")
        assert outcome.violations == [expected]
        assert flags(log(), "B06.FR.10") == [expected]
    run(body, CsmsScript())


def test_rule_checks_survive_payloads_that_break_the_schema():
    """A transactionId that is a list (unhashable) or a transactionInfo that is a string reached the
    seqNo rule and closed the connection (1011); a GetVariablesResponse whose component is no object
    broke the B06.FR.10 check. Now the RPC layer refuses such a CALL, and the rules skip what they
    cannot read."""
    async def body(csms, log):
        s = await csms.connect_station()
        await s.boot()
        for info in ({"transactionId": []}, {"transactionId": {"a": 1}}, "T1"):
            event = dict(tx_event("Updated", "T1", 1), transactionInfo=info)
            frame = await s.call("TransactionEvent", event, check=False)
            assert frame[0] == 4 and frame[2] == "TypeConstraintViolation", frame

        async def answer(_station, payload):
            return {"getVariableResult": [{"attributeStatus": "Accepted", "component": "OCPPCommCtrlr",
                                           "variable": {"name": "HeartbeatInterval"}}]}
        s.hooks["GetVariables"] = answer
        outcome = await csms.send("CS1", "GetVariables", {"getVariableData": [
            {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]}, WAIT)
        assert outcome.ok and any("is not of type 'object'" in v for v in outcome.violations), outcome.violations
        assert flags(log(), "B06.FR.10") == [
            "B06.FR.10: getVariableResult[0] (?.HeartbeatInterval) has attributeStatus Accepted but no attributeValue"]
        assert (await s.call("Heartbeat", {}))[0] == 3              # still connected
    run(body, CsmsScript())


# ====================================================================== the station identity in the URL

IDENTITY_RULE = "OCPP 2.0.1 Part 4 §3.1.1"


def _connected(records, station_id):
    """The log records of the connections the CSMS accepted for this identity."""
    return [r for r in records if r["station"] == station_id and r.get("event", "").startswith("connected with")]


def test_identities_ocpp_does_not_allow_are_accepted_but_flagged_in_the_log():
    """OCPP 2.0.1 Part 4 §3.1.1 (errata 2023-12): the identity is an identifierString without ':', at
    most 48 characters. The mock CSMS takes any identity (it is a test tool) and flags the others on
    the log record of the accepted connection, in 2.0.1 and in 1.6."""
    bad = ["CP_1\x00", "a b", "../x", "x" * 5000, "x" * 49, "CP:1", "CP~1", "Zähler", "CP_1%00"]
    good = ["CP_1", "x" * 48, "CS-001.a*b=c+d|e@f"]

    async def body(csms, log):
        for version, subprotocol in (("2.0.1", "ocpp2.0.1"), ("1.6", "ocpp1.6")):
            for identity in bad + good:
                # the identity percent-encoded in the last URL segment, as OCPP-J 3.1.1 says
                url = f"{csms.url}/{quote(identity, safe='')}"
                async with connect(url, subprotocols=[subprotocol], ping_interval=None, open_timeout=WAIT) as ws:
                    await ws.send(json.dumps([2, "h", "Heartbeat", {}]))
                    assert json.loads(await asyncio.wait_for(ws.recv(), WAIT))[0] == 3, (version, identity[:60])
        records = log()
        for identity in bad:
            accepted = _connected(records, identity)
            assert len(accepted) == 2, (identity[:60], accepted)
            for record in accepted:
                assert [v for v in record.get("violations", []) if v.startswith(IDENTITY_RULE)], record
        for identity in good:
            accepted = _connected(records, identity)
            assert len(accepted) == 2 and not any(r.get("violations") for r in accepted), accepted
        # the reason is named
        flagged = {identity: _connected(records, identity)[0]["violations"][0] for identity in bad}
        assert "5000 characters" in flagged["x" * 5000] and "49 characters" in flagged["x" * 49]
        assert "'/'" in flagged["../x"] and "' '" in flagged["a b"] and "'\\x00'" in flagged["CP_1\x00"]
        assert "':'" in flagged["CP:1"] and "'%'" in flagged["CP_1%00"]
    run(body, CsmsScript(), timeout=30)


def test_the_text_log_flags_the_identity_under_the_connection_line():
    out = io.StringIO()

    async def main():
        csms = TestCsms(CsmsScript())
        csms.add_listener(cli.frame_logger("text", out))
        await csms.start()
        try:
            async with connect(f"{csms.url}/a%20b", subprotocols=["ocpp2.0.1"], ping_interval=None,
                               open_timeout=WAIT):
                pass
        finally:
            await csms.stop()
    asyncio.run(asyncio.wait_for(main(), 10))
    lines = out.getvalue().splitlines()
    at = next(i for i, line in enumerate(lines) if "a b ** connected with subprotocol ocpp2.0.1" in line)
    assert lines[at + 1].startswith(f"    !! {IDENTITY_RULE}") and "' '" in lines[at + 1]


# ====================================================================== the address of the test CSMS

def test_listen_address():
    assert listen_address(Config({}, environ={})) == ("127.0.0.1", 0)                       # embedded station
    assert listen_address(Config({"station_driver": "manual"}, environ={})) == ("127.0.0.1", FIXED_TEST_CSMS_PORT)
    assert listen_address(Config({"station_driver": "manual", "test_csms_port": "0"}, environ={}))[1] == 0
    assert listen_address(Config({"test_csms_host": "0.0.0.0", "test_csms_port": "9300"}, environ={})) \
        == ("0.0.0.0", 9300)
    assert listen_address(Config({}, environ={"STATION_DRIVER": "sap", "TEST_CSMS_HOST": "10.0.0.5"})) \
        == ("10.0.0.5", FIXED_TEST_CSMS_PORT)
