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


# ---------------------------------------------------------------------- what a real Charge Point may do

def _status(trace, connector, status):
    return station_says(trace, "StatusNotification", {"connectorId": connector, "errorCode": "NoError",
                                                      "status": status})


BOOT16 = {"chargePointVendor": "V", "chargePointModel": "M"}


def _boot(trace, status="Accepted"):
    boot = station_says(trace, "BootNotification", BOOT16)
    csms_answers(trace, boot, {"status": status, "interval": 60, "currentTime": "2026-12-07T08:00:00Z"})
    return boot


def _reset_answered(session, trace):
    from support.rpc.frames import call, call_result
    from support.scenario.trace import RECEIVED, SENT
    request = call("Reset", {"type": "Soft"})
    trace.add(STATION, SENT, request.to_text(), request)
    answer = call_result(request.unique_id, {"status": "Accepted"})
    entry = trace.add(STATION, RECEIVED, answer.to_text(), answer)
    session.command_answer_entry = lambda action: entry
    session.reboot_cause = (0, 0.0, "Reset", None)
    return entry


@pytest.mark.parametrize("after_reset,with_zero,verdict", [
    ([], False, None),                                                  # stays up: OCTT's boot is optional
    (["close", "boot", (1, "Unavailable")], False, None),               # TC_014_CS: no connector 0 demanded
    (["close", "boot", (1, "Unavailable"), (0, "Available")], True, None),
    (["close", "boot", (1, "Unavailable")], True, "Available for connector 0"),   # TC_016_CS demands it
    (["close", "boot"], False, "Unavailable for connector 1"),
    (["close"], False, "did not send BootNotificationRequest after its connection closed"),
    ([(1, "Unavailable"), "close", "boot"], False, "Unavailable for connector 1"),   # a status before the boot
])
def test_after_a_soft_reset_the_charge_point_may_stay_up(runtime, after_reset, with_zero, verdict):
    """OCTT TC_014_CS / TC_016_CS step 7: "[This message is optional.]"; the statuses of step 9 only
    come with that boot, after it."""
    from support.scenario.station_session import CLOSED
    trace = MessageTrace("soft reset")
    session = session16(runtime, trace, number_of_evses="1")
    _reset_answered(session, trace)
    for what in after_reset:
        if what == "close":
            trace.event(STATION, f"{CLOSED} (code 1000)")
        elif what == "boot":
            _boot(trace)
        else:
            _status(trace, *what)
    if verdict is None:
        booted = session.expect_restart_after_soft_reset("Unavailable", 1, "Available", with_zero)
        assert (booted is None) == (not after_reset)
        assert (session.reboot_cause is None) == (not after_reset)     # stayed up: no reboot awaited at close
    else:
        with pytest.raises(AssertionError, match=verdict):
            session.expect_restart_after_soft_reset("Unavailable", 1, "Available", with_zero)


def _firmware(trace, *statuses):
    for status in statuses:
        station_says(trace, "FirmwareStatusNotification", {"status": status})


@pytest.mark.parametrize("statuses,verdict", [
    (["DownloadFailed"], None),                         # OCTT TC_044_2_CS: "the download may fail immediately"
    (["Downloading", "DownloadFailed"], None),
    (["Downloading", "Downloading", "DownloadFailed"], None),     # a repeat of the optional status
    (["Downloading", "Downloaded"], 'status is "Downloaded", expected DownloadFailed'),
    (["Downloaded"], 'status is "Downloaded", expected Downloading or DownloadFailed'),
])
def test_a_download_may_fail_at_once(runtime, statuses, verdict):
    trace = MessageTrace("download failed")
    session = session16(runtime, trace)
    _firmware(trace, *statuses)
    if verdict is None:
        entry = session.expect_status_after_optional("FirmwareStatusNotification", "DownloadFailed", "Downloading")
        assert entry.frame.payload["status"] == "DownloadFailed"
    else:
        with pytest.raises(AssertionError, match=verdict):
            session.expect_status_after_optional("FirmwareStatusNotification", "DownloadFailed", "Downloading")


@pytest.mark.parametrize("statuses,expected,verdict", [
    (["Uploading", "Uploading", "Uploaded"], ["Uploading", "Uploaded"], None),     # progress, repeated
    (["Uploading", "Uploading"], ["Uploading", "Uploading"], None),                # a repeat a step expects
    (["Uploading", "UploadFailed", "Uploaded"], ["Uploading", "Uploaded"],          # a different status is judged
     'status is "UploadFailed", expected Uploaded'),
    (["Uploaded", "Uploaded"], ["Uploading", "Uploaded"], 'status is "Uploaded", expected Uploading'),
])
def test_a_repeated_progress_status_is_passed_over(runtime, statuses, expected, verdict):
    """TC_045_1_CS against a Charge Point that reports its upload's progress twice ("Uploading")."""
    trace = MessageTrace("progress")
    session = session16(runtime, trace)
    for status in statuses:
        station_says(trace, "DiagnosticsStatusNotification", {"status": status})

    def steps():
        for status in expected:
            session.expect_message("DiagnosticsStatusNotification", [("status", status)])
    if verdict is None:
        steps()
    else:
        with pytest.raises(AssertionError, match=verdict):
            steps()


def test_transfer_statuses_and_a_reset_stop_get_the_reboot_deadline(runtime):
    """A download, an installation, an upload take what they take (OCTT sets no limit), and a hard
    reset's StopTransaction may come only after the reboot (TC_015_CS step 3): a real station gets the
    reboot deadline for them; the embedded one station_timeout."""
    real = session16(runtime, MessageTrace("real"), station_driver="manual", station_timeout="30")
    embedded = session16(runtime, MessageTrace("embedded"))
    for action in ("FirmwareStatusNotification", "DiagnosticsStatusNotification", "LogStatusNotification",
                   "SignedFirmwareStatusNotification"):
        assert real.wait_timeout(action) == real.reboot_timeout == 120
        assert embedded.wait_timeout(action) == embedded.timeout
    assert real.wait_timeout("StopTransaction") == real.wait_timeout("Heartbeat") == 30
    real.reboot_pending = True            # after a Reset
    assert real.wait_timeout("StopTransaction") == 120 and real.wait_timeout("Heartbeat") == 30


def test_now_is_sent_to_the_millisecond(runtime):
    """A profile that starts at "(now)" truncated to the second starts up to a second in the past, and
    a Charge Point that ends its composite schedule with the profile reports 298 s of a 300 s window."""
    import datetime
    session = session16(runtime, MessageTrace("now"))
    before = datetime.datetime.now(datetime.timezone.utc)
    filled = session._fill({"startSchedule": "(now)", "validTo": "(now+401)"})
    start = datetime.datetime.fromisoformat(filled["startSchedule"].replace("Z", "+00:00"))
    assert filled["startSchedule"][-5] == "." and filled["startSchedule"].endswith("Z")    # ...:ss.mmmZ
    assert abs((start - before).total_seconds()) < 0.5
    assert abs((datetime.datetime.fromisoformat(filled["validTo"].replace("Z", "+00:00")) - start).total_seconds()
               - 401) < 0.5


@pytest.mark.parametrize("case", ["TC_056_CS", "TC_057_CS"])
@pytest.mark.parametrize("duration,passes", [(300, True), (299, True), (298, False)])
def test_the_composite_of_a_profile_that_began_a_moment_ago(case, duration, passes):
    """TC_056_CS / TC_057_CS: the 300 s profile began a moment before GetCompositeSchedule for 300 s; a
    station that ends the composite with the profile reports what is left of it in whole seconds (299)."""
    import pathlib
    import re
    from support.scenario import expect
    text = pathlib.Path(__file__).parent.parent.joinpath("features/station/ocpp16/smart_charging.feature").read_text()
    scenario = text.split(f"@{case}")[1].split("  @TC_")[0]
    rows = re.findall(r"^\s*\|\s*(chargingSchedule\.duration)\s*\|\s*([^|]+?)\s*\|", scenario, re.M)
    assert len(rows) == 1
    answer = {"status": "Accepted", "connectorId": 1, "scheduleStart": "2026-12-07T08:00:00Z",
              "chargingSchedule": {"duration": duration, "chargingRateUnit": "A",
                                   "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]}}
    assert (not expect.fields_mismatches("1.6", "GetCompositeSchedule", False, answer, rows)) == passes


def test_a_stale_boot_during_the_power_on_is_not_the_scenario_s(runtime):
    """The previous scenario's station was still rebooting: its reconnection and boot land while the
    driver's power_on runs (it switches the station off, then on). The scenario's boot is the one on the
    connection opened after that switch-off (TC_016_CS after TC_015_CS's hard reset)."""
    from support.scenario.station_session import CLOSED, CONNECTED
    trace = MessageTrace("stale boot")
    session = session16(runtime, trace, station_timeout="0.5", number_of_evses="1")

    class PowerCycle(CablePlayer):
        def __init__(self, with_new_boot):
            self.with_new_boot = with_new_boot

        async def power_on(self):
            trace.event(STATION, f"{CONNECTED} ocpp1.6")            # the previous scenario's reboot comes back
            _boot(trace)
            _status(trace, 1, "Available")
            trace.event(STATION, f"{CLOSED} (code 1005)")           # the driver switches it off
            if self.with_new_boot:
                trace.event(STATION, f"{CONNECTED} ocpp1.6")
                self.boot = _boot(trace)
                _status(trace, 1, "Available")
    driver = session.driver = PowerCycle(True)
    session.boot()
    assert session.last_matched["BootNotification"] is driver.boot
    assert session.floor == driver.boot.seq

    trace = MessageTrace("stale boot only")
    session = session16(runtime, trace, station_timeout="0.3", number_of_evses="1")
    session.driver = PowerCycle(False)
    with pytest.raises(AssertionError, match="did not send BootNotificationRequest"):
        session.boot()


@pytest.mark.parametrize("after_boot,verdict", [
    (["Preparing"], None),
    ([], "did not send StatusNotificationRequest with status Finishing or Preparing for connector 1"),
])
def test_a_status_after_the_reboot_is_one_sent_after_that_boot(runtime, after_boot, verdict):
    """TC_015_CS / TC_016_CS step 9: the Charge Point reports connector 1 Finishing or Preparing after its
    new boot; a second Preparing it sent before the reset (the SAP simulator reports Preparing twice at a
    remote start) is not that report."""
    trace = MessageTrace("after the reboot")
    session = session16(runtime, trace, number_of_evses="1")
    first = _boot(trace)                               # the scenario's own boot ("the station has booted")
    session.floor = first.seq
    session.consumed.add(first.seq)
    _status(trace, 1, "Preparing")                     # before the reset, never matched
    _boot(trace)
    session.expect_message("BootNotification")          # "the station sends BootNotification"
    for status in after_boot:
        _status(trace, 1, status)
    if verdict is None:
        session.expect_status16("Finishing or Preparing", 1)
    else:
        with pytest.raises(AssertionError, match=verdict):
            session.expect_status16("Finishing or Preparing", 1)


@pytest.mark.parametrize("sampled,verdict", [
    ([-12, -8, -4], None),                        # sampled while offline, delivered once back
    ([1.5, 5.5, 9.5], "a new sample, not one it queued while offline"),   # nothing queued: live ones only
])
def test_queued_meter_values_were_sampled_while_offline(runtime, sampled, verdict):
    """TC_036_CS passed against a simulator that queued nothing: the three MeterValues after the
    reconnection, 4 s apart, were new samples. The queued ones are those sampled before it reconnected."""
    import datetime
    from support.scenario.station_session import CONNECTED
    trace = MessageTrace("queued")
    session = session16(runtime, trace, station_time_scale="1", number_of_evses="1")
    start = station_says(trace, "StartTransaction", {"connectorId": 1, "idTag": "VALID-1", "meterStart": 0,
                                                      "timestamp": "2026-12-07T08:00:00Z"})
    csms_answers(trace, start, {"transactionId": 7, "idTagInfo": {"status": "Accepted"}})
    session.connection_given["go_online"] = len(trace.entries)
    connected = trace.event(STATION, f"{CONNECTED} ocpp1.6")
    back = trace.wall_t0 + (connected.at - trace.t0)
    for offset in sampled:
        stamp = datetime.datetime.fromtimestamp(back + offset, datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        station_says(trace, "MeterValues", {"connectorId": 1, "transactionId": 7, "meterValue": [
            {"timestamp": stamp, "sampledValue": [{"value": "10", "context": "Sample.Periodic"}]}]})
    if verdict is None:
        session.check_meter_values(3, "Sample.Periodic", None, 4, queued=True)
    else:
        with pytest.raises(AssertionError, match=verdict):
            session.check_meter_values(3, "Sample.Periodic", None, 4, queued=True)
