"""Rules of the station-direction session (support/scenario/station_session.py) on hand-made traces, for
what the embedded reference station cannot be made to get wrong: a boot retry before the interval
of the CSMS's answer, messages from before the scenario's power-up, the scenario's CSMS URL left
behind. Each check must pass for what the spec allows and fail for what it does not."""
import json

import pytest

from support.config import Config
from support.rpc.frames import call, call_result
from support.runtime import Runtime
from support.scenario.station_session import StationScenarioSession, seconds_text
from support.scenario.trace import EVENT, RECEIVED, SENT, MessageTrace

STATION = "CS001"


class StubCsms:
    url = "ws://127.0.0.1:1"

    def __init__(self):
        self.second = None

    def reset(self):
        pass

    def add_listener(self, listener):
        pass

    def remove_listener(self, listener):
        pass

    def watch(self, station_id, watcher):
        pass

    async def open_second_listener(self):
        self.second = "ws://127.0.0.1:2"
        return self.second

    async def close_second_listener(self):
        self.second = None

    async def come_back(self):
        pass


class FakeDriver:
    """Records what it was asked; power_on plays a power cycle into the trace."""

    def __init__(self, trace, on_power_on=()):
        self.trace, self.on_power_on, self.calls = trace, list(on_power_on), []

    async def power_on(self):
        self.calls.append(("power_on",))
        for entry in self.on_power_on:
            entry()

    async def set_csms_url(self, url):
        self.calls.append(("set_csms_url", url))

    async def close(self):
        self.calls.append(("close",))


@pytest.fixture(scope="module")
def runtime():
    runtime = Runtime()
    yield runtime
    runtime.stop()


def station_says(trace, action, payload, at=None):
    frame = call(action, payload)
    entry = trace.add(STATION, RECEIVED, frame.to_text(), frame)
    if at is not None:
        entry.at = at
    return entry


def csms_answers(trace, request, payload, at=None):
    frame = call_result(request.frame.unique_id, payload)
    entry = trace.add(STATION, SENT, frame.to_text(), frame)
    if at is not None:
        entry.at = at
    return entry


def session_for(runtime, trace, **settings):
    return StationScenarioSession(runtime, Config(settings), StubCsms(), trace)


BOOT = {"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V"}}


@pytest.mark.parametrize("delay,verdict", [
    (0.02, "too early"),      # interval 2 protocol seconds x 0.05 = 0.1 s: a retry after 0.02 s breaks B03.FR.06
    (0.1, None),              # at the interval
    (0.6, None),              # later is allowed: the interval is a minimum wait
    (4.0, None),              # much later, still within interval + station_timeout
])
def test_a_boot_retry_waits_at_least_the_interval(runtime, delay, verdict):
    trace = MessageTrace("boot retry")
    session = session_for(runtime, trace)
    first = station_says(trace, "BootNotification", BOOT, at=100.0)
    answer = csms_answers(trace, first, {"status": "Pending", "interval": 2, "currentTime": "2024-01-01T00:00:00Z"},
                          at=100.0)
    station_says(trace, "BootNotification", BOOT, at=answer.at + delay)
    session.expect_message("BootNotification")
    if verdict is None:
        session.expect_boot_retry()
    else:
        with pytest.raises(AssertionError, match=verdict) as caught:
            session.expect_boot_retry()
        assert "B03.FR.06" in str(caught.value)


def test_a_boot_retry_that_never_comes_fails_within_a_rounded_deadline(runtime):
    trace = MessageTrace("no retry")
    session = session_for(runtime, trace, station_timeout="0.3")
    first = station_says(trace, "BootNotification", BOOT)
    csms_answers(trace, first, {"status": "Rejected", "interval": 2, "currentTime": "2024-01-01T00:00:00Z"})
    session.expect_message("BootNotification")
    with pytest.raises(AssertionError, match=r"did not send BootNotificationRequest again after the Rejected answer "
                                             r"\(interval 2 protocol seconds, 0.1 s\) within 0.4 s"):
        session.expect_boot_retry()


def test_seconds_are_shown_rounded():
    assert seconds_text(4.99998) == "5"
    assert seconds_text(0.30001) == "0.3"
    assert seconds_text(120) == "120"
    assert seconds_text(0.04) == "0.04"


def test_only_messages_after_the_power_up_and_boot_count(runtime):
    """What the station sent before the scenario's power-up (the previous scenario's transaction)
    and while powering down (before its new connection) is not matched by the scenario's checks."""
    trace = MessageTrace("isolation")
    session = session_for(runtime, trace, number_of_evses="1", station_timeout="0.5")
    station_says(trace, "TransactionEvent", {"eventType": "Started", "timestamp": "2024-01-01T00:00:00Z",
                                             "triggerReason": "Authorized", "seqNo": 0,
                                             "transactionInfo": {"transactionId": "old"}})

    def status(value):
        return lambda: station_says(trace, "StatusNotification", {"timestamp": "2024-01-01T00:00:00Z",
                                                                  "connectorStatus": value, "evseId": 1,
                                                                  "connectorId": 1})

    def boot():
        entry = station_says(trace, "BootNotification", BOOT)
        csms_answers(trace, entry, {"status": "Accepted", "interval": 2, "currentTime": "2024-01-01T00:00:00Z"})
    session.driver = FakeDriver(trace, [status("Available"), status("Unavailable"),     # powering down
                                        lambda: trace.add(STATION, EVENT, "connected with subprotocol ocpp2.0.1"),
                                        boot, status("Available")])
    session.boot()
    with pytest.raises(AssertionError, match="did not send TransactionEventRequest within 0.2 s"):
        session.expect_message("TransactionEvent", timeout=0.2)
    with pytest.raises(AssertionError, match="did not send StatusNotificationRequest"):
        session.expect_status("Unavailable", 1, 1)
    session.expect_no_message("TransactionEvent", 0.1)
    assert [json.loads(e.text)[3]["connectorStatus"] for e in session.messages("StatusNotification")] == ["Available"]


def test_a_new_csms_url_is_put_back_when_the_scenario_ends(runtime):
    """E2E_CONN-02 points the station at a second address of the test CSMS; the next scenario
    expects it at the first one again."""
    trace = MessageTrace("csms url")
    session = session_for(runtime, trace)
    driver = session.driver = FakeDriver(trace)
    url = session.change_csms_url()
    session.close()
    assert driver.calls == [("set_csms_url", url), ("set_csms_url", StubCsms.url), ("close",)]


def test_a_real_station_gets_the_reboot_deadline():
    """A real station may take 30 s or more to reboot (B11, B12); the embedded one is compressed."""
    trace = MessageTrace("deadlines")
    embedded = StationScenarioSession(None, Config({}), StubCsms(), trace)
    real = StationScenarioSession(None, Config({"station_driver": "manual"}), StubCsms(), trace)
    assert embedded.reboot_timeout == embedded.timeout
    assert real.reboot_timeout == 120 and real.timeout == 30
    slow = StationScenarioSession(None, Config({"station_driver": "manual", "station_timeout": "200"}),
                                  StubCsms(), trace)
    assert slow.reboot_timeout == 200        # never shorter than a message's wait
    quick = StationScenarioSession(None, Config({"station_driver": "manual", "station_reboot_timeout": "45"}),
                                   StubCsms(), trace)
    assert quick.reboot_timeout == 45
    real.reboot_pending = True
    assert real.wait_timeout("BootNotification") == real.reboot_timeout
    assert real.wait_timeout("Heartbeat") == real.timeout


AVAILABLE = {"timestamp": "2024-01-01T00:00:00Z", "connectorStatus": "Available", "evseId": 1, "connectorId": 1}


@pytest.mark.parametrize("before,after,reboots,verdict", [
    ("Available", None, False, None),              # kept its status: allowed (no reboot, nothing changed)
    ("Available", "Available", False, None),       # reported it again: fine
    ("Available", "Faulted", False, "reports EVSE 1 connector 1 Faulted"),
    ("Occupied", None, False, "did not send StatusNotification"),   # it must say it is Available now
    ("Available", None, True, "did not send StatusNotification"),   # a new boot reports anew (B01.FR.05)
])
def test_the_status_after_a_reconnection(runtime, before, after, reboots, verdict):
    from support.scenario.station_session import CONNECTED
    trace = MessageTrace("reconnection")
    session = session_for(runtime, trace, number_of_evses="1", station_timeout="0.3", quiet_period="0.1")
    station_says(trace, "StatusNotification", dict(AVAILABLE, connectorStatus=before))
    trace.event(STATION, f"{CONNECTED} ocpp2.0.1")
    if reboots:
        station_says(trace, "BootNotification", BOOT)
    if after:
        station_says(trace, "StatusNotification", dict(AVAILABLE, connectorStatus=after))
    if verdict is None:
        session.expect_status_after_reconnect("Available")
    else:
        with pytest.raises(AssertionError, match=verdict):
            session.expect_status_after_reconnect("Available")
