"""The @robustness features (bad OCPP-J frames to the CSMS under test) pass against the reference CSMS
and fail, with a clear message, against a CSMS that answers bad frames wrongly: the reference CSMS's
RPC-layer faults (-D csms_faults=wrong_error_code / close_on_bad_frame /
answer_unknown_message_type_16). Also the RPC-layer fixes behind them: a deeply nested frame is
answered like unreadable JSON, and OCPP-J 1.6 ignores an unknown MessageTypeId."""
import asyncio

import pytest

from behave_runner import mutation_test, run_behave
from test_rpc import DEADLINE, loopback, received, received_malformed, run_async

from support.scenario.robustness import _ids, nested_frame
from support.rpc import CALLERROR, CALLRESULT, FrameError, parse_frame

# Scenarios whose bad frame the RPC layer answers (or ignores). ROB_*_08 (Reset sent by the station)
# is a valid frame refused by the CSMS's handlers with NotSupported, so the RPC faults leave it alone.
IGNORED_16 = {"ROB_16_06"}
HANDLER_LEVEL = {"ROB_16_08", "ROB_201_08"}


def _ids_of(verdicts):
    return {name.split(" ", 1)[0]: v for name, v in verdicts.items()}


def test_robustness_scenarios_pass_against_the_reference_csms():
    code, output, verdicts = run_behave("--tags=@robustness")
    assert code == 0, output
    by_id = _ids_of(verdicts)
    assert len(by_id) == 30 and set(by_id.values()) == {"passed"}, verdicts
    assert {i for i in by_id if i.startswith("ROB_16_")} == {f"ROB_16_{n:02d}" for n in range(1, 16)}
    assert {i for i in by_id if i.startswith("ROB_201_")} == {f"ROB_201_{n:02d}" for n in range(1, 16)}


MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("wrong_error_code", "ROB_201_01", "with CALLERROR GenericError"),
    ("wrong_error_code", "ROB_201_06", "expected MessageTypeNotSupported"),
    ("wrong_error_code", "ROB_201_07", "expected NotImplemented"),
    ("wrong_error_code", "ROB_201_10", "expected TypeConstraintViolation"),   # drop allowed, GenericError not
    ("wrong_error_code", "ROB_201_15", "expected RpcFrameworkError"),
    ("wrong_error_code", "ROB_16_01", "expected FormationViolation"),
    ("wrong_error_code", "ROB_16_09", "expected OccurenceConstraintViolation or ProtocolError"),
    ("close_on_bad_frame", "ROB_201_01", "the CSMS closed the connection after the bad frame"),
    ("close_on_bad_frame", "ROB_201_13", "it must keep serving the station"),
    ("close_on_bad_frame", "ROB_16_07", "the CSMS closed the connection after the bad frame"),
    ("answer_unknown_message_type_16", "ROB_16_06", "it must ignore it (no answer)"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults")


@pytest.mark.parametrize("fault", ["wrong_error_code", "close_on_bad_frame"])
def test_every_rpc_level_scenario_fails_against_the_fault(fault):
    code, output, verdicts = run_behave(f"-D csms_faults={fault}", "--tags=@robustness")
    assert code != 0
    by_id = _ids_of(verdicts)
    failed = {i for i, v in by_id.items() if v == "failed"}
    expected_pass = HANDLER_LEVEL | (IGNORED_16 if fault == "wrong_error_code" else set())   # an ignored frame has no code
    assert failed == set(by_id) - expected_pass, output
    assert all(by_id[i] == "passed" for i in expected_pass), verdicts


def test_answering_an_unknown_message_type_fails_only_the_16_ignore_case():
    code, output, verdicts = run_behave("-D csms_faults=answer_unknown_message_type_16", "--tags=@robustness")
    assert code != 0
    by_id = _ids_of(verdicts)
    assert {i for i, v in by_id.items() if v == "failed"} == IGNORED_16, output


# ---------------------------------------------------------------------- the RPC layer

def test_a_deeply_nested_frame_is_unreadable_not_a_crash():
    with pytest.raises(FrameError) as info:
        parse_frame(nested_frame(1000))
    assert (info.value.kind, info.value.unique_id) == ("rpc_framework_error", "-1")
    deep_payload = '[2,"n1","Heartbeat",' + '{"a":' * 2000 + '1' + '}' * 2000 + ']'
    with pytest.raises(FrameError) as info:
        parse_frame(deep_payload)
    assert (info.value.kind, info.value.unique_id) == ("rpc_framework_error", "-1")


@pytest.mark.parametrize("version,code", [("2.0.1", "RpcFrameworkError"), ("1.6", "FormationViolation")])
@run_async
async def test_a_deeply_nested_frame_gets_a_callerror_and_the_connection_serves_on(version, code):
    async def csms_handler(conn, action, payload):
        return {"currentTime": "2024-01-01T00:00:00.000Z"}

    async with loopback(version=version, csms_handler=csms_handler) as (csms, station):
        await station.conn.send_text(nested_frame(1000))   # the sender's own bookkeeping must not crash either
        reply = await station.wait_entry(received(CALLERROR))
        assert (reply.frame.error_code, reply.frame.unique_id) == (code, "-1")
        outcome = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
        assert outcome.ok and csms.conn.is_open


@pytest.mark.parametrize("text", ['[5,"x",{}]', '[5,"x","Heartbeat",{}]', "[0]"])
@run_async
async def test_16_ignores_an_unknown_message_type(text):
    async def csms_handler(conn, action, payload):
        return {"currentTime": "2024-01-01T00:00:00.000Z"}

    async with loopback(version="1.6", csms_handler=csms_handler) as (csms, station):
        await station.conn.send_text(text)
        bad = await csms.wait_entry(received_malformed)
        assert bad.text == text and "ignored (OCPP-J 1.6, 4.1.3)" in bad.violations[0]
        outcome = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
        assert outcome.ok
        await asyncio.sleep(0.05)
        assert station.entries(direction="<-", type_=CALLERROR) == []
        assert len(station.entries(direction="<-", type_=CALLRESULT)) == 1
        assert csms.conn.is_open


@run_async
async def test_201_still_answers_an_unknown_message_type():
    async with loopback(version="2.0.1") as (csms, station):
        await station.conn.send_text('[5,"x",{}]')
        reply = await station.wait_entry(received(CALLERROR))
        assert (reply.frame.error_code, reply.frame.unique_id) == ("MessageTypeNotSupported", "x")


class _Faults:
    def __init__(self, **on):
        self.__dict__.update(on)


@pytest.mark.parametrize("version,text,code", [
    ("2.0.1", "not json", "GenericError"), ("2.0.1", '[2,"u1","MakeCoffee",{}]', "GenericError"),
    ("2.0.1", '[2,"u2","Authorize",{}]', "GenericError"), ("1.6", "not json", "GenericError"),
])
@run_async
async def test_fault_wrong_error_code(version, text, code):
    async with loopback(version=version) as (csms, station):
        csms.conn.faults = _Faults(wrong_error_code=True)
        await station.conn.send_text(text)
        reply = await station.wait_entry(received(CALLERROR))
        assert reply.frame.error_code == code


@run_async
async def test_fault_close_on_bad_frame_and_answer_unknown_message_type_16():
    async with loopback(version="1.6") as (csms, station):
        csms.conn.faults = _Faults(answer_unknown_message_type_16=True, close_on_bad_frame=True)
        await station.conn.send_text('[5,"x",{}]')
        reply = await station.wait_entry(received(CALLERROR))
        assert (reply.frame.error_code, reply.frame.unique_id) == ("ProtocolError", "x")
        await asyncio.wait_for(csms.conn.wait_closed(), DEADLINE)
        assert csms.conn.close_code == 1002


# ---------------------------------------------------------------------- MessageIds of bad frames

@pytest.mark.parametrize("text,ids", [
    ('[2,"abc","Heartbeat"]', ("abc", None, None)),
    ('[2,"%s","Heartbeat",{}]' % ("b" * 37), (None, "b" * 37, None)),
    ('[2, "rob-1", "Heartbeat", {', (None, None, "rob-1")),
    ("this is not JSON", (None, None, None)),
    ('{"messageId": "x"}', (None, None, None)),
    (nested_frame(1000), (None, None, None)),
])
def test_message_ids_of_bad_frames(text, ids):
    assert _ids(text) == ids
