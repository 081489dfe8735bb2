"""Charging-profile arithmetic (support/charging_schedules.py), the test station's answers about
profiles, and the rules the reference CSMS applies before it sends a profile."""
from datetime import timedelta

import pytest

from support import charging_schedules as cs
from support.reference.csms import ReferenceCsms
from support.reference.csms.smart_charging import RequestRefused, state
from support.station import smart_charging as station_sc
from support.station.model import StationModel

T0 = cs.parse_time("2030-01-01T12:00:00Z")


def profile(pid, purpose="TxDefaultProfile", limit=16.0, stack=0, kind="Absolute", start=T0, unit="A",
            periods=None, duration=None, **extra):
    schedule = {"id": 1, "chargingRateUnit": unit,
                "chargingSchedulePeriod": periods or [{"startPeriod": 0, "limit": limit}]}
    if kind != "Relative":
        schedule["startSchedule"] = cs.iso(start)
    if duration is not None:
        schedule["duration"] = duration
    return dict({"id": pid, "stackLevel": stack, "chargingProfilePurpose": purpose, "chargingProfileKind": kind,
                 "chargingSchedule": [schedule]}, **extra)


def installed(p, evse=1, source="CSO"):
    return cs.InstalledProfile(p, evse, source, installed_at=T0)


# ---------------------------------------------------------------------- rules (K01)

def test_a_valid_profile_has_no_problems():
    assert cs.profile_problems(profile(1), 1) == []


@pytest.mark.parametrize("bad,evse,words", [
    (profile(1, periods=[{"startPeriod": 10, "limit": 6}]), 1, "K01.FR.31"),
    (profile(1, "ChargingStationMaxProfile", kind="Relative"), 0, "K01.FR.38"),
    (profile(1, "ChargingStationMaxProfile"), 1, "EVSE 0"),
    (profile(1, "TxProfile", kind="Relative"), 0, "not on EVSE 0"),
    (profile(1, "ChargingStationExternalConstraints"), 1, "K01.FR.22"),
    (profile(1, kind="Recurring"), 1, "needs recurrencyKind"),
    (profile(1, recurrencyKind="Daily"), 1, "Recurring profiles"),
    (profile(1, kind="Relative", start=None) | {"chargingSchedule": [{"id": 1, "chargingRateUnit": "A",
     "startSchedule": cs.iso(T0), "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]}]}, 1,
     "no startSchedule"),
    (profile(1, periods=[{"startPeriod": 0, "limit": 6}, {"startPeriod": 0, "limit": 7}]), 1, "increase"),
    (profile(1, limit=-1), 1, "negative"),
    (profile(1, validFrom=cs.iso(T0), validTo=cs.iso(T0 - timedelta(1))), 1, "validFrom"),
])
def test_profiles_that_break_a_rule(bad, evse, words):
    problems = cs.profile_problems(bad, evse)
    assert any(words in p for p in problems), problems


# ---------------------------------------------------------------------- which profile prevails

def test_the_highest_stack_level_prevails_even_when_it_allows_more():
    low, high = installed(profile(1, limit=10, stack=0)), installed(profile(2, limit=20, stack=1))
    assert cs.prevailing([low, high], T0, "A") == 20
    assert cs.prevailing([low, high], T0, "A", by_stack_level=False) == 10


def test_a_higher_stack_level_outside_its_validity_leaves_the_lower_one():
    low = installed(profile(1, limit=10, stack=0))
    high = installed(profile(2, limit=20, stack=1, duration=60))
    assert cs.prevailing([low, high], T0 + timedelta(seconds=30), "A") == 20
    assert cs.prevailing([low, high], T0 + timedelta(seconds=90), "A") == 10


def test_an_evse_profile_beats_an_evse_0_profile_at_the_same_stack_level():
    station_wide, specific = installed(profile(1, limit=10), evse=0), installed(profile(2, limit=13), evse=1)
    assert cs.prevailing([station_wide, specific], T0, "A") == 13


def test_the_composite_is_the_lowest_of_the_purposes_and_a_txprofile_replaces_the_default():
    entries = [installed(profile(1, "ChargingStationMaxProfile", limit=25), evse=0),
               installed(profile(2, "TxDefaultProfile", limit=16)),
               installed(profile(3, "TxProfile", limit=20, transactionId="tx-1"))]
    assert cs.composite_limit(cs.applicable(entries, 1), T0, "A") == 16
    assert cs.composite_limit(cs.applicable(entries, 1, "tx-1"), T0, "A") == 20
    assert cs.composite_limit(cs.applicable(entries, 0), T0, "A") == 25


def test_composite_periods_follow_the_changes_of_limit():
    p = profile(1, periods=[{"startPeriod": 0, "limit": 16}, {"startPeriod": 120, "limit": 8}])
    segments = cs.composite_segments(cs.applicable([installed(p)], 1), T0, 300, "A")
    assert cs.schedule_periods(segments, T0) == [{"startPeriod": 0, "limit": 16}, {"startPeriod": 120, "limit": 8}]


def test_a_daily_profile_recurs():
    p = profile(1, kind="Recurring", recurrencyKind="Daily", duration=3600, limit=6)
    entry = installed(p)
    assert cs.limit_at(entry, T0 + timedelta(days=3, minutes=10), "A") == 6
    assert cs.limit_at(entry, T0 + timedelta(days=3, hours=2), "A") is None


def test_amperes_and_watts_compare_at_230_v_per_phase():
    assert cs.convert(16, "A", "W", 3) == pytest.approx(11040)
    assert cs.convert(7360, "W", "A", 1) == pytest.approx(32)


def test_an_ev_schedule_above_the_limits_is_found():
    groups = cs.applicable([installed(profile(1, "TxProfile", limit=16, transactionId="tx"))], 1, "tx")
    within = {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16}]}
    above = {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 10},
                                                                  {"startPeriod": 600, "limit": 17}]}
    assert cs.excess(within, T0, groups) is None
    assert "17 A at +600 s" in cs.excess(above, T0, groups)


# ---------------------------------------------------------------------- the test station's answers

def _model():
    return StationModel.with_evses(2)


def test_the_station_rejects_a_txprofile_without_a_transaction():
    answer = station_sc.ANSWERS["SetChargingProfile"](_model(), {"evseId": 1, "chargingProfile": profile(
        1, "TxProfile", kind="Relative")})
    assert answer["status"] == "Rejected"


def test_the_station_replaces_by_id_and_refuses_a_second_id_at_the_same_stack_level():
    model = _model()
    set_profile = station_sc.ANSWERS["SetChargingProfile"]
    assert set_profile(model, {"evseId": 1, "chargingProfile": profile(1, limit=8)})["status"] == "Accepted"
    assert set_profile(model, {"evseId": 1, "chargingProfile": profile(1, limit=6)})["status"] == "Accepted"
    assert station_sc.profiles(model)[1].profile["chargingSchedule"][0]["chargingSchedulePeriod"][0]["limit"] == 6
    assert set_profile(model, {"evseId": 1, "chargingProfile": profile(2, limit=6)})["status"] == "Rejected"


def test_the_station_clears_what_matches_and_says_unknown_otherwise():
    model = _model()
    station_sc.install(model, profile(1), 1)
    clear = station_sc.ANSWERS["ClearChargingProfile"]
    criteria = {"chargingProfileCriteria": {"chargingProfilePurpose": "TxDefaultProfile", "evseId": 2}}
    assert clear(model, criteria)["status"] == "Unknown"
    assert clear(model, {"chargingProfileId": 1})["status"] == "Accepted"
    assert station_sc.profiles(model) == {}


def test_the_station_reports_one_page_per_evse():
    model = _model()
    station_sc.install(model, profile(1), 1)
    station_sc.install(model, profile(2), 2)
    pages = station_sc.report_pages(model, {"requestId": 7, "chargingProfile": {
        "chargingProfilePurpose": "TxDefaultProfile"}})
    assert [(p["evseId"], p["tbc"]) for p in pages] == [(1, True), (2, False)]
    assert station_sc.ANSWERS["GetChargingProfiles"](model, {"requestId": 8, "chargingProfile": {
        "stackLevel": 3}})["status"] == "NoProfiles"


def test_the_station_computes_its_composite_schedule():
    model = _model()
    station_sc.install(model, profile(1, "ChargingStationMaxProfile", limit=10, start=cs.utcnow()), 0)
    answer = station_sc.ANSWERS["GetCompositeSchedule"](model, {"evseId": 1, "duration": 300,
                                                                 "chargingRateUnit": "A"})
    assert answer["status"] == "Accepted"
    assert answer["schedule"]["chargingSchedulePeriod"][0] == {"startPeriod": 0, "limit": 10}


# ---------------------------------------------------------------------- what the reference CSMS refuses to send

@pytest.fixture
def csms():
    reference = ReferenceCsms()
    station = reference.store.add_station("CP_X", "pw")
    state(station).transactions[1] = ("tx-1", T0)
    return reference, station


@pytest.mark.parametrize("action,payload,words", [
    ("SetChargingProfile", {"evseId": 1, "chargingProfile": profile(1, periods=[{"startPeriod": 5, "limit": 6}])},
     "K01.FR.31"),
    ("SetChargingProfile", {"evseId": 1, "chargingProfile": profile(1, "TxProfile", kind="Relative",
                                                                    transactionId="other")},
     "not ongoing on EVSE 1"),
    ("SetChargingProfile", {"evseId": 1, "chargingProfile": profile(1, "TxProfile", kind="Relative")}, "K01.FR.03"),
    ("RequestStartTransaction", {"idToken": {"idToken": "X", "type": "Central"}, "remoteStartId": 1, "evseId": 2,
                                 "chargingProfile": profile(1, "TxProfile", kind="Relative", transactionId="t")},
     "F01.FR.11"),
    ("GetChargingProfiles", {"requestId": 1, "chargingProfile": {}}, "K09.FR.03"),
    ("ClearChargingProfile", {}, "K10.FR.02"),
])
def test_the_reference_csms_refuses_to_send_what_breaks_a_rule(csms, action, payload, words):
    reference, station = csms
    with pytest.raises(RequestRefused, match=words.replace(".", r"\.")):
        reference._check_outgoing(station, action, payload)


def test_the_reference_csms_sends_a_txprofile_without_transaction_where_none_is_ongoing(csms):
    reference, station = csms     # TC_K_02: the station, not the CSMS, refuses it
    payload = {"evseId": 2, "chargingProfile": profile(1, "TxProfile", kind="Relative")}
    assert reference._check_outgoing(station, "SetChargingProfile", payload) == payload
