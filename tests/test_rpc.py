"""Unit and loopback tests of the OCPP-J RPC layer (support.rpc) and the CSMS WebSocket server.

Everything runs on 127.0.0.1 with ephemeral ports; waits are on futures/events with deadlines.
"""
import asyncio
import base64
import contextlib
import functools
import json

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import InvalidStatus

from support.csms.server import CsmsServer, parse_basic_auth, station_id_from_path
from support.rpc import frames, schemas
from support.rpc.connection import CallOutcome, OcppConnection, Subprotocol
from support.rpc.errors import OCPP16, OCPP201, CallError, error_codes
from support.rpc.frames import CALL, CALLERROR, CALLRESULT, FrameError, parse_frame
from support.scenario.trace import EVENT, RECEIVED, SENT, MessageTrace

DEADLINE = 20.0         # generous upper bound for anything that should happen "now"
TEST_DEADLINE = 90.0    # a hung test fails instead of hanging the run

BOOT_201 = {"reason": "PowerUp", "chargingStation": {"model": "SingleSocketCharger", "vendorName": "VendorX"}}
BOOT_201_RESPONSE = {"currentTime": "2013-02-01T20:53:32.486Z", "interval": 300, "status": "Accepted"}
BOOT_16 = {"chargePointVendor": "VendorX", "chargePointModel": "SingleSocketCharger"}
HEARTBEAT_RESPONSE = {"currentTime": "2013-02-01T20:53:32.486Z"}


def run_async(fn):
    """Run an async test function in its own event loop with an overall deadline."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        async def main():
            return await asyncio.wait_for(fn(*args, **kwargs), TEST_DEADLINE)
        return asyncio.run(main())
    return wrapper


# ====================================================================== frames

class TestFrameRoundTrips:
    def test_call_round_trip(self):
        frame = frames.call("BootNotification", BOOT_201, unique_id="19223201")
        assert frame.type == CALL and frame.kind == "CALL"
        assert frame.to_list() == [2, "19223201", "BootNotification", BOOT_201]
        text = frame.to_text()
        assert json.loads(text) == [2, "19223201", "BootNotification", BOOT_201]
        assert " " not in text.replace("SingleSocketCharger", "")  # compact separators
        assert parse_frame(text) == frame

    def test_call_gets_fresh_ids(self):
        a, b = frames.call("Heartbeat", {}), frames.call("Heartbeat", {})
        assert a.unique_id != b.unique_id
        assert 0 < len(a.unique_id) <= frames.MAX_ID_LENGTH
        assert parse_frame(a.to_text()) == a

    def test_call_result_round_trip(self):
        frame = frames.call_result("19223201", BOOT_201_RESPONSE)
        assert frame.type == CALLRESULT and frame.kind == "CALLRESULT"
        assert frame.to_list() == [3, "19223201", BOOT_201_RESPONSE]
        assert parse_frame(frame.to_text()) == frame

    def test_call_error_round_trip(self):
        frame = frames.call_error("162376037", "NotSupported", "SetDisplayMessageRequest not implemented")
        assert frame.type == CALLERROR and frame.kind == "CALLERROR"
        assert frame.to_list() == [4, "162376037", "NotSupported", "SetDisplayMessageRequest not implemented", {}]
        assert parse_frame(frame.to_text()) == frame

    def test_call_error_details_and_description_limit(self):
        frame = frames.call_error("x", "GenericError", "d" * 300, {"why": "because"})
        assert len(frame.error_description) == 255      # errorDescription is string[255]
        assert frame.to_list()[4] == {"why": "because"}
        assert parse_frame(frame.to_text()) == frame

    def test_non_ascii_text_is_sent_as_utf8_not_escaped(self):
        frame = frames.call("DataTransfer", {"vendorId": "Ladesäule"}, unique_id="u1")
        assert "Ladesäule" in frame.to_text()
        assert parse_frame(frame.to_text()).payload == {"vendorId": "Ladesäule"}

    def test_spec_examples_with_whitespace_parse(self):
        call = parse_frame('[2,\n "19223201",\n "BootNotification",\n %s\n]' % json.dumps(BOOT_201, indent=2))
        assert (call.type, call.unique_id, call.action, call.payload) == (CALL, "19223201", "BootNotification",
                                                                         BOOT_201)
        result = parse_frame('[3, "19223201", %s]' % json.dumps(BOOT_201_RESPONSE))
        assert (result.type, result.payload) == (CALLRESULT, BOOT_201_RESPONSE)
        error = parse_frame('[4, "162376037", "NotSupported", "SetDisplayMessageRequest not implemented", {}]')
        assert (error.type, error.error_code, error.error_description, error.error_details) == \
            (CALLERROR, "NotSupported", "SetDisplayMessageRequest not implemented", {})

    def test_id_of_exactly_36_characters_is_accepted(self):
        uid = "a" * 36
        assert parse_frame(json.dumps([2, uid, "Heartbeat", {}])).unique_id == uid


ID37 = "b" * 37

MALFORMED = [
    # (text, expected kind, expected reply id)
    (b'[2,"abc","Heartbeat",{}]', "rpc_framework_error", "-1"),
    ("not json", "rpc_framework_error", "-1"),
    ('[2,"abc","Heartbeat",{}', "rpc_framework_error", "-1"),
    ("", "rpc_framework_error", "-1"),
    ("{}", "rpc_framework_error", "-1"),
    ('{"0": 2}', "rpc_framework_error", "-1"),
    ('"text"', "rpc_framework_error", "-1"),
    ("42", "rpc_framework_error", "-1"),
    ("null", "rpc_framework_error", "-1"),
    ("[]", "rpc_framework_error", "-1"),
    ('["2","abc","Heartbeat",{}]', "rpc_framework_error", "abc"),
    ('[2.0,"abc","Heartbeat",{}]', "rpc_framework_error", "abc"),
    ('[null,"abc","Heartbeat",{}]', "rpc_framework_error", "abc"),
    ('[true,"abc","Heartbeat",{}]', "rpc_framework_error", "abc"),
    ('[false,"abc",{}]', "rpc_framework_error", "abc"),
    ('["x"]', "rpc_framework_error", "-1"),
    ('[5,"abc",{}]', "message_type_not_supported", "abc"),
    ('[5,"abc","Heartbeat",{}]', "message_type_not_supported", "abc"),
    ('[1,"abc",{}]', "message_type_not_supported", "abc"),
    ('[0,"abc",{}]', "message_type_not_supported", "abc"),
    ('[-2,"abc","Heartbeat",{}]', "message_type_not_supported", "abc"),
    ("[5]", "message_type_not_supported", "-1"),
    ('[5,7]', "message_type_not_supported", "-1"),
    ('[5,"%s"]' % ID37, "message_type_not_supported", "-1"),
    ("[2]", "rpc_framework_error", "-1"),
    ('[2,17,"Heartbeat",{}]', "rpc_framework_error", "-1"),
    ('[2,null,"Heartbeat",{}]', "rpc_framework_error", "-1"),
    ('[2,["abc"],"Heartbeat",{}]', "rpc_framework_error", "-1"),
    ('[3,17,{}]', "rpc_framework_error", "-1"),
    ('[4,null,"GenericError","",{}]', "rpc_framework_error", "-1"),
    ('[2,"%s","Heartbeat",{}]' % ID37, "rpc_framework_error", "-1"),
    ('[3,"%s",{}]' % ID37, "rpc_framework_error", "-1"),
    ('[2,"abc","Heartbeat"]', "rpc_framework_error", "abc"),
    ('[2,"abc"]', "rpc_framework_error", "abc"),
    ('[2,"abc","Heartbeat",{},{}]', "rpc_framework_error", "abc"),
    ('[2,"abc",7,{}]', "rpc_framework_error", "abc"),
    ('[2,"abc",null,{}]', "rpc_framework_error", "abc"),
    ('[2,"abc","Heartbeat",[]]', "format_violation", "abc"),
    ('[2,"abc","Heartbeat",null]', "format_violation", "abc"),
    ('[2,"abc","Heartbeat","{}"]', "format_violation", "abc"),
    ('[2,"abc","Heartbeat",1]', "format_violation", "abc"),
    ('[3,"abc"]', "rpc_framework_error", "abc"),
    ('[3,"abc",{},{}]', "rpc_framework_error", "abc"),
    ('[3,"abc",[]]', "rpc_framework_error", "abc"),
    ('[3,"abc",null]', "rpc_framework_error", "abc"),
    ('[3,"abc","ok"]', "rpc_framework_error", "abc"),
    ('[4,"abc","GenericError","d"]', "rpc_framework_error", "abc"),
    ('[4,"abc","GenericError"]', "rpc_framework_error", "abc"),
    ('[4,"abc","GenericError","d",{},{}]', "rpc_framework_error", "abc"),
    ('[4,"abc",1,"d",{}]', "rpc_framework_error", "abc"),
    ('[4,"abc","GenericError",null,{}]', "rpc_framework_error", "abc"),
    ('[4,"abc","GenericError","d",null]', "rpc_framework_error", "abc"),
    ('[4,"abc","GenericError","d",[]]', "rpc_framework_error", "abc"),
]


@pytest.mark.parametrize("text,kind,reply_id", MALFORMED, ids=[repr(m[0])[:48] for m in MALFORMED])
def test_parse_frame_malformed(text, kind, reply_id):
    with pytest.raises(FrameError) as info:
        parse_frame(text)
    assert info.value.kind == kind
    assert info.value.unique_id == reply_id
    assert info.value.description and str(info.value) == info.value.description
    # every kind names a code in both tables
    assert getattr(OCPP201, kind) in OCPP201.all
    assert getattr(OCPP16, kind) in OCPP16.all


# ====================================================================== errors

TABLE_8_201 = {"FormatViolation", "GenericError", "InternalError", "MessageTypeNotSupported", "NotImplemented",
               "NotSupported", "OccurrenceConstraintViolation", "PropertyConstraintViolation", "ProtocolError",
               "RpcFrameworkError", "SecurityError", "TypeConstraintViolation"}
TABLE_7_16 = {"NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError",
              "FormationViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation",
              "TypeConstraintViolation", "GenericError"}
KINDS = ["format_violation", "occurrence_violation", "property_violation", "type_violation", "protocol_error",
         "not_implemented", "not_supported", "internal_error", "generic_error", "security_error",
         "rpc_framework_error", "message_type_not_supported"]


class TestErrorCodes:
    def test_201_table(self):
        assert set(OCPP201.all) == TABLE_8_201 and len(OCPP201.all) == 12
        assert OCPP201.format_violation == "FormatViolation"
        assert OCPP201.occurrence_violation == "OccurrenceConstraintViolation"
        assert OCPP201.property_violation == "PropertyConstraintViolation"
        assert OCPP201.type_violation == "TypeConstraintViolation"
        assert OCPP201.rpc_framework_error == "RpcFrameworkError"
        assert OCPP201.message_type_not_supported == "MessageTypeNotSupported"
        assert OCPP201.not_implemented == "NotImplemented"
        assert OCPP201.not_supported == "NotSupported"
        assert OCPP201.internal_error == "InternalError"

    def test_16_table_keeps_the_spec_spelling(self):
        assert set(OCPP16.all) == TABLE_7_16 and len(OCPP16.all) == 10
        assert OCPP16.format_violation == "FormationViolation"
        assert OCPP16.occurrence_violation == "OccurenceConstraintViolation"
        assert OCPP16.rpc_framework_error == "FormationViolation"
        for code in ("FormatViolation", "OccurrenceConstraintViolation", "RpcFrameworkError",
                     "MessageTypeNotSupported"):
            assert code not in OCPP16.all

    @pytest.mark.parametrize("codes", [OCPP201, OCPP16], ids=["2.0.1", "1.6"])
    def test_every_kind_maps_into_its_own_table(self, codes):
        for kind in KINDS:
            assert getattr(codes, kind) in codes.all, kind

    def test_error_codes_by_version(self):
        assert error_codes("2.0.1") is OCPP201
        assert error_codes("1.6") is OCPP16

    def test_call_error_exception(self):
        exc = CallError("NotSupported", "no")
        assert (exc.code, exc.description, exc.details) == ("NotSupported", "no", {})
        assert "NotSupported" in str(exc)
        assert CallError("GenericError", details={"a": 1}).details == {"a": 1}


# ====================================================================== schemas

def _kinds(problems):
    return [kind for kind, _ in problems]


class TestSchemas:
    def test_valid_payloads_have_no_problems(self):
        assert schemas.check("2.0.1", "BootNotification", BOOT_201, True) == []
        assert schemas.check("2.0.1", "BootNotification", BOOT_201_RESPONSE, False) == []
        assert schemas.check("2.0.1", "Heartbeat", {}, True) == []
        assert schemas.check("1.6", "BootNotification", BOOT_16, True) == []
        assert schemas.check("1.6", "BootNotification",
                             {"status": "Accepted", "currentTime": "2013-02-01T20:53:32.486Z", "interval": 300},
                             False) == []

    @pytest.mark.parametrize("version,action,payload,is_request,kind", [
        ("2.0.1", "BootNotification", {"reason": "PowerUp"}, True, "occurrence_violation"),
        ("2.0.1", "BootNotification", {"reason": "PowerUp", "chargingStation": {"model": "m"}}, True,
         "occurrence_violation"),
        ("2.0.1", "BootNotification", {"reason": "PowerUp", "chargingStation": {"model": 1, "vendorName": "v"}},
         True, "type_violation"),
        ("2.0.1", "BootNotification", dict(BOOT_201, reason="Nope"), True, "property_violation"),
        ("2.0.1", "BootNotification", dict(BOOT_201, x=1), True, "format_violation"),
        ("2.0.1", "BootNotification", {"currentTime": "2013-02-01T20:53:32.486Z", "interval": "300",
                                       "status": "Accepted"}, False, "type_violation"),
        ("2.0.1", "Heartbeat", {}, False, "occurrence_violation"),
        ("1.6", "BootNotification", {"chargePointVendor": "v"}, True, "occurrence_violation"),
        ("1.6", "BootNotification", dict(BOOT_16, chargePointVendor=5), True, "type_violation"),
        ("1.6", "BootNotification", dict(BOOT_16, chargePointVendor="v" * 21), True, "property_violation"),
        ("1.6", "BootNotification", dict(BOOT_16, extra=True), True, "format_violation"),
        ("1.6", "ChangeAvailability", {"connectorId": 1, "type": "Bad"}, True, "property_violation"),
        ("1.6", "ChangeAvailability", {"connectorId": "1", "type": "Operative"}, True, "type_violation"),
    ])
    def test_check_maps_failures_to_kinds(self, version, action, payload, is_request, kind):
        problems = schemas.check(version, action, payload, is_request)
        assert problems, "expected a schema problem"
        assert problems[0][0] == kind
        assert all(isinstance(message, str) and action in message for _, message in problems)

    def test_check_reports_every_problem(self):
        problems = schemas.check("2.0.1", "BootNotification", {"reason": 7, "x": 1}, True)
        # missing chargingStation, extra x, and reason 7 (wrong type, and so not one of the enum values)
        assert set(_kinds(problems)) == {"occurrence_violation", "format_violation", "type_violation",
                                         "property_violation"}

    def test_check_unknown_action(self):
        assert _kinds(schemas.check("2.0.1", "StartTransaction", {}, True)) == ["not_implemented"]
        assert _kinds(schemas.check("1.6", "TransactionEvent", {}, True)) == ["not_implemented"]

    def test_check_flags_a_malformed_date_time(self):
        assert _kinds(schemas.check("2.0.1", "Heartbeat", {"currentTime": "yesterday"}, False)) == \
            ["property_violation"]

    def test_actions(self):
        v201, v16 = schemas.actions("2.0.1"), schemas.actions("1.6")
        assert {"BootNotification", "Heartbeat", "TransactionEvent", "NotifyReport"} <= v201
        assert "StartTransaction" not in v201 and "BootNotificationRequest" not in v201
        assert {"BootNotification", "StartTransaction", "StopTransaction", "MeterValues"} <= v16
        assert "TransactionEvent" not in v16
        assert not any(name.endswith("Response") for name in v16 | v201)
        assert schemas.is_known_action("1.6", "StartTransaction")
        assert not schemas.is_known_action("2.0.1", "StartTransaction")
        assert not schemas.is_known_action("1.6", "BootNotificationResponse")


# ====================================================================== connection over loopback

class Side:
    """One end of the loopback pair: its trace, and async waits on it (recorder runs on the loop)."""

    def __init__(self, name):
        self.trace = MessageTrace(name)
        self.conn = None
        self._waiters = []

    def record(self, peer, direction, text, frame=None, violations=None):
        entry = self.trace.add(peer, direction, text, frame, violations)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(entry):
                future.set_result(entry)
        return entry

    async def wait_entry(self, predicate, timeout=DEADLINE):
        for entry in list(self.trace.entries):
            if predicate(entry):
                return entry
        future = asyncio.get_running_loop().create_future()
        waiter = (predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.remove(waiter)

    def entries(self, direction=None, type_=None):
        return [e for e in self.trace.entries
                if (direction is None or e.direction == direction)
                and (type_ is None or (e.frame is not None and e.frame.type == type_))]


def received(type_=None, unique_id=None, action=None):
    def predicate(entry):
        if entry.direction != RECEIVED or entry.frame is None:
            return False
        f = entry.frame
        return ((type_ is None or f.type == type_) and (unique_id is None or f.unique_id == unique_id)
                and (action is None or f.action == action))
    return predicate


def received_malformed(entry):
    return entry.direction == RECEIVED and entry.frame is None


@contextlib.asynccontextmanager
async def loopback(version="2.0.1", csms_handler=None, station_handler=None):
    """A CSMS-side and a station-side OcppConnection over a real 127.0.0.1 WebSocket."""
    subprotocol = Subprotocol.for_version(version)
    csms, station = Side("csms"), Side("station")
    accepted = asyncio.get_running_loop().create_future()

    async def session(ws):
        conn = OcppConnection(ws, Subprotocol.version(ws.subprotocol), "station", handler=csms_handler,
                              recorder=csms.record)
        csms.conn = conn
        accepted.set_result(conn)
        await conn.run()

    server = await serve(session, "127.0.0.1", 0, subprotocols=[subprotocol], ping_interval=None)
    port = server.sockets[0].getsockname()[1]
    client_ws = None
    tasks = []
    try:
        client_ws = await connect(f"ws://127.0.0.1:{port}/ocpp/CS001", subprotocols=[subprotocol],
                                  ping_interval=None, open_timeout=DEADLINE)
        station.conn = OcppConnection(client_ws, version, "csms", handler=station_handler,
                                      recorder=station.record)
        tasks.append(asyncio.create_task(station.conn.run()))
        await asyncio.wait_for(accepted, DEADLINE)
        yield csms, station
    finally:
        if client_ws is not None:
            await client_ws.close()
        if tasks:
            await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), DEADLINE)
        server.close()
        await asyncio.wait_for(server.wait_closed(), DEADLINE)


def _heartbeat_answer(_conn, action, _payload):
    async def answer():
        return dict(HEARTBEAT_RESPONSE) if action == "Heartbeat" else None
    return answer()


class TestConnection:
    @run_async
    async def test_call_answered_with_callresult(self):
        seen = []

        async def csms_handler(conn, action, payload):
            seen.append((conn, action, payload))
            return dict(BOOT_201_RESPONSE)

        async with loopback(csms_handler=csms_handler) as (csms, station):
            assert csms.conn.version == "2.0.1" and csms.conn.codes is OCPP201
            outcome = await station.conn.call("BootNotification", BOOT_201, timeout=DEADLINE)
            assert isinstance(outcome, CallOutcome)
            assert outcome.ok and outcome.response == BOOT_201_RESPONSE
            assert not outcome.timed_out and not outcome.closed and outcome.error_code is None
            assert outcome.violations == []
            assert "answered" in outcome.describe()
            assert seen == [(csms.conn, "BootNotification", BOOT_201)]
            # both traces: CALL then CALLRESULT with the same id, no violations
            sent_call = station.entries(SENT, CALL)[0]
            assert sent_call.frame.unique_id == outcome.unique_id and sent_call.peer == "csms"
            got_result = station.entries(RECEIVED, CALLRESULT)[0]
            assert got_result.frame.unique_id == outcome.unique_id and got_result.violations == []
            assert [e.frame.type for e in csms.entries() if e.frame] == [CALL, CALLRESULT]
            assert all(not e.violations for e in csms.trace.entries + station.trace.entries)
            assert csms.conn.protocol_violations == [] and station.conn.protocol_violations == []

    @run_async
    async def test_both_directions_and_closing_is_recorded(self):
        async with loopback(csms_handler=_heartbeat_answer, station_handler=_heartbeat_answer) as (csms, station):
            up = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
            down = await csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert up.response == HEARTBEAT_RESPONSE and down.response == HEARTBEAT_RESPONSE
            await station.conn.close()
            await asyncio.wait_for(csms.conn.wait_closed(), DEADLINE)
            await asyncio.wait_for(station.conn.wait_closed(), DEADLINE)
            assert not csms.conn.is_open and csms.conn.close_code == 1000
            assert csms.trace.entries[-1].direction == EVENT and "closed" in csms.trace.entries[-1].text

    @run_async
    async def test_unknown_and_late_answers_are_flagged_and_the_call_still_completes(self):
        calls = []

        async def station_handler(conn, action, payload):
            entry = station.entries(RECEIVED, CALL)[-1]
            calls.append(entry.frame.unique_id)
            if len(calls) == 1:
                return None                   # never answer the first; it will time out
            # Second CALL: answer the expired first one and an unknown id before its own answer.
            await conn.send_text(json.dumps([3, calls[0], dict(HEARTBEAT_RESPONSE)]))
            await conn.send_text(json.dumps([4, "no-such-call", "GenericError", "", {}]))
            await conn.send_text(json.dumps([3, "no-such-call-2", {}]))
            return dict(HEARTBEAT_RESPONSE)

        async with loopback(station_handler=station_handler) as (csms, station):
            first = await csms.conn.call("Heartbeat", {}, timeout=0.05)
            assert first.timed_out and not first.ok
            second = await csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert second.ok and second.response == HEARTBEAT_RESPONSE and second.violations == []
            answers = csms.entries(RECEIVED)
            assert [e.frame.unique_id for e in answers] == [first.unique_id, "no-such-call", "no-such-call-2",
                                                            second.unique_id]
            for stray in answers[:3]:
                assert any("unknown or expired MessageId" in v for v in stray.violations), stray
            assert answers[3].violations == []

    @run_async
    async def test_answer_with_unknown_id_then_own_answer(self):
        """The peer answers with a wrong id first; the pending call waits for its own id."""
        async def station_handler(conn, action, payload):
            uid = station.entries(RECEIVED, CALL)[-1].frame.unique_id
            await conn.send_text(json.dumps([3, "x" + uid[1:], dict(HEARTBEAT_RESPONSE)]))
            await conn.send_text(json.dumps([3, uid, dict(HEARTBEAT_RESPONSE)]))
            return None

        async with loopback(station_handler=station_handler) as (csms, station):
            outcome = await csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert outcome.ok and outcome.violations == []
            first, second = csms.entries(RECEIVED)
            assert first.violations and "unknown or expired" in first.violations[0]
            assert second.frame.unique_id == outcome.unique_id and second.violations == []

    @run_async
    async def test_handler_call_error_becomes_callerror(self):
        async def csms_handler(conn, action, payload):
            raise CallError("SecurityError", "not on my watch", {"hint": "x"})

        async with loopback(csms_handler=csms_handler) as (csms, station):
            outcome = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert not outcome.ok
            assert outcome.error_code == "SecurityError" and outcome.error_description == "not on my watch"
            assert outcome.violations == []
            assert "CALLERROR SecurityError" in outcome.describe()
            error = station.entries(RECEIVED, CALLERROR)[0].frame
            assert error.unique_id == outcome.unique_id and error.error_details == {"hint": "x"}

    @run_async
    async def test_handler_exception_becomes_internal_error(self):
        async def csms_handler(conn, action, payload):
            raise ValueError("boom")

        async with loopback(csms_handler=csms_handler) as (csms, station):
            outcome = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert outcome.error_code == "InternalError" and "boom" in outcome.error_description
            # the connection survives the handler bug
            assert csms.conn.is_open
            again = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert again.error_code == "InternalError"

    @run_async
    async def test_no_handler_answers_not_supported(self):
        async with loopback() as (csms, station):
            outcome = await station.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert outcome.error_code == "NotSupported"

    @run_async
    async def test_unknown_action_answers_not_implemented(self):
        called = []

        async def csms_handler(conn, action, payload):
            called.append(action)
            return {}

        async with loopback(csms_handler=csms_handler) as (csms, station):
            outcome = await station.conn.call("StartTransaction", {}, timeout=DEADLINE)   # a 1.6-only action
            assert outcome.error_code == "NotImplemented"
            assert outcome.violations and "not an OCPP 2.0.1 action" in outcome.violations[0]
            assert called == []
            call_entry = csms.entries(RECEIVED, CALL)[0]
            assert any("unknown action StartTransaction" in v for v in call_entry.violations)

    @pytest.mark.parametrize("payload,code", [
        ({"reason": "PowerUp"}, "OccurrenceConstraintViolation"),
        (dict(BOOT_201, reason="Nope"), "PropertyConstraintViolation"),
        ({"reason": "PowerUp", "chargingStation": {"model": 1, "vendorName": "v"}}, "TypeConstraintViolation"),
        (dict(BOOT_201, extra=1), "FormatViolation"),
    ])
    @run_async
    async def test_schema_invalid_call_answers_mapped_code_without_calling_handler(self, payload, code):
        called = []

        async def csms_handler(conn, action, p):
            called.append(action)
            return dict(BOOT_201_RESPONSE)

        async with loopback(csms_handler=csms_handler) as (csms, station):
            outcome = await station.conn.call("BootNotification", payload, timeout=DEADLINE)
            assert outcome.error_code == code
            assert outcome.violations, "the sender's own outgoing check flags the request too"
            assert called == []
            assert csms.entries(RECEIVED, CALL)[0].violations
            assert station.entries(SENT, CALL)[0].violations

    @pytest.mark.parametrize("version,text,code,reply_id", [
        ("2.0.1", "this is not json", "RpcFrameworkError", "-1"),
        ("2.0.1", "[]", "RpcFrameworkError", "-1"),
        ("2.0.1", '[2,"%s","Heartbeat",{}]' % ID37, "RpcFrameworkError", "-1"),
        ("2.0.1", '[5,"x",{}]', "MessageTypeNotSupported", "x"),
        ("2.0.1", '[5,"x","Heartbeat",{}]', "MessageTypeNotSupported", "x"),
        ("2.0.1", '[2,"m1","Heartbeat",[]]', "FormatViolation", "m1"),
        ("2.0.1", '[3,"m2"]', "RpcFrameworkError", "m2"),
        ("1.6", "this is not json", "FormationViolation", "-1"),
        ("1.6", '[2,"m1","Heartbeat",[]]', "FormationViolation", "m1"),
        # 1.6: an unknown MessageTypeId is ignored (OCPP-J 1.6, 4.1.3): tests/test_robustness.py
    ])
    @run_async
    async def test_malformed_text_frames_get_callerror(self, version, text, code, reply_id):
        async with loopback(version=version) as (csms, station):
            assert csms.conn.version == version
            await station.conn.send_text(text)
            reply = await station.wait_entry(received(CALLERROR))
            assert reply.frame.error_code == code and reply.frame.unique_id == reply_id
            assert reply.frame.error_details == {}
            bad = await csms.wait_entry(received_malformed)
            assert bad.text == text and bad.violations and bad.violations[0].startswith("malformed frame")
            # the raw send is recorded on the sender's side too
            assert station.entries(SENT)[0].text == text

    @run_async
    async def test_binary_frame_gets_rpc_framework_error(self):
        async with loopback() as (csms, station):
            await station.conn.ws.send(b'[2,"b1","Heartbeat",{}]')
            reply = await station.wait_entry(received(CALLERROR))
            assert (reply.frame.error_code, reply.frame.unique_id) == ("RpcFrameworkError", "-1")
            bad = await csms.wait_entry(received_malformed)
            assert bad.text.startswith("b'")

    @run_async
    async def test_16_schema_violation_uses_16_spelling(self):
        async def csms_handler(conn, action, payload):
            return {"status": "Accepted", "currentTime": "2013-02-01T20:53:32.486Z", "interval": 300}

        async with loopback(version="1.6", csms_handler=csms_handler) as (csms, station):
            ok = await station.conn.call("BootNotification", BOOT_16, timeout=DEADLINE)
            assert ok.ok and ok.violations == []
            bad = await station.conn.call("BootNotification", {"chargePointVendor": "v"}, timeout=DEADLINE)
            assert bad.error_code == "OccurenceConstraintViolation"
            extra = await station.conn.call("BootNotification", dict(BOOT_16, x=1), timeout=DEADLINE)
            assert extra.error_code == "FormationViolation"
            unknown = await station.conn.call("TransactionEvent", {}, timeout=DEADLINE)
            assert unknown.error_code == "NotImplemented"

    @run_async
    async def test_call_times_out_when_peer_never_answers(self):
        async def station_handler(conn, action, payload):
            return None

        async with loopback(station_handler=station_handler) as (csms, station):
            outcome = await csms.conn.call("Heartbeat", {}, timeout=0.05)
            assert outcome.timed_out and not outcome.closed and not outcome.ok and outcome.error_code is None
            assert "deadline" in outcome.describe()
            assert csms.conn._pending == {}
            assert csms.conn.is_open

    @run_async
    async def test_connection_closing_while_call_pending(self):
        got_call = asyncio.Event()

        async def station_handler(conn, action, payload):
            got_call.set()
            return None

        async with loopback(station_handler=station_handler) as (csms, station):
            pending = asyncio.create_task(csms.conn.call("Heartbeat", {}, timeout=DEADLINE * 2))
            await asyncio.wait_for(got_call.wait(), DEADLINE)
            await station.conn.close()
            outcome = await asyncio.wait_for(pending, DEADLINE)
            assert outcome.closed and not outcome.timed_out and not outcome.ok
            assert "closed" in outcome.describe()
            await asyncio.wait_for(csms.conn.wait_closed(), DEADLINE)
            # a CALL on a closed connection reports closed rather than raising
            after = await csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert after.closed and not after.timed_out

    @run_async
    async def test_concurrent_calls_are_serialized(self):
        async def station_handler(conn, action, payload):
            # A network round trip before answering: a second CALL sent early would arrive meanwhile.
            pong = await conn.ws.ping()
            await asyncio.wait_for(pong, DEADLINE)
            return dict(HEARTBEAT_RESPONSE)

        async with loopback(station_handler=station_handler) as (csms, station):
            outcomes = await asyncio.gather(*(csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
                                              for _ in range(3)))
            assert all(o.ok for o in outcomes)
            assert len({o.unique_id for o in outcomes}) == 3
            order = [(e.direction, e.frame.type) for e in station.trace.entries if e.frame is not None]
            assert order == [(RECEIVED, CALL), (SENT, CALLRESULT)] * 3
            station_ids = [e.frame.unique_id for e in station.trace.entries if e.frame is not None]
            assert station_ids[0::2] == station_ids[1::2]      # each answer right after its CALL
            assert station.conn.protocol_violations == []

    @run_async
    async def test_peer_sending_second_call_while_first_unanswered_is_detected(self):
        release = asyncio.Event()

        async def csms_handler(conn, action, payload):
            if action == "BootNotification":
                await asyncio.wait_for(release.wait(), DEADLINE)
                return dict(BOOT_201_RESPONSE)
            return dict(HEARTBEAT_RESPONSE)

        async with loopback(csms_handler=csms_handler) as (csms, station):
            await station.conn.send_text(json.dumps([2, "first", "BootNotification", BOOT_201]))
            first = await csms.wait_entry(received(CALL, "first"))
            assert first.violations == []
            await station.conn.send_text(json.dumps([2, "second", "Heartbeat", {}]))
            second = await csms.wait_entry(received(CALL, "second"))
            assert any("one CALL in flight" in v and "BootNotification (first)" in v for v in second.violations)
            assert len(csms.conn.protocol_violations) == 1
            assert "Heartbeat sent while BootNotification (first)" in csms.conn.protocol_violations[0]
            # both still get answered
            answer2 = await station.wait_entry(received(CALLRESULT, "second"))
            assert answer2.frame.payload == HEARTBEAT_RESPONSE
            release.set()
            answer1 = await station.wait_entry(received(CALLRESULT, "first"))
            assert answer1.frame.payload == BOOT_201_RESPONSE
            # once answered, a new CALL is fine again
            await station.conn.send_text(json.dumps([2, "third", "Heartbeat", {}]))
            third = await csms.wait_entry(received(CALL, "third"))
            assert third.violations == [] and len(csms.conn.protocol_violations) == 1

    @run_async
    async def test_callresult_violating_response_schema_is_reported(self):
        async def station_handler(conn, action, payload):
            return {"currentTime": 5, "extra": True}

        async with loopback(station_handler=station_handler) as (csms, station):
            outcome = await csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert outcome.ok and outcome.response == {"currentTime": 5, "extra": True}
            assert len(outcome.violations) == 2
            assert any("HeartbeatResponse currentTime" in v for v in outcome.violations)
            assert csms.entries(RECEIVED, CALLRESULT)[0].violations == outcome.violations
            # the sender's outgoing check saw it as well
            assert station.entries(SENT, CALLRESULT)[0].violations

    @pytest.mark.parametrize("version,code,flagged", [
        ("2.0.1", "Bogus", True),
        ("2.0.1", "FormationViolation", True),
        ("2.0.1", "OccurrenceConstraintViolation", False),
        ("1.6", "RpcFrameworkError", True),
        ("1.6", "OccurrenceConstraintViolation", True),
        ("1.6", "OccurenceConstraintViolation", False),
    ])
    @run_async
    async def test_callerror_code_outside_the_table_is_flagged(self, version, code, flagged):
        async def station_handler(conn, action, payload):
            raise CallError(code, "nope")

        async with loopback(version=version, station_handler=station_handler) as (csms, station):
            outcome = await csms.conn.call("Heartbeat", {}, timeout=DEADLINE)
            assert outcome.error_code == code
            if flagged:
                assert outcome.violations == [f"{code} is not an OCPP {version} RPC error code"]
                assert csms.entries(RECEIVED, CALLERROR)[0].violations == outcome.violations
            else:
                assert outcome.violations == []


# ====================================================================== CSMS server

def _basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class TestServerHelpers:
    @pytest.mark.parametrize("header,expected", [
        (None, None),
        ("", None),
        ("Bearer abc", None),
        ("Basic", None),
        ("Basic !!!notbase64", None),
        ("Basic " + base64.b64encode(b"no-colon").decode(), None),
        ("Basic " + base64.b64encode(b"\xff\xfe:x").decode(), None),
        (_basic("CS001", "secret"), ("CS001", "secret")),
        ("basic " + base64.b64encode(b"CS001:secret").decode(), ("CS001", "secret")),
        ("BASIC  " + base64.b64encode(b"CS001:secret").decode() + " ", ("CS001", "secret")),
        (_basic("CS001", "pa:ss:word"), ("CS001", "pa:ss:word")),
        (_basic("CS001", ""), ("CS001", "")),
        (_basic("", "secret"), ("", "secret")),
        (_basic("Stätion", "pässword"), ("Stätion", "pässword")),
    ])
    def test_parse_basic_auth(self, header, expected):
        assert parse_basic_auth(header) == expected

    @pytest.mark.parametrize("path,expected", [
        ("/ocpp/CS001", "CS001"),
        ("/ocpp/CS001/", "CS001"),
        ("/CS001", "CS001"),
        ("/a/b/c/CS001", "CS001"),
        ("/ocpp/CS001?token=1", "CS001"),
        ("/ocpp/CS%20001", "CS 001"),
        ("/ocpp/CS%2F001", "CS/001"),
        ("/ocpp", "ocpp"),
        ("/", ""),
        ("", ""),
    ])
    def test_station_id_from_path(self, path, expected):
        assert station_id_from_path(path) == expected


class FakeEngine:
    versions = ("2.0.1",)

    def __init__(self):
        self.trace = MessageTrace("engine")
        self.passwords = {"CS001": "secret"}
        self.auth_calls = []
        self.connected = asyncio.get_running_loop().create_future()
        self.disconnected = asyncio.get_running_loop().create_future()

    def authenticate(self, station_id, credentials):
        self.auth_calls.append((station_id, credentials))
        if station_id not in self.passwords:
            return f"unknown station {station_id}"
        if credentials != (station_id, self.passwords[station_id]):
            return "wrong password"
        return None

    async def handler(self, connection, action, payload):
        if action == "BootNotification":
            return dict(BOOT_201_RESPONSE)
        raise CallError("NotSupported", action)

    def on_connected(self, station_id, connection):
        self.connected.set_result((station_id, connection))

    def on_disconnected(self, station_id, connection):
        self.disconnected.set_result((station_id, connection))

    def recorder(self, *args, **kwargs):
        return self.trace.add(*args, **kwargs)


@contextlib.asynccontextmanager
async def csms_server():
    engine = FakeEngine()
    server = await CsmsServer(engine).start()
    try:
        assert server.port != 0 and server.url == f"ws://127.0.0.1:{server.port}/ocpp"
        yield engine, server
    finally:
        await asyncio.wait_for(server.stop(), DEADLINE)


async def _refused(url, **kwargs):
    with pytest.raises(InvalidStatus) as info:
        async with connect(url, ping_interval=None, open_timeout=DEADLINE, **kwargs):
            pass
    return info.value.response


class TestCsmsServer:
    @pytest.mark.parametrize("station,auth", [
        ("CS999", _basic("CS999", "secret")),       # unknown station
        ("CS001", _basic("CS001", "wrong")),        # wrong password
        ("CS001", _basic("CS002", "secret")),       # right password, someone else's name
        ("CS001", None),                            # no credentials
    ])
    @run_async
    async def test_refused_with_401(self, station, auth):
        async with csms_server() as (engine, server):
            headers = {"Authorization": auth} if auth else {}
            response = await _refused(f"{server.url}/{station}", subprotocols=["ocpp2.0.1"],
                                      additional_headers=headers)
            assert response.status_code == 401
            assert response.headers.get("WWW-Authenticate", "").startswith("Basic")
            assert engine.auth_calls and engine.auth_calls[-1][0] == station
            assert any(e.direction == EVENT and "HTTP 401" in e.text for e in engine.trace.entries)
            assert not engine.connected.done() and server.connections == {}

    @run_async
    async def test_missing_subprotocol_gets_400(self):
        async with csms_server() as (engine, server):
            response = await _refused(f"{server.url}/CS001", additional_headers={
                "Authorization": _basic("CS001", "secret")})
            assert response.status_code == 400
            assert not engine.connected.done()

    @pytest.mark.parametrize("subprotocols", [["ocpp1.6"], ["ocpp2.0", "ocpp2.1"]])
    @run_async
    async def test_unsupported_subprotocol_gets_handshake_without_header_then_close(self, subprotocols):
        # OCPP-J 3.2: complete the handshake without Sec-WebSocket-Protocol, then close immediately.
        async with csms_server() as (engine, server):
            async with connect(f"{server.url}/CS001", subprotocols=subprotocols,
                               additional_headers={"Authorization": _basic("CS001", "secret")},
                               ping_interval=None, open_timeout=DEADLINE) as ws:
                assert ws.subprotocol is None
                assert "Sec-WebSocket-Protocol" not in ws.response.headers
                await asyncio.wait_for(ws.wait_closed(), DEADLINE)
                assert ws.close_code == 1002
            assert not engine.connected.done() and server.connections == {}

    @run_async
    async def test_url_without_station_identity_gets_404(self):
        async with csms_server() as (engine, server):
            response = await _refused(server.url, subprotocols=["ocpp2.0.1"])
            assert response.status_code == 404
            assert engine.auth_calls == []

    @run_async
    async def test_accepts_and_selects_ocpp201(self):
        async with csms_server() as (engine, server):
            async with connect(f"{server.url}/CS001", subprotocols=["ocpp0.1", "ocpp2.0.1"],
                               additional_headers={"Authorization": _basic("CS001", "secret")},
                               ping_interval=None, open_timeout=DEADLINE) as ws:
                assert ws.subprotocol == "ocpp2.0.1"
                station_id, connection = await asyncio.wait_for(engine.connected, DEADLINE)
                assert station_id == "CS001" and connection.version == "2.0.1" and connection.peer == "CS001"
                assert server.connections == {"CS001": connection}
                assert engine.auth_calls == [("CS001", ("CS001", "secret"))]
                client = OcppConnection(ws, "2.0.1", "csms")
                reader = asyncio.create_task(client.run())
                outcome = await client.call("BootNotification", BOOT_201, timeout=DEADLINE)
                assert outcome.ok and outcome.response == BOOT_201_RESPONSE
                assert [e.frame.type for e in engine.trace.entries if e.frame] == [CALL, CALLRESULT]
                assert any("connected with subprotocol ocpp2.0.1" in e.text for e in engine.trace.entries)
            await asyncio.wait_for(reader, DEADLINE)
            station_id, gone = await asyncio.wait_for(engine.disconnected, DEADLINE)
            assert station_id == "CS001" and gone is connection and not gone.is_open
            assert server.connections == {}
