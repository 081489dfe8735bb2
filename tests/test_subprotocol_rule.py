"""OCPP-J 3.2 (2.0.1 Part 4, 1.6-J): a CSMS that agrees to none of the offered subprotocols either
refuses the upgrade or completes the handshake without Sec-WebSocket-Protocol and closes at once.
"Then the CSMS does not accept the subprotocol" (TC_B_58_CSMS, TC_088_CSMS) takes both, and fails
against a CSMS that stays open without a subprotocol or picks one."""
import asyncio
import contextlib
import threading

import pytest
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.http11 import Response

from behave_runner import run_behave, scenario_verdict, temp_features

PROBE = """@ocpp201
Feature: probe

  Scenario: probe
    When the test station connects offering the subprotocols "ocpp0.1"
    Then the CSMS does not accept the subprotocol
"""


def _select_none(connection, offered):
    return None                         # the handshake goes without Sec-WebSocket-Protocol


def _select_unoffered(connection, offered):
    return "ocpp2.0.1"                  # a subprotocol the station did not offer


def _refuse_upgrade(connection, request):
    return Response(400, "Bad Request", Headers([("Content-Length", "0"), ("Connection", "close")]), b"")


async def _close_at_once(ws):
    await ws.close(1002, "no supported subprotocol")


async def _stay_open(ws):
    await ws.wait_closed()


CSMS_KINDS = {
    # kind: (handler, serve options)
    "closes": (_close_at_once, {"select_subprotocol": _select_none}),
    "stays_open": (_stay_open, {"select_subprotocol": _select_none}),
    "refuses": (_stay_open, {"process_request": _refuse_upgrade}),
    "selects_unoffered": (_stay_open, {"select_subprotocol": _select_unoffered}),
    "selects_offered": (_stay_open, {"select_subprotocol": lambda connection, offered: offered[0]}),
}


@contextlib.contextmanager
def fake_csms(kind):
    """A WebSocket server on a free 127.0.0.1 port, in its own thread; yields its OCPP URL."""
    handler, options = CSMS_KINDS[kind]
    loop = asyncio.new_event_loop()
    started, stop = threading.Event(), None
    box = {}

    async def main():
        nonlocal stop
        stop = asyncio.Event()
        async with serve(handler, "127.0.0.1", 0, ping_interval=None, **options) as server:
            box["port"] = server.sockets[0].getsockname()[1]
            started.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        yield f"ws://127.0.0.1:{box['port']}/ocpp"
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


def _probe(kind):
    with fake_csms(kind) as url:
        return run_behave(f"-D csms_url={url}", "-D message_timeout=1", features=temp_features(PROBE))


@pytest.mark.parametrize("kind", ["closes", "refuses"])
def test_passes_when_the_csms_refuses_or_closes_without_subprotocol(kind):
    code, output, verdicts = _probe(kind)
    assert code == 0, output
    assert scenario_verdict(verdicts, "probe") == {"passed"}, output


@pytest.mark.parametrize("kind,words", [
    ("stays_open", "completed the handshake without a Sec-WebSocket-Protocol header (offered: ocpp0.1) "
                   "but kept the connection open"),
    ("selects_unoffered", "selects a subprotocol the station did not offer (ocpp0.1)"),
    ("selects_offered", "it selected subprotocol 'ocpp0.1'"),
])
def test_fails_when_the_csms_keeps_the_connection_or_selects_a_subprotocol(kind, words):
    code, output, verdicts = _probe(kind)
    assert code != 0, output
    assert scenario_verdict(verdicts, "probe") == {"failed"}, output
    assert words in output, output


def test_the_reference_csms_completes_without_subprotocol_and_closes():
    code, output, verdicts = run_behave('--tags=@TC_B_58_CSMS or @TC_088_CSMS')
    assert code == 0, output
    assert scenario_verdict(verdicts, "TC_B_58_CSMS") == {"passed"}
    assert scenario_verdict(verdicts, "TC_088_CSMS") == {"passed"}
