"""OCPP 1.6 TC_056_CS / TC_057_CS: the composite schedule's window may begin a second after the
profile's startSchedule (a clock boundary between the two). Its trailing period past the profile's
end is then the station's limit without the profile, not a deviation; a wrong limit inside the
profile still fails."""
from types import SimpleNamespace

import pytest

from support.scenario.ocpp16.station_session import StationScenarioSession16


def _session(periods, x):
    session = object.__new__(StationScenarioSession16)
    profile = {"csChargingProfiles": {"chargingSchedule": {"duration": 300, "startSchedule": "2026-01-01T00:00:00Z"}}}
    call = SimpleNamespace(frame=SimpleNamespace(payload=profile))
    session._csms_calls = lambda action: [(call, None)] if action == "SetChargingProfile" else []
    answer = {"status": "Accepted", "scheduleStart": f"2026-01-01T00:00:{x:06.3f}Z",
              "chargingSchedule": {"duration": 300, "chargingRateUnit": "A",
                                   "chargingSchedulePeriod": [{"startPeriod": s, "limit": v} for s, v in periods]}}
    session.command_answer_entry = lambda action: SimpleNamespace(frame=SimpleNamespace(payload=answer))

    def fail(message):
        raise AssertionError(message)
    session.fail = fail
    return session


@pytest.mark.parametrize("x", [1, 0.4])
def test_a_trailing_period_past_the_profiles_end_is_no_deviation(x):
    _session([(0, 6), (299, 15.9)], x).check_composite("0: 6")


def test_stacked_profiles_keep_every_expected_period():
    """TC_072_CS: two profiles, the later one shorter; every period OCTT lists is still checked."""
    _session([(0, 7), (99, 9), (149, 8), (199, 10)], 1).check_composite("0: 7, 100: 9, 150: 8, 200: 10")
    with pytest.raises(AssertionError, match="composite schedule has the periods"):
        _session([(0, 7), (99, 9)], 1).check_composite("0: 7, 100: 9, 150: 8, 200: 10")


def test_the_same_schedule_without_the_shift_is_checked_whole():
    with pytest.raises(AssertionError, match="composite schedule has the periods"):
        _session([(0, 6), (200, 15.9)], 0).check_composite("0: 6")


def test_a_wrong_limit_inside_the_profile_still_fails():
    with pytest.raises(AssertionError, match="composite schedule has the periods"):
        _session([(0, 8), (299, 15.9)], 1).check_composite("0: 6")
