"""Block K scenarios: what the CSMS is asked to do with charging profiles, what the test station
sends about them, and the checks of the charging profiles the CSMS sends.

The CSMS is asked through the trigger API's engine commands set-charging-profile,
clear-charging-profile and get-charging-profiles (docs/trigger-api.md), which leave to the CSMS
what a real CSMS decides itself: profile ids, the transactionId of a TxProfile, validFrom/validTo
and startSchedule, the stack level that supersedes a TxProfile, the id of a profile it learned
from a report, the requestId. A trigger API without them gets call/{Action} with a payload the
suite builds the same way, as the public OCTT-style suites do.
"""
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import timedelta

from .. import charging_schedules as cs
from ..scenario import csms_commands, expect
from . import smart_charging as station_sc

# Fields of ChargingProfileType: a check row naming one of them is about the charging profile.
PROFILE_FIELDS = {"id", "stackLevel", "chargingProfilePurpose", "chargingProfileKind", "recurrencyKind",
                  "validFrom", "validTo", "transactionId", "chargingSchedule"}


@dataclass
class ScenarioState:
    """The charging profiles this scenario saw the CSMS send, in order: (evseId, chargingProfile)."""
    seen: list = field(default_factory=list)


def scenario(session):
    return session.__dict__.setdefault("smart_charging", ScenarioState())


def _unit(session):
    return session.config.charging_rate_unit


def _ongoing(session, evse_id):
    return station_sc.ongoing_transaction(session.station.model, evse_id)


def _sent_profiles(session):
    """(evseId, chargingProfile) of every profile the CSMS sent to the station in this scenario."""
    found = []
    for entry in session.station.requests_from_csms():
        payload = entry.frame.payload
        if entry.frame.action in ("SetChargingProfile", "RequestStartTransaction") and "chargingProfile" in payload:
            found.append((payload.get("evseId"), payload["chargingProfile"]))
    return found


def _new_profile_id(session):
    ids = [p["id"] for _, p in _sent_profiles(session)] + list(station_sc.profiles(session.station.model))
    return max([0] + [i for i in ids if i < station_sc.FIRST_LOCAL_ID]) + 1


def _previous_profile(session):
    state = scenario(session)
    if state.seen:
        return state.seen[-1]
    sent = _sent_profiles(session)
    if not sent:
        session.fail("the CSMS has sent no charging profile in this scenario to refer to")
    return sent[-1]


# ---------------------------------------------------------------------- the station's own profiles

def install_local(session, purpose, limit, evse_id, stack_level=None):
    """The station has a profile from before the scenario: set by the CSO earlier or, for
    ChargingStationExternalConstraints, by an external system (source EMS)."""
    config, model = session.config, session.station.model
    level = config.integer("stack_level") if stack_level is None else stack_level
    tx = _ongoing(session, evse_id) if purpose == "TxProfile" else None
    if purpose == "TxProfile" and tx is None:
        session.fail(f"a TxProfile needs a transaction on EVSE {evse_id}; bring the station to a transaction first")
    profile = station_sc.local_profile(purpose, limit, _unit(session), level, config.integer("number_phases"),
                                       tx.transaction_id if tx else None)
    source = "EMS" if purpose == "ChargingStationExternalConstraints" else "CSO"
    return station_sc.install(model, profile, evse_id, source)


# ---------------------------------------------------------------------- asking the CSMS

def _profile_payload(session, evse_id, purpose, kind, limit, profile_id, stack_level, transaction_id=None):
    """The SetChargingProfileRequest the suite builds for a trigger API without set-charging-profile."""
    config, unit = session.config, _unit(session)
    now = cs.utcnow()
    duration = config.integer("charging_schedule_duration")
    period = {"startPeriod": 0, "limit": station_sc.scaled(limit, unit)}
    if config.integer("number_phases") != 3:
        period["numberPhases"] = config.integer("number_phases")
    schedule = {"id": 1, "chargingRateUnit": unit, "chargingSchedulePeriod": [period]}
    profile = {"id": profile_id, "stackLevel": stack_level, "chargingProfilePurpose": purpose,
               "chargingProfileKind": kind, "chargingSchedule": [schedule]}
    if kind in ("Absolute", "Recurring"):
        schedule["startSchedule"] = cs.iso(now)
        schedule["duration"] = duration
    if kind == "Absolute":
        profile["validFrom"], profile["validTo"] = cs.iso(now), cs.iso(now + timedelta(seconds=duration))
    if kind == "Recurring":
        profile["recurrencyKind"] = config.recurrency_kind
    if transaction_id:
        profile["transactionId"] = transaction_id
    return {"evseId": evse_id, "chargingProfile": profile}


def ask_set_profile(session, kind, purpose, limit, evse_id, renegotiate=False, replace=None):
    """Ask the CSMS to set a charging profile (trigger API set-charging-profile). A TxProfile is for
    the transaction ongoing on the EVSE, if any; `renegotiate`: a new TxProfile one stack level above
    the TxProfiles of that transaction; `replace`: the chargingProfile to replace (same id)."""
    config = session.config
    body = {"evseId": evse_id, "chargingProfilePurpose": purpose, "chargingProfileKind": kind,
            "limit": station_sc.scaled(limit, _unit(session)),
            "chargingRateUnit": _unit(session), "stackLevel": config.integer("stack_level"),
            "duration": config.integer("charging_schedule_duration")}
    if config.integer("number_phases") != 3:
        body["numberPhases"] = config.integer("number_phases")
    if kind == "Recurring":
        body["recurrencyKind"] = config.recurrency_kind
    tx = _ongoing(session, evse_id) if purpose == "TxProfile" else None
    profile_id, stack_level = _new_profile_id(session), config.integer("stack_level")
    if replace is not None:
        body["id"] = profile_id = replace["id"]
        body["stackLevel"] = stack_level = replace.get("stackLevel", 0)
    if renegotiate:
        if tx is None:
            session.fail(f"there is no transaction on EVSE {evse_id} to renegotiate")
        body["renegotiate"] = True
        del body["stackLevel"]
        stack_level = 1 + max([p.get("stackLevel", 0) for e, p in _sent_profiles(session)
                               if e == evse_id and p["chargingProfilePurpose"] == "TxProfile"] + [-1])
    fallback = _profile_payload(session, evse_id, purpose, kind, limit, profile_id, stack_level,
                                tx.transaction_id if tx else None)
    what = "renegotiate with" if renegotiate else "replace it with" if replace is not None else "set"
    article = "an" if kind[0] in "AEIOU" else "a"
    csms_commands.ask(session, f"make the CSMS {what} {article} {kind} {purpose} of {limit:g} on EVSE {evse_id}",
                      "set-charging-profile", body, "SetChargingProfile", fallback)


def ask_replace_previous(session, limit):
    """Ask the CSMS to replace the profile it set last with the same one at another limit (same id)."""
    evse_id, previous = _previous_profile(session)
    ask_set_profile(session, previous["chargingProfileKind"], previous["chargingProfilePurpose"], limit, evse_id,
                    replace=previous)


def ask_clear_reported(session, purpose, evse_id):
    """Ask the CSMS to clear, by its id, the profile of this purpose the station reported on the EVSE."""
    reported = reported_profile(session, purpose, evse_id)
    csms_commands.ask(session, f"make the CSMS clear the {purpose} of EVSE {evse_id} it learned from the report",
                      "clear-charging-profile",
                      {"matching": {"evseId": evse_id, "chargingProfilePurpose": purpose}},
                      "ClearChargingProfile", {"chargingProfileId": reported["id"]})


def ask_clear_by_criteria(session, purpose, evse_id):
    criteria = {"chargingProfilePurpose": purpose, "evseId": evse_id,
                "stackLevel": session.config.integer("stack_level")}
    body = {"chargingProfileCriteria": criteria}
    csms_commands.ask(session, f"make the CSMS clear the {purpose} profiles of EVSE {evse_id}",
                      "clear-charging-profile", body, "ClearChargingProfile", body)


CRITERIA = {"chargingProfilePurpose": str, "stackLevel": int, "chargingLimitSource": list, "chargingProfileId": list}


def criteria_from_rows(session, rows):
    """ChargingProfileCriterionType from | criterion | value | rows (lists are comma-separated)."""
    criterion = {}
    for name, text in rows:
        if name not in CRITERIA:
            expect.check_enum(name, sorted(CRITERIA), "ChargingProfileCriterion field")
        text = expect.substitute(text, session.config)
        if CRITERIA[name] is int:
            criterion[name] = int(text)
        elif CRITERIA[name] is list:
            items = [t.strip() for t in text.split(",")]
            criterion[name] = [int(t) for t in items] if name == "chargingProfileId" else items
        else:
            criterion[name] = text
    for path, _ in (("chargingProfile." + k, v) for k, v in criterion.items()):
        expect.schema_node(session.version, "GetChargingProfiles", True, path)
    return criterion


def ask_get_profiles(session, evse_id, criterion):
    """Ask the CSMS for the station's charging profiles (GetChargingProfilesRequest); the CSMS
    chooses the requestId. evse_id None: for the whole station (evseId omitted)."""
    body = {"chargingProfile": criterion}
    if evse_id is not None:
        body["evseId"] = evse_id
    fallback = dict(body, requestId=session.next_request_id())
    where = f"EVSE {evse_id}" if evse_id is not None else "every EVSE"
    csms_commands.ask(session, f"make the CSMS ask for the charging profiles of {where} ({criterion})",
                      "get-charging-profiles", body, "GetChargingProfiles", fallback)


def ask_get_previous_by_id(session):
    _, previous = _previous_profile(session)
    ask_get_profiles(session, None, {"chargingProfileId": [previous["id"]]})


def ask_composite_schedule(session, evse_id):
    payload = {"evseId": evse_id, "duration": session.config.integer("charging_schedule_duration"),
               "chargingRateUnit": _unit(session)}
    csms_commands.ask(session, f"make the CSMS ask for the composite schedule of EVSE {evse_id}",
                      "call/GetCompositeSchedule", payload, "GetCompositeSchedule")


# ---------------------------------------------------------------------- the station sends

def report_profiles(session):
    """ReportChargingProfiles pages for the CSMS's last GetChargingProfilesRequest (K09)."""
    station = session.require_connected()
    requests = station.requests_from_csms("GetChargingProfiles")
    if not requests:
        session.fail("the CSMS has sent no GetChargingProfiles to report on")
    pages = station_sc.report_pages(station.model, requests[-1].frame.payload)
    if not pages:
        session.fail(f"the test station has no charging profile matching {requests[-1].text}; give it one "
                     f"with 'Given the test station has a ...'")
    for page in pages:
        session.send("ReportChargingProfiles", page)


def reported_profile(session, purpose, evse_id):
    """The profile of a purpose on an EVSE that the station reported in this scenario."""
    for outcome in reversed(session.station.outcomes):
        if outcome.action == "ReportChargingProfiles" and outcome.request["evseId"] == evse_id:
            for profile in outcome.request["chargingProfile"]:
                if profile["chargingProfilePurpose"] == purpose:
                    return profile
    session.fail(f"the station has not reported a {purpose} of EVSE {evse_id} in this scenario")


def send_charging_limit(session, limit, source, evse_id):
    session.send("NotifyChargingLimit", station_sc.charging_limit(limit, _unit(session), evse_id, source))


def send_cleared_limit(session, source, evse_id):
    session.send("ClearedChargingLimit", station_sc.cleared_charging_limit(source, evse_id))


def send_ev_charging_needs(session, evse_id, max_current=None):
    session.send("NotifyEVChargingNeeds", station_sc.ev_charging_needs(evse_id, max_current))


def send_ev_charging_schedule(session, evse_id, factor=1.0):
    """The EV's schedule from the last profile the CSMS set on the EVSE (limits times `factor`)."""
    profile = None
    for seen_evse, seen in reversed(scenario(session).seen + _sent_profiles(session)):
        if seen_evse == evse_id:
            profile = seen
            break
    if profile is None:
        session.fail(f"the CSMS has set no charging profile on EVSE {evse_id} for the EV to follow")
    session.send("NotifyEVChargingSchedule", station_sc.ev_charging_schedule(evse_id, profile, factor))


def iso15118_smart_charging(session, station, evse_id):
    """Reusable state ISO15118SmartCharging; the CSMS's TxProfile counts as seen by the scenario."""
    request = station_sc.iso15118_smart_charging(session, station, evse_id)
    scenario(session).seen.append((evse_id, request["chargingProfile"]))


# ---------------------------------------------------------------------- checks of the CSMS's requests

def full_path(action, path):
    """Short check paths to payload paths: period.X is the first chargingSchedulePeriod, chargingSchedule.X
    the first chargingSchedule, ChargingProfileType fields are those of chargingProfile."""
    if path.startswith("period."):
        return "chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0]." + path[len("period."):]
    if path.startswith("chargingSchedule."):
        return "chargingProfile.chargingSchedule[0]." + path[len("chargingSchedule."):]
    if re.split(r"[.\[]", path)[0] in PROFILE_FIELDS:
        return "chargingProfile." + path
    return path


SPECIAL = re.compile(r"^(now|now \+ duration|\(the transaction\)|\(the previous id\)|\(a new id\)|"
                     r"\(configured number of phases\)|\(\d+ items?\))$")


def _special(session, evse_id, payload, path, text, previous_ids):
    """Check one row with a value this module understands; None when the value is an ordinary one."""
    config = session.config
    actual = expect.resolve(payload, path)
    shown = "absent" if actual is expect.ABSENT else repr(actual)
    slack = config.seconds("action_timeout") + 5
    if text in ("now", "now + duration"):
        expected = cs.utcnow() + timedelta(seconds=config.integer("charging_schedule_duration")
                                           if text != "now" else 0)
        try:
            moment = cs.parse_time(actual) if actual is not expect.ABSENT else None
        except ValueError:
            moment = None
        if moment is None or abs((moment - expected).total_seconds()) > slack:
            return f"{path} is {shown}, expected {text} ({cs.iso(expected)}, within {slack:g} s)"
        return ""
    if text == "(the transaction)":
        tx = _ongoing(session, evse_id)
        if tx is None:
            session.fail(f"the test station has no transaction on EVSE {evse_id} to compare with")
        return "" if actual == tx.transaction_id else f"{path} is {shown}, expected {tx.transaction_id}"
    if text == "(the previous id)":
        if not previous_ids:
            session.fail("there is no earlier charging profile in this scenario to compare the id with")
        return "" if actual == previous_ids[-1] else f"{path} is {shown}, expected the previous id {previous_ids[-1]}"
    if text == "(a new id)":
        return "" if actual not in previous_ids else f"{path} is {shown}, which an earlier profile already has"
    if text == "(configured number of phases)":
        phases = config.integer("number_phases")
        if actual == phases or (actual is expect.ABSENT and phases == 3):
            return ""
        return f"{path} is {shown}, expected {phases}" + (" or absent" if phases == 3 else "")
    m = re.fullmatch(r"\((\d+) items?\)", text)
    if m:
        count = len(actual) if isinstance(actual, list) else None
        return "" if count == int(m.group(1)) else f"{path} has {count if count is not None else 'no'} items, " \
                                                   f"expected {m.group(1)}"
    return None


def check_profile_request(session, action, evse_id, rows):
    """The CSMS's next request of `action` (SetChargingProfile, RequestStartTransaction) is for the EVSE,
    its chargingProfile follows the OCPP rules (K01, and F01.FR.09/.11 for a remote start) and every
    row holds; returns the profile."""
    previous_ids = [p["id"] for _, p in scenario(session).seen]
    rows = [(full_path(action, path), value) for path, value in rows]
    plain = [(path, value) for path, value in rows if not SPECIAL.match(value)]
    payload = session.expect_request(action, [("evseId", str(evse_id))] + plain)
    profile = payload.get("chargingProfile")
    if profile is None:
        session.fail(f"the CSMS's {action}Request has no chargingProfile: {json.dumps(payload)}")
    problems = [_special(session, evse_id, payload, path, value, previous_ids) for path, value in rows
                if SPECIAL.match(value)]
    problems = [p for p in problems if p]
    problems += [f"breaks a rule: {p}" for p in cs.profile_problems(profile, evse_id)]
    if action == "RequestStartTransaction":
        if profile.get("chargingProfilePurpose") != "TxProfile":
            problems.append("breaks a rule: a remote start's charging profile is a TxProfile (F01.FR.09)")
        if "transactionId" in profile:
            problems.append("breaks a rule: a remote start's charging profile has no transactionId (F01.FR.11)")
    if problems:
        session.fail(f"the CSMS sent {action}Request {json.dumps(payload)}\n  " + "\n  ".join(problems))
    scenario(session).seen.append((evse_id, profile))
    return profile


def check_clear_reported(session):
    """The CSMS's ClearChargingProfile names, by id only, the profile the station reported."""
    reports = [o for o in session.station.outcomes if o.action == "ReportChargingProfiles"]
    if not reports:
        session.fail("the station has reported no charging profile in this scenario")
    ids = {p["id"] for o in reports for p in o.request["chargingProfile"]}
    payload = session.expect_request("ClearChargingProfile", [("chargingProfileCriteria", "(absent)")])
    if payload.get("chargingProfileId") not in ids:
        session.fail(f"the CSMS sent ClearChargingProfileRequest {json.dumps(payload)}; expected the chargingProfileId of "
                     f"a reported profile ({', '.join(map(str, sorted(ids)))})")


def check_reported_call_error(session, action, code):
    """The trigger API reports that the station answered `action` with this CALLERROR."""
    response = csms_commands.reported_answer(session, action)
    if response is None:
        print(f"\n>>> without a trigger API the station's CALLERROR to {action} as the CSMS saw it cannot "
              f"be checked", file=sys.stderr, flush=True)
        return
    error = response.call_error
    if error is not None and error.get("errorCode", "").startswith("(not reported"):
        error = csms_commands.call_error_in_trace(session, action) or error   # the dialect lost the code
    if error is None or error.get("errorCode") != code:
        session.fail(f"expected the CSMS to report the station's CALLERROR {code} to {action}, but: "
                     f"{response.describe()}")
