"""Charging-profile arithmetic of OCPP 2.0.1 block K, shared by the test station and the reference
CSMS: the rules a profile must follow (K01), which profile prevails at a moment (validity, stack
level, a specific EVSE over EVSE 0) and the composite schedule (K08).

Pure functions over payload dicts as the specification writes them (camelCase); times are aware
datetimes. Limits are compared in one unit: amperes convert to watts at 230 V per phase.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

PURPOSES = ("ChargingStationMaxProfile", "ChargingStationExternalConstraints", "TxDefaultProfile", "TxProfile")
RECURRENCE_SECONDS = {"Daily": 86400, "Weekly": 7 * 86400}
VOLTAGE = 230.0
DEFAULT_PHASES = 3


def utcnow():
    return datetime.now(timezone.utc)


def parse_time(text):
    """An RFC 3339 date-time as an aware datetime (None for None)."""
    if text is None:
        return None
    value = datetime.fromisoformat(str(text).replace("Z", "+00:00").replace("z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def iso(moment):
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def convert(limit, unit, wanted, phases=None):
    """A limit in `unit` (A or W) expressed in `wanted`, for `phases` phases (3 when not given)."""
    if unit == wanted or limit is None:
        return limit
    phases = phases or DEFAULT_PHASES
    return limit * VOLTAGE * phases if wanted == "W" else limit / (VOLTAGE * phases)


# ---------------------------------------------------------------------- the rules of a profile (K01)

def profile_problems(profile, evse_id):
    """What breaks the OCPP 2.0.1 rules in a chargingProfile sent for an EVSE ([] when none).

    K01.FR.31 (first period starts at 0), K01.FR.38 (ChargingStationMaxProfile not Relative),
    K01.FR.22 (the CSMS does not set ChargingStationExternalConstraints), TxProfile only on an EVSE,
    ChargingStationMaxProfile only on EVSE 0, startSchedule with Absolute/Recurring only,
    recurrencyKind with Recurring only, ascending periods, limits of 0 or more, validFrom < validTo.
    """
    problems = []
    purpose = profile.get("chargingProfilePurpose")
    kind = profile.get("chargingProfileKind")
    if purpose == "ChargingStationExternalConstraints":
        problems.append("a CSMS does not set ChargingStationExternalConstraints; they come from an external "
                        "system (K01.FR.22)")
    if purpose == "ChargingStationMaxProfile":
        if evse_id not in (0, None):
            problems.append(f"a ChargingStationMaxProfile is set on EVSE 0, not on EVSE {evse_id}")
        if kind == "Relative":
            problems.append("a ChargingStationMaxProfile cannot be Relative (K01.FR.38)")
    if purpose == "TxProfile" and evse_id == 0:
        problems.append("a TxProfile is set on a specific EVSE, not on EVSE 0")
    if purpose != "TxProfile" and "transactionId" in profile:
        problems.append(f"only a TxProfile carries a transactionId, not a {purpose}")
    if kind == "Recurring" and "recurrencyKind" not in profile:
        problems.append("a Recurring profile needs recurrencyKind")
    if kind != "Recurring" and "recurrencyKind" in profile:
        problems.append(f"recurrencyKind belongs to Recurring profiles, not to a {kind} one")
    if profile.get("stackLevel", 0) < 0:
        problems.append("stackLevel cannot be negative")
    valid_from, valid_to = parse_time(profile.get("validFrom")), parse_time(profile.get("validTo"))
    if valid_from and valid_to and valid_from >= valid_to:
        problems.append("validFrom must come before validTo")
    for index, schedule in enumerate(profile.get("chargingSchedule") or []):
        where = f"chargingSchedule[{index}]"
        if kind in ("Absolute", "Recurring") and "startSchedule" not in schedule:
            problems.append(f"{where}: an {kind} profile needs startSchedule")
        if kind == "Relative" and "startSchedule" in schedule:
            problems.append(f"{where}: a Relative profile has no startSchedule")
        if kind == "Recurring" and schedule.get("duration", 0) > RECURRENCE_SECONDS.get(
                profile.get("recurrencyKind"), float("inf")):
            problems.append(f"{where}: duration is longer than one {profile.get('recurrencyKind')} recurrence")
        periods = schedule.get("chargingSchedulePeriod") or []
        if periods and periods[0].get("startPeriod") != 0:
            problems.append(f"{where}: the first chargingSchedulePeriod must start at 0 (K01.FR.31)")
        starts = [p.get("startPeriod", 0) for p in periods]
        if starts != sorted(set(starts)):
            problems.append(f"{where}: startPeriod values must increase")
        for p in periods:
            if p.get("limit", 0) < 0:
                problems.append(f"{where}: limit {p['limit']} is negative")
            if "phaseToUse" in p and p.get("numberPhases") != 1:
                problems.append(f"{where}: phaseToUse needs numberPhases 1")
    return problems


# ---------------------------------------------------------------------- installed profiles and time

@dataclass
class InstalledProfile:
    """A chargingProfile in force on an EVSE (0 = the whole station), as one side knows it."""
    profile: dict
    evse_id: int
    source: str = "CSO"                       # ChargingLimitSourceEnumType
    installed_at: datetime = field(default_factory=utcnow)
    origin: str = ""                          # who asked for it (the reference CSMS: "operator" / "iso15118")

    @property
    def id(self):
        return self.profile["id"]

    @property
    def purpose(self):
        return self.profile["chargingProfilePurpose"]

    @property
    def stack_level(self):
        return self.profile.get("stackLevel", 0)


def _schedule(profile):
    schedules = profile.get("chargingSchedule") or []
    return schedules[0] if schedules else {}


def _starts(entry, anchor, begin, end):
    """The moments the schedule of an installed profile (re)starts that matter in [begin, end)."""
    profile, schedule = entry.profile, _schedule(entry.profile)
    kind = profile.get("chargingProfileKind")
    if kind == "Relative":
        return [anchor or entry.installed_at]
    start = parse_time(schedule.get("startSchedule")) or entry.installed_at
    if kind != "Recurring":
        return [start]
    period = RECURRENCE_SECONDS.get(profile.get("recurrencyKind"), 86400)
    first = int((begin - start).total_seconds() // period)
    last = int((end - start).total_seconds() // period) + 1
    return [start + timedelta(seconds=k * period) for k in range(max(first, 0), max(last, 0) + 1)]


def limit_at(entry, moment, unit, anchor=None):
    """The limit (in `unit`) an installed profile sets at `moment`, or None where it sets none."""
    profile, schedule = entry.profile, _schedule(entry.profile)
    valid_from, valid_to = parse_time(profile.get("validFrom")), parse_time(profile.get("validTo"))
    if (valid_from and moment < valid_from) or (valid_to and moment >= valid_to):
        return None
    periods = schedule.get("chargingSchedulePeriod") or []
    starts = [s for s in _starts(entry, anchor, moment, moment + timedelta(seconds=1)) if s <= moment]
    if not starts or not periods:
        return None
    offset = (moment - max(starts)).total_seconds()
    duration = schedule.get("duration")
    if duration is not None and offset >= duration:
        return None
    current = None
    for p in periods:
        if p.get("startPeriod", 0) <= offset:
            current = p
    if current is None:
        return None
    return convert(current["limit"], schedule.get("chargingRateUnit", "A"), unit, current.get("numberPhases"))


def change_points(entry, begin, end, anchor=None):
    """Moments in [begin, end) where the limit of an installed profile can change."""
    profile, schedule = entry.profile, _schedule(entry.profile)
    points = [parse_time(profile.get("validFrom")), parse_time(profile.get("validTo"))]
    for start in _starts(entry, anchor, begin, end):
        points.append(start)
        points += [start + timedelta(seconds=p.get("startPeriod", 0)) for p in schedule.get("chargingSchedulePeriod") or []]
        if schedule.get("duration") is not None:
            points.append(start + timedelta(seconds=schedule["duration"]))
    return {p for p in points if p is not None and begin <= p < end}


# ---------------------------------------------------------------------- which profile prevails

def prevailing(entries, moment, unit, anchors=None, by_stack_level=True):
    """The limit set by one purpose's profiles at `moment`: the profile with the highest stack level
    that sets a limit then, an EVSE-specific one before an EVSE 0 one at the same level.
    by_stack_level=False takes the lowest of all their limits (a common mistake, kept for faults)."""
    anchors = anchors or {}
    limits = [(e, limit_at(e, moment, unit, anchors.get(e.id))) for e in entries]
    limits = [(e, v) for e, v in limits if v is not None]
    if not limits:
        return None
    if not by_stack_level:
        return min(v for _, v in limits)
    limits.sort(key=lambda ev: (ev[0].stack_level, ev[0].evse_id != 0), reverse=True)
    return limits[0][1]


def applicable(entries, evse_id, transaction_id=None):
    """The installed profiles that bear on an EVSE, grouped as the composite combines them:
    {"station": [...ChargingStationMaxProfile], "external": [...], "tx": [...TxProfile], "default": [...]}."""
    groups = {"station": [], "external": [], "tx": [], "default": []}
    for e in entries:
        if e.purpose == "ChargingStationMaxProfile":
            groups["station"].append(e)
        elif e.purpose == "ChargingStationExternalConstraints" and e.evse_id in (0, evse_id):
            groups["external"].append(e)
        elif evse_id and e.purpose == "TxProfile" and e.evse_id == evse_id and transaction_id is not None \
                and e.profile.get("transactionId") in (None, transaction_id):
            groups["tx"].append(e)
        elif evse_id and e.purpose == "TxDefaultProfile" and e.evse_id in (0, evse_id):
            groups["default"].append(e)
    return groups


def composite_limit(groups, moment, unit, anchors=None, by_stack_level=True):
    """The lowest of the limits in force at `moment`: station maximum, external constraints, and the
    TxProfile of the transaction or, where none sets a limit, the TxDefaultProfile."""
    station = prevailing(groups["station"], moment, unit, anchors, by_stack_level)
    external = prevailing(groups["external"], moment, unit, anchors, by_stack_level)
    tx = prevailing(groups["tx"], moment, unit, anchors, by_stack_level)
    if tx is None:
        tx = prevailing(groups["default"], moment, unit, anchors, by_stack_level)
    values = [v for v in (station, external, tx) if v is not None]
    return min(values) if values else None


def composite_segments(groups, begin, duration, unit, anchors=None, by_stack_level=True, physical_limit=None):
    """[(moment, limit)] from `begin` for `duration` seconds, one entry per change of the composite
    limit (None: no profile sets a limit then and there is no physical limit)."""
    end = begin + timedelta(seconds=duration)
    anchors = anchors or {}
    points = {begin}
    for group in groups.values():
        for e in group:
            points |= change_points(e, begin, end, anchors.get(e.id))
    segments = []
    for moment in sorted(points):
        value = composite_limit(groups, moment, unit, anchors, by_stack_level)
        if physical_limit is not None:
            value = physical_limit if value is None else min(value, physical_limit)
        if not segments or segments[-1][1] != value:
            segments.append((moment, value))
    return segments


def schedule_periods(segments, begin):
    """Composite segments as chargingSchedulePeriod entries relative to `begin`, in whole seconds
    (a change within a second of the previous one replaces it)."""
    periods = []
    for moment, value in segments:
        if value is None:
            continue
        start = int((moment - begin).total_seconds())
        if periods and periods[-1]["startPeriod"] == start:
            periods.pop()
        if not periods or periods[-1]["limit"] != round(value, 3):
            periods.append({"startPeriod": start, "limit": round(value, 3)})
    return periods


def limit_in_segments(segments, moment):
    current = None
    for start, value in segments:
        if start <= moment:
            current = value
    return current


def excess(schedule, time_base, groups, anchors=None, by_stack_level=True):
    """Where an EV's chargingSchedule goes above the composite limits: a description, or None when it
    stays within them (K15.FR.11/12, K16.FR.06/07, K17.FR.11/12)."""
    unit = schedule.get("chargingRateUnit", "A")
    periods = schedule.get("chargingSchedulePeriod") or []
    if not periods:
        return None
    horizon = schedule.get("duration") or (periods[-1].get("startPeriod", 0) + 86400)
    segments = composite_segments(groups, time_base, horizon, unit, anchors, by_stack_level)
    for index, period in enumerate(periods):
        begin = time_base + timedelta(seconds=period.get("startPeriod", 0))
        finish = time_base + timedelta(seconds=periods[index + 1]["startPeriod"] if index + 1 < len(periods)
                                       else horizon)
        ev_limit = convert(period["limit"], unit, unit, period.get("numberPhases"))
        checks = [begin] + [m for m, _ in segments if begin < m < finish]
        for moment in checks:
            allowed = limit_in_segments(segments, moment)
            if allowed is not None and ev_limit > allowed + 1e-6:
                offset = int((moment - time_base).total_seconds())
                return (f"the EV asks for {period['limit']:g} {unit} at +{offset} s where the limit in force is "
                        f"{allowed:g} {unit}")
    return None
