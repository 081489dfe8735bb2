"""Smart charging (OCPP 2.0.1 block K) on the test station: the profiles it has installed, how it
answers SetChargingProfile, GetChargingProfiles, ClearChargingProfile and GetCompositeSchedule by
default, and the payloads it sends (ReportChargingProfiles pages, NotifyChargingLimit,
ClearedChargingLimit, NotifyEVChargingNeeds, NotifyEVChargingSchedule).

The answers follow the Charging Station's side of K01, K08, K09 and K10, so a CSMS sees what a
conformant station would say: a TxProfile without a transaction on its EVSE is Rejected, clearing
what is not there is Unknown, asking for profiles that do not exist is NoProfiles.
"""
import copy
import itertools
from datetime import timedelta

from .. import charging_schedules as cs

# The test station's own limit where no profile sets one (per EVSE, and for the grid connection).
PHYSICAL_LIMIT = {"A": 32.0, "W": 22080.0}
# The mock EV of the ISO 15118 cases: AC, three phases, 6..32 A, 50 kWh.
EV_NEEDS = {"energyAmount": 50000, "evMinCurrent": 6, "evMaxCurrent": 32, "evMaxVoltage": 400}
MAX_SCHEDULE_TUPLES = 10

FIRST_LOCAL_ID = 100
_local_ids = itertools.count(FIRST_LOCAL_ID)  # ids of profiles installed locally (by the CSO earlier, or an EMS)


def profiles(model):
    """id -> InstalledProfile: the charging profiles installed on the test station."""
    return model.__dict__.setdefault("charging_profiles", {})


def ongoing_transaction(model, evse_id):
    tx = model.transactions.get(evse_id)
    if tx is None or tx.ended or tx.seq_no < 0:
        return None
    return tx


def install(model, profile, evse_id, source="CSO"):
    entry = cs.InstalledProfile(copy.deepcopy(profile), evse_id, source)
    profiles(model)[entry.id] = entry
    return entry


def scaled(limit, unit):
    """OCTT writes limits as amperes: 6 means 6 A, or 6000 W when the rate unit is W."""
    return float(limit) * (1000.0 if unit == "W" else 1.0)


def local_profile(purpose, limit, unit, stack_level=0, number_phases=None, transaction_id=None):
    """A profile the station has from before the scenario (set by the CSO earlier, or by an EMS)."""
    period = {"startPeriod": 0, "limit": scaled(limit, unit)}
    if number_phases and number_phases != 3:
        period["numberPhases"] = number_phases
    profile = {"id": next(_local_ids), "stackLevel": stack_level, "chargingProfilePurpose": purpose,
               "chargingProfileKind": "Relative" if purpose == "TxProfile" else "Absolute",
               "chargingSchedule": [{"id": 1, "chargingRateUnit": unit, "chargingSchedulePeriod": [period]}]}
    if purpose != "TxProfile":
        profile["chargingSchedule"][0]["startSchedule"] = cs.iso(cs.utcnow() - timedelta(minutes=1))
    if transaction_id:
        profile["transactionId"] = transaction_id
    return profile


# ---------------------------------------------------------------------- default answers (K01, K08, K09, K10)

def _set_charging_profile(model, payload):
    evse_id, profile = payload["evseId"], payload["chargingProfile"]
    purpose = profile["chargingProfilePurpose"]
    reason = None
    if purpose == "ChargingStationExternalConstraints":
        reason = "ChargingStationExternalConstraints are set by an external system, not by the CSMS"
    elif purpose == "ChargingStationMaxProfile" and evse_id != 0:
        reason = "a ChargingStationMaxProfile belongs on EVSE 0"
    elif purpose == "TxProfile":
        tx = ongoing_transaction(model, evse_id) if evse_id else None
        if tx is None:
            reason = f"no transaction is ongoing on EVSE {evse_id}"
        elif profile.get("transactionId") not in (None, tx.transaction_id):
            reason = f"transaction {profile['transactionId']} is not the one on EVSE {evse_id}"
    if reason is None and evse_id and (evse_id, 1) not in model.connectors:
        reason = f"the station has no EVSE {evse_id}"
    if reason is None:
        problems = cs.profile_problems(profile, evse_id)
        reason = problems[0] if problems else None
    if reason is None:
        for other in profiles(model).values():
            if other.id != profile["id"] and other.purpose == purpose and other.evse_id == evse_id \
                    and other.stack_level == profile.get("stackLevel") \
                    and other.profile.get("transactionId") == profile.get("transactionId"):
                reason = f"profile {other.id} already has this purpose and stackLevel on EVSE {evse_id}"
    if reason:
        return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidProfile", "additionalInfo": reason[:512]}}
    if purpose == "TxProfile" and "transactionId" not in profile:
        profile = dict(profile, transactionId=ongoing_transaction(model, evse_id).transaction_id)
    install(model, profile, evse_id)
    return {"status": "Accepted"}


def matching_profiles(model, request):
    """The installed profiles a GetChargingProfilesRequest asks for (K09)."""
    criterion = request.get("chargingProfile", {})
    evse_id = request.get("evseId")
    found = []
    for entry in profiles(model).values():
        if evse_id is not None and entry.evse_id != evse_id:
            continue
        if "chargingProfileId" in criterion:
            if entry.id in criterion["chargingProfileId"]:
                found.append(entry)
            continue
        if "chargingProfilePurpose" in criterion and entry.purpose != criterion["chargingProfilePurpose"]:
            continue
        if "stackLevel" in criterion and entry.stack_level != criterion["stackLevel"]:
            continue
        if "chargingLimitSource" in criterion and entry.source not in criterion["chargingLimitSource"]:
            continue
        found.append(entry)
    return found


def _get_charging_profiles(model, payload):
    return {"status": "Accepted" if matching_profiles(model, payload) else "NoProfiles"}


def _clear_charging_profile(model, payload):
    installed = profiles(model)
    criteria = payload.get("chargingProfileCriteria")
    doomed = []
    for entry in installed.values():
        if entry.purpose == "ChargingStationExternalConstraints":
            continue        # only the external system that set them clears them
        if "chargingProfileId" in payload:
            if entry.id == payload["chargingProfileId"]:
                doomed.append(entry.id)
            continue
        if criteria is None:
            doomed.append(entry.id)
            continue
        if "evseId" in criteria and entry.evse_id != criteria["evseId"]:
            continue
        if "chargingProfilePurpose" in criteria and entry.purpose != criteria["chargingProfilePurpose"]:
            continue
        if "stackLevel" in criteria and entry.stack_level != criteria["stackLevel"]:
            continue
        doomed.append(entry.id)
    for profile_id in doomed:
        del installed[profile_id]
    return {"status": "Accepted" if doomed else "Unknown"}


def _get_composite_schedule(model, payload):
    evse_id, duration = payload["evseId"], payload["duration"]
    if evse_id and (evse_id, 1) not in model.connectors:
        return {"status": "Rejected", "statusInfo": {"reasonCode": "UnknownEvse"}}
    unit = payload.get("chargingRateUnit", "A")
    tx = ongoing_transaction(model, evse_id) if evse_id else None
    groups = cs.applicable(profiles(model).values(), evse_id, tx.transaction_id if tx else None)
    begin = cs.utcnow()
    segments = cs.composite_segments(groups, begin, duration, unit, physical_limit=PHYSICAL_LIMIT[unit])
    return {"status": "Accepted", "schedule": {
        "evseId": evse_id, "duration": duration, "scheduleStart": cs.iso(begin), "chargingRateUnit": unit,
        "chargingSchedulePeriod": cs.schedule_periods(segments, begin)}}


ANSWERS = {
    "SetChargingProfile": _set_charging_profile,
    "GetChargingProfiles": _get_charging_profiles,
    "ClearChargingProfile": _clear_charging_profile,
    "GetCompositeSchedule": _get_composite_schedule,
}


# ---------------------------------------------------------------------- messages the station sends

def report_pages(model, request):
    """ReportChargingProfilesRequest payloads answering a GetChargingProfilesRequest: one page per
    EVSE and chargingLimitSource, tbc true on every page but the last (K09)."""
    groups = {}
    for entry in matching_profiles(model, request):
        groups.setdefault((entry.evse_id, entry.source), []).append(copy.deepcopy(entry.profile))
    pages = []
    for index, ((evse_id, source), found) in enumerate(sorted(groups.items())):
        pages.append({"requestId": request["requestId"], "chargingLimitSource": source, "evseId": evse_id,
                      "chargingProfile": found, "tbc": index < len(groups) - 1})
    return pages


def charging_limit(limit, unit, evse_id=None, source="EMS"):
    """NotifyChargingLimitRequest: an external system set a limit (K12)."""
    payload = {"chargingLimit": {"chargingLimitSource": source, "isGridCritical": False}}
    if evse_id is not None:
        payload["evseId"] = evse_id
        payload["chargingSchedule"] = [{
            "id": 1, "chargingRateUnit": unit, "startSchedule": cs.iso(cs.utcnow()),
            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": scaled(limit, unit)}]}]
    return payload


def cleared_charging_limit(source="EMS", evse_id=None):
    """ClearedChargingLimitRequest: the external system released its limit (K13)."""
    payload = {"chargingLimitSource": source}
    if evse_id is not None:
        payload["evseId"] = evse_id
    return payload


def ev_charging_needs(evse_id, max_current=None):
    """NotifyEVChargingNeedsRequest of the mock EV (K15, K17)."""
    needs = dict(EV_NEEDS)
    if max_current is not None:
        needs["evMaxCurrent"] = max_current
    return {"evseId": evse_id, "maxScheduleTuples": MAX_SCHEDULE_TUPLES, "chargingNeeds": {
        "requestedEnergyTransfer": "AC_three_phase", "acChargingParameters": needs,
        "departureTime": cs.iso(cs.utcnow() + timedelta(hours=4))}}


def ev_charging_schedule(evse_id, profile, factor=1.0):
    """NotifyEVChargingScheduleRequest with the schedule the EV chose from a profile: the profile's
    own schedule, or with every limit multiplied by `factor` (an EV that exceeds the limits)."""
    schedule = copy.deepcopy(profile["chargingSchedule"][0])
    schedule.pop("startSchedule", None)
    for period in schedule["chargingSchedulePeriod"]:
        period["limit"] = round(period["limit"] * factor, 3)
    return {"timeBase": cs.iso(cs.utcnow()), "evseId": evse_id, "chargingSchedule": schedule}


# ---------------------------------------------------------------------- the reusable state

def last_profile_request(station, evse_id=None):
    """The last SetChargingProfileRequest the CSMS sent to the station (for an EVSE)."""
    for entry in reversed(station.requests_from_csms("SetChargingProfile")):
        if evse_id is None or entry.frame.payload.get("evseId") == evse_id:
            return entry.frame.payload
    return None


def iso15118_smart_charging(session, station, evse_id):
    """Reusable state ISO15118SmartCharging (Part 6, table 402): the EV's charging needs, the CSMS's
    TxProfile for the transaction, the EV's schedule within it, then charging."""
    tx = ongoing_transaction(station.model, evse_id)
    if tx is None:
        session.fail(f"ISO15118SmartCharging needs a transaction on EVSE {evse_id}: "
                     f"go to states Authorized and EVConnectedPreSession first")
    session.send_expecting_answer("NotifyEVChargingNeeds", ev_charging_needs(evse_id), station)
    session.check_answer("NotifyEVChargingNeeds", [("status", "Accepted or Processing")], station)
    request = session.expect_request("SetChargingProfile", [
        ("evseId", str(evse_id)), ("chargingProfile.chargingProfilePurpose", "TxProfile"),
        ("chargingProfile.transactionId", tx.transaction_id)], station=station)
    session.send_expecting_answer("NotifyEVChargingSchedule",
                                  ev_charging_schedule(evse_id, request["chargingProfile"]), station)
    session.check_answer("NotifyEVChargingSchedule", [("status", "Accepted")], station)
    session.send_expecting_answer("TransactionEvent", station.transaction_event_payload(
        evse_id, "Updated", "ChargingStateChanged", charging_state="Charging"), station)
    return request
