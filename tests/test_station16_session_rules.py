"""Rules of the OCPP 1.6 station-direction session (support/scenario/ocpp16/station_session.py) on hand-made
traces, for what a real Charge Point may do and the embedded reference station does not: an optional
configuration key it lacks, a reserved connector that stays Reserved when the cable goes in, a driver
without an action, a power failure that takes a minute to come back from."""
import pytest

from support.config import Config
from support.scenario.outcomes import NotRun
from support.scenario.ocpp16.station_session import StationScenarioSession16
from support.scenario.trace import MessageTrace

from test_station_session_rules import StubCsms, csms_answers, station_says

STATION = "CS001"          # the identity the shared trace helpers use


@pytest.fixture(scope="module")
def runtime():
    from support.runtime import Runtime
    runtime = Runtime()
    yield runtime
    runtime.stop()


def session16(runtime, trace, answers=None, **settings):
    """A 1.6 session whose test CSMS commands are answered from `answers` (action -> payload)."""
    settings = {"sut_station_id_16": STATION, "station_timeout": "0.3", **settings}
    session = StationScenarioSession16(runtime, Config(settings), StubCsms(), trace)
    session.station_id = STATION
    session.sent = []

    def command(action, payload=None):
        session.sent.append((action, payload))

    def check_command_answer(action, rows):
        return answers[action]
    session.command, session.check_command_answer = command, check_command_answer
    return session


@pytest.mark.parametrize("key,status,outcome", [
    ("AuthorizationCacheEnabled", "Accepted", None),
    ("AuthorizationCacheEnabled", "NotSupported", "not run"),    # optional (9.1.2): a Charge Point without a cache
    ("MinimumStatusDuration", "NotSupported", "not run"),        # optional (9.1.20)
    ("ConnectionTimeOut", "Rejected", "not run"),                # a value it refuses: no precondition, no verdict
    ("MeterValueSampleInterval", "RebootRequired", "not run"),
    ("ConnectionTimeOut", "NotSupported", "failed"),             # required Core key
])
def test_a_configuration_state_the_charge_point_cannot_take(runtime, key, status, outcome):
    session = session16(runtime, MessageTrace("configuration"), {"ChangeConfiguration": {"status": status}})
    if outcome is None:
        session.set_configuration_precondition(key, "10")
    elif outcome == "not run":
        with pytest.raises(NotRun, match=key):
            session.set_configuration_precondition(key, "10")
    else:
        with pytest.raises(AssertionError, match=f"{key} with NotSupported; OCPP 1.6 section 9"):
            session.set_configuration_precondition(key, "10")
    assert session.sent == [("ChangeConfiguration", {"key": key, "value": "10"})]


class CablePlayer:
    """A driver whose plug_in plays what the Charge Point then reports."""

    def __init__(self, on_plug_in):
        self.on_plug_in = on_plug_in

    async def plug_in(self, connector_id=1, evse=1):
        self.on_plug_in()

    async def close(self):
        pass

    def describe(self):
        return "cable player"


def charging_trace(trace, plug_in_status):
    """A Charge Point whose connector 1 was Reserved; what it reports as the remote start runs."""
    station_says(trace, "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Reserved"})
    later = []

    def plug_in():
        if plug_in_status:
            station_says(trace, "StatusNotification", {"connectorId": 1, "errorCode": "NoError",
                                                       "status": plug_in_status})
        start = station_says(trace, "StartTransaction", {"connectorId": 1, "idTag": "VALID-1", "meterStart": 0,
                                                          "timestamp": "2026-12-07T08:00:00Z", "reservationId": 4})
        csms_answers(trace, start, {"transactionId": 7, "idTagInfo": {"status": "Accepted"}})
        for status in later:
            station_says(trace, "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": status})
    return plug_in, later


@pytest.mark.parametrize("plug_in_status,after_start,verdict", [
    (None, ["Preparing", "Charging"], None),          # OCTT: Reserved stays until the remote start (steps 3, 7)
    ("Preparing", ["Charging"], None),                # Preparing at once is what 4.9 also allows
    (None, ["Charging"], "did not send StatusNotificationRequest with status Preparing"),
])
def test_charging_on_a_reserved_connector(runtime, plug_in_status, after_start, verdict):
    trace = MessageTrace("reserved")
    session = session16(runtime, trace, {
        "GetConfiguration": {"configurationKey": [{"key": "AuthorizeRemoteTxRequests", "value": "false",
                                                   "readonly": False}]},
        "RemoteStartTransaction": {"status": "Accepted"}})
    plug_in, later = charging_trace(trace, plug_in_status)
    later.extend(after_start)
    session.driver = CablePlayer(plug_in)
    if verdict is None:
        session.reusable_charging(1, "VALID-1")
    else:
        with pytest.raises(AssertionError, match=verdict):
            session.reusable_charging(1, "VALID-1")


def test_an_action_the_driver_lacks_is_not_run(runtime):
    session = session16(runtime, MessageTrace("lacks"))
    session.driver = CablePlayer(lambda: None)
    with pytest.raises(NotRun, match="cannot break_lock"):
        session.act("break_lock", 1)


def test_a_power_failure_gives_the_reboot_deadline(runtime):
    class PowerCut(CablePlayer):
        async def power_failure(self):
            pass
    session = session16(runtime, MessageTrace("power"), station_driver="manual")
    session.driver = PowerCut(lambda: None)
    assert session.wait_timeout("BootNotification") == session.timeout
    session.act("power_failure")
    assert session.wait_timeout("BootNotification") == session.reboot_timeout == 120
