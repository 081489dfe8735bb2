"""OCPP 1.6 Smart Charging on the test station (Central System under test: OCTT TC_056 - TC_060, TC_066,
TC_067, TC_072, TC_082): the charging profiles it keeps on its model (`profiles16`: chargingProfileId ->
(connectorId, csChargingProfiles)), how it answers SetChargingProfile, ClearChargingProfile and
GetCompositeSchedule (ocpp16.answers.DEFAULTS16); making the Central System set, clear and compose
profiles; the checks of its requests and of its charging-profiles record."""
import copy
import json
import re
from datetime import timedelta

from ... import charging_schedules as cs
from ...scenario import csms_commands, expect
from .common import ask, csms_record, require16, running_transactions

# What the station can deliver when no charging profile limits it (the composite schedule then).
PHYSICAL_LIMIT_A = 32.0


# ---------------------------------------------------------------------- default answers (ocpp16.answers.DEFAULTS16)

def profiles16(model):
    if not hasattr(model, "profiles16"):
        model.profiles16 = {}
    return model.profiles16


def _set_charging_profile(model, payload):
    """5.16 / 3.13: a profile for a connector the station has; a ChargePointMaxProfile on 0; a TxProfile
    only for the transaction running on its connector. Same id, or same stackLevel and purpose on the
    connector, replaces the installed one."""
    connector_id, profile = payload["connectorId"], payload["csChargingProfiles"]
    purpose = profile["chargingProfilePurpose"]
    if not 0 <= connector_id <= len(model.connectors):
        return {"status": "Rejected"}
    if purpose == "ChargePointMaxProfile" and connector_id != 0:
        return {"status": "Rejected"}
    if purpose == "TxProfile":
        running = running_transactions(model).get(connector_id)
        if connector_id == 0 or running is None or profile.get("transactionId") not in (None, running):
            return {"status": "Rejected"}
    installed = profiles16(model)
    for profile_id, (connector, other) in list(installed.items()):
        if profile_id == profile["chargingProfileId"] or (
                connector == connector_id and other.get("stackLevel") == profile.get("stackLevel")
                and other["chargingProfilePurpose"] == purpose):
            del installed[profile_id]
    installed[profile["chargingProfileId"]] = (connector_id, copy.deepcopy(profile))
    return {"status": "Accepted"}


def _clear_charging_profile(model, payload):
    """5.4: by id (the other fields do not count), by criteria, or every profile; Unknown when none matched."""
    installed = profiles16(model)
    if "id" in payload:
        matched = [i for i in installed if i == payload["id"]]
    else:
        matched = [i for i, (connector, p) in installed.items() if all(
            key not in payload or payload[key] == value for key, value in (
                ("connectorId", connector), ("chargingProfilePurpose", p["chargingProfilePurpose"]),
                ("stackLevel", p.get("stackLevel"))))]
    for profile_id in matched:
        del installed[profile_id]
    return {"status": "Accepted" if matched else "Unknown"}


def _get_composite_schedule(model, payload):
    """5.7: the composite of the installed profiles for the connector over the duration asked for,
    limited by what the station can deliver (32 A) where no profile sets a limit."""
    connector_id, duration = payload["connectorId"], payload["duration"]
    if not 0 <= connector_id <= len(model.connectors):
        return {"status": "Rejected"}
    unit = payload.get("chargingRateUnit", "A")
    entries = []
    for profile_id, (connector, profile) in profiles16(model).items():
        entries.append(cs.InstalledProfile(_profile201(profile), connector))
    running = running_transactions(model).get(connector_id)
    groups = cs.applicable(entries, connector_id, running)
    begin = cs.utcnow().replace(microsecond=0)
    physical = cs.convert(PHYSICAL_LIMIT_A, "A", unit)
    periods = cs.schedule_periods(cs.composite_segments(groups, begin, duration, unit, physical_limit=physical), begin)
    return {"status": "Accepted", "connectorId": connector_id, "scheduleStart": cs.iso(begin),
            "chargingSchedule": {"duration": duration, "startSchedule": cs.iso(begin), "chargingRateUnit": unit,
                                 "chargingSchedulePeriod": periods}}


def _profile201(profile16):
    from ...reference.csms.ocpp16.smart_charging import profile201
    return profile201(profile16)


ANSWERS16 = {
    "SetChargingProfile": _set_charging_profile,
    "ClearChargingProfile": _clear_charging_profile,
    "GetCompositeSchedule": _get_composite_schedule,
}


# ---------------------------------------------------------------------- making the Central System act

def _limit(session, limit):
    """A limit as OCTT writes it (6 means 6 A, or 6000 W with chargingRateUnit W)."""
    return float(limit) * (1000 if session.config.charging_rate_unit == "W" else 1)


def _next_profile_id(session):
    session.__dict__["profile_ids16"] = session.__dict__.get("profile_ids16", 0) + 1
    return 100 + session.__dict__["profile_ids16"]


def charging_profile(session, kind, purpose, limit, connector_id=None, stack_offset=0, for_transaction=True):
    """csChargingProfiles from the configured values (CONFIGURED_STACK_LEVEL, _CHARGING_RATE_UNIT,
    _CHARGING_SCHEDULE_DURATION, _NUMBER_PHASES, _RECURRENCY_KIND): an Absolute or Recurring one starts
    now and is valid for the duration; a TxProfile names the station's transaction on the connector."""
    config = session.config
    now = cs.utcnow().replace(microsecond=0)
    duration = config.integer("charging_schedule_duration")
    schedule = {"duration": duration, "chargingRateUnit": config.charging_rate_unit,
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": _limit(session, limit),
                                            "numberPhases": config.integer("number_phases")}]}
    profile = {"chargingProfileId": _next_profile_id(session),
               "stackLevel": config.integer("stack_level") + stack_offset,
               "chargingProfilePurpose": purpose, "chargingProfileKind": kind, "chargingSchedule": schedule}
    if kind != "Relative":
        schedule["startSchedule"] = cs.iso(now)
        profile["validFrom"], profile["validTo"] = cs.iso(now), cs.iso(now + timedelta(seconds=duration))
    if kind == "Recurring":
        profile["recurrencyKind"] = config.recurrency_kind
    if purpose == "TxProfile" and for_transaction:
        profile["transactionId"] = session.station.current_transaction16(connector_id).transaction_id
    return profile


def _sent_profiles(session):
    return session.__dict__.setdefault("sent_profiles16", [])


def ask_set_profile(session, kind, purpose, limit, connector_id, stack_offset=0):
    profile = charging_profile(require16(session), kind, purpose, limit, connector_id, stack_offset)
    _sent_profiles(session).append(profile)
    article = "an" if kind[:1] in "AEIOU" else "a"
    return ask(session, f"make the Central System set {article} {kind} {purpose} (limit {limit:g}, stack level "
                          f"{profile['stackLevel']}) on connector {connector_id}", "SetChargingProfile",
                 {"connectorId": connector_id, "csChargingProfiles": profile})


def ask_remote_start_with_profile(session, connector_id, id_tag, kind, limit):
    profile = charging_profile(require16(session), kind, "TxProfile", limit, connector_id, for_transaction=False)
    _sent_profiles(session).append(profile)
    return ask(session, f"make the Central System start a transaction on connector {connector_id} for idTag "
                          f"{id_tag} with a {kind} TxProfile", "RemoteStartTransaction",
                 {"connectorId": connector_id, "idTag": id_tag, "chargingProfile": profile})


def ask_clear_first_by_id(session):
    sent = _sent_profiles(require16(session))
    if not sent:
        session.fail("the CSMS was asked to set no charging profile in this scenario, so there is none to clear")
    return ask(session, f"make the Central System clear charging profile {sent[0]['chargingProfileId']}",
                 "ClearChargingProfile", {"id": sent[0]["chargingProfileId"]})


def ask_clear_by_criteria(session, purpose, connector_id, stack_offset):
    level = session.config.integer("stack_level") + stack_offset
    return ask(require16(session), f"make the Central System clear the {purpose} profiles of connector "
                                      f"{connector_id} at stack level {level}", "ClearChargingProfile",
                 {"connectorId": connector_id, "chargingProfilePurpose": purpose, "stackLevel": level})


def ask_clear_all(session):
    return ask(require16(session), "make the Central System clear every charging profile", "ClearChargingProfile",
                 {})


def ask_composite(session, connector_id):
    config = session.config
    return ask(require16(session), f"make the Central System get the composite schedule of connector "
                                      f"{connector_id}", "GetCompositeSchedule",
                 {"connectorId": connector_id, "duration": config.integer("charging_schedule_duration"),
                  "chargingRateUnit": config.charging_rate_unit})


# ---------------------------------------------------------------------- the Central System's requests

PROFILE_FIELDS = ("chargingProfileId", "transactionId", "stackLevel", "chargingProfilePurpose",
                  "chargingProfileKind", "recurrencyKind", "validFrom", "validTo", "chargingSchedule")


SPECIAL = re.compile(r"^(now|now \+ duration|\(the transaction\)|\(configured number of phases\)|"
                     r"\(configured stack level \+ \d+\)|\(the first profile's id\))$")


def _full_path(action, path):
    """Rows name csChargingProfiles fields directly, chargingSchedule.X, and period.X (the first period)."""
    if action not in ("SetChargingProfile", "RemoteStartTransaction"):
        return path
    prefix = "csChargingProfiles" if action == "SetChargingProfile" else "chargingProfile"
    if path.startswith("period."):
        return f"{prefix}.chargingSchedule.chargingSchedulePeriod[0].{path[len('period.'):]}"
    if path.split(".")[0] in PROFILE_FIELDS:
        return f"{prefix}.{path}"
    return path


def _special(session, connector_id, payload, path, text):
    """'' when a special value holds, else what is wrong."""
    config = session.config
    actual = expect.resolve(payload, path)
    shown = "absent" if actual is expect.ABSENT else repr(actual)
    if text in ("now", "now + duration"):
        slack = config.seconds("action_timeout") + 5
        offset = config.integer("charging_schedule_duration") if text != "now" else 0
        expected = cs.utcnow() + timedelta(seconds=offset)
        try:
            moment = cs.parse_time(actual) if actual is not expect.ABSENT else None
        except ValueError:
            moment = None
        if moment is None or abs((moment - expected).total_seconds()) > slack:
            return f"{path} is {shown}, expected {text} ({cs.iso(expected)}, within {slack:g} s)"
        return ""
    if text == "(the transaction)":
        tx = session.station.current_transaction16(connector_id)
        return "" if actual == tx.transaction_id else \
            f"{path} is {shown}, expected the transactionId the CSMS gave: {tx.transaction_id}"
    if text == "(configured number of phases)":
        phases = config.integer("number_phases")
        if actual == phases or (actual is expect.ABSENT and phases == 3):
            return ""
        return f"{path} is {shown}, expected {phases}" + (" or absent" if phases == 3 else "")
    m = re.fullmatch(r"\(configured stack level \+ (\d+)\)", text)
    if m:
        level = config.integer("stack_level") + int(m.group(1))
        return "" if actual == level else f"{path} is {shown}, expected {level} (the configured stack level + " \
                                          f"{m.group(1)})"
    if text == "(the first profile's id)":
        sent = _sent_profiles(session)
        if not sent:
            session.fail("the CSMS was asked to set no charging profile in this scenario")
        wanted = sent[0]["chargingProfileId"]
        return "" if actual == wanted else f"{path} is {shown}, expected {wanted}, the id of the first profile"
    return None


def _check_rows(session, action, connector_id, rows, base=()):
    rows = [(_full_path(action, path), value) for path, value in rows]
    plain = list(base) + [(p, v) for p, v in rows if not SPECIAL.match(v)]
    payload = session.expect_request(action, plain)
    problems = [_special(session, connector_id, payload, p, v) for p, v in rows if SPECIAL.match(v)]
    problems = [p for p in problems if p]
    if problems:
        session.fail(f"the CSMS sent {action}Request {json.dumps(payload)}\n  " + "\n  ".join(problems))
    return payload


def check_profile_request(session, action, connector_id, rows):
    """The CSMS's next SetChargingProfile (or RemoteStartTransaction) is for the connector, its profile
    follows the 1.6 rules, and every row holds."""
    from ...reference.csms.ocpp16.smart_charging import profile_problems16
    require16(session)
    payload = _check_rows(session, action, connector_id, rows, [("connectorId", str(connector_id))])
    profile = payload["csChargingProfiles"] if action == "SetChargingProfile" else payload.get("chargingProfile")
    if profile is None:
        session.fail(f"the CSMS's {action}.req carries no charging profile: {json.dumps(payload)}")
    problems = profile_problems16(profile, connector_id)
    if action == "RemoteStartTransaction":
        problems = [p for p in problems if "connector 0" not in p]
    if problems:
        session.fail(f"the charging profile of the CSMS's {action}.req breaks the OCPP 1.6 rules:\n  "
                     + "\n  ".join(problems))
    return payload


def check_clear_request(session, rows):
    return _check_rows(require16(session), "ClearChargingProfile", None, rows)


# ---------------------------------------------------------------------- what the Central System recorded

def check_profile_count(session, count):
    record = csms_record(require16(session), "charging-profiles-record", f"it knows {count} charging profile(s) of the "
                                                                   f"station")
    if record is None:
        return
    profiles = record.get("profiles", [])
    if len(profiles) != count:
        session.fail(f"the CSMS records {len(profiles)} charging profile(s) installed on the station, expected "
                     f"{count}: {json.dumps(profiles)}")


def check_composite_recorded(session, connector_id):
    record = csms_record(require16(session), "charging-profiles-record",
                         f"it keeps the composite schedule the station reported for connector {connector_id}")
    if record is None:
        return
    kept = record.get("compositeSchedules", {}).get(str(connector_id))
    reported = (csms_commands._answer_in_trace(session, "GetCompositeSchedule") or {}).get("chargingSchedule")
    if kept is None or kept != reported:
        session.fail(f"the CSMS records {json.dumps(kept)} as the composite schedule of connector {connector_id}, "
                     f"but the station reported {json.dumps(reported)}")
