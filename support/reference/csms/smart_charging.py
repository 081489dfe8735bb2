"""K Smart Charging: the charging profiles the CSMS has set on each station and what the station
reported, external limits, and ISO 15118 load levelling.

- Every charging profile the CSMS sends (SetChargingProfile, or inside RequestStartTransaction) is
  checked first against the K01/F01 rules; a profile that breaks them is refused before it leaves
  (the trigger API answers 400). What the station accepts becomes the CSMS's view of the station:
  a new id adds a profile, a known id replaces it (K01.FR.05), ClearChargingProfile removes what it
  matches (K10), ReportChargingProfiles pages fill it in (K09), NotifyChargingLimit and
  ClearedChargingLimit add and remove external constraints (K12, K13).
- ISO 15118 (K15-K17): on NotifyEVChargingNeeds for an EVSE with a transaction the CSMS answers
  Accepted and sends a TxProfile for that transaction, within the EV's maximum, its own share per
  EVSE and the limits in force; a NotifyEVChargingSchedule is Accepted when the EV's schedule stays
  within the composite of the limits in force (highest stack level per purpose), else Rejected and
  the CSMS renegotiates by sending its TxProfile again (K15.FR.13, K16.FR.08, K17.FR.13).
"""
import asyncio
import copy
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from ...rpc import CallError, schemas
from ... import charging_schedules as cs
from .core import Faults, Refused

log = logging.getLogger(__name__)

Faults.declare({
    "composite_ignores_stack_level": False,   # limits of one purpose: the lowest, not the highest stack level's
    "accept_any_ev_schedule": False,          # NotifyEVChargingSchedule always Accepted
    "no_renegotiation": False,                # no new TxProfile after rejecting an EV's schedule
    "ignore_ev_charging_needs": False,        # NotifyEVChargingNeeds answered, but no TxProfile follows
    "ignore_renewed_ev_needs": False,         # no new TxProfile when the transaction already has one
    "tx_profile_without_transaction_id": False,  # TxProfiles leave without transactionId
    "no_charging_limits": False,              # NotifyChargingLimit / ClearedChargingLimit: CALLERROR NotSupported
    "no_profile_reports": False,              # ReportChargingProfiles: CALLERROR NotSupported
    "profile_without_validity": False,        # set-charging-profile: no validFrom/validTo
    "new_id_on_replace": False,               # set-charging-profile: a new id even when asked to replace one
    "clear_by_criteria": False,               # clear-charging-profile of a known profile: by criteria, not its id
})

# The CSMS's share of the grid connection per EVSE, for the schedules it computes itself (K15).
EVSE_SHARE = {"A": 16.0, "W": 11040.0}
FIRST_OWN_PROFILE_ID = 5000


class RequestRefused(Refused):
    """The CSMS will not send this request: it breaks an OCPP rule (nothing is sent; the trigger API
    answers 409 with the reason)."""


@dataclass
class SmartChargingState:
    """What the CSMS knows of one station's smart charging (lives on its StationRecord)."""
    profiles: dict = field(default_factory=dict)          # id -> InstalledProfile on the station
    transactions: dict = field(default_factory=dict)      # evseId -> (transactionId, start datetime)
    requests: dict = field(default_factory=dict)          # GetChargingProfiles requestId -> record
    remote_start_profiles: dict = field(default_factory=dict)  # remoteStartId -> (evseId, profile)
    ev_needs: dict = field(default_factory=dict)          # evseId -> last NotifyEVChargingNeeds
    ev_schedules: dict = field(default_factory=dict)      # evseId -> last Accepted EV schedule
    composites: dict = field(default_factory=dict)        # evseId -> last GetCompositeSchedule schedule
    origins: dict = field(default_factory=dict)           # profile id -> "iso15118" while being sent
    external_ids: dict = field(default_factory=dict)      # (source, evseId) -> synthetic profile id
    next_id: int = FIRST_OWN_PROFILE_ID
    in_flight: set = field(default_factory=set)           # asyncio.Events of profile requests not yet answered


def state(station):
    return station.__dict__.setdefault("smart_charging", SmartChargingState())


class SmartCharging:
    TRIGGER_COMMANDS = {"set-charging-profile": "api_set_charging_profile",
                        "clear-charging-profile": "api_clear_charging_profile",
                        "get-charging-profiles": "api_get_charging_profiles"}

    def init_state(self):
        super().init_state()
        hooks = getattr(self, "transaction_hooks", None)     # transactions.py, when it comes later in the MRO
        if hooks is not None:
            hooks.append(self._follow_transaction)

    # ------------------------------------------------------------------ what the CSMS sends

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        watched = ("SetChargingProfile", "RequestStartTransaction", "GetChargingProfiles", "ClearChargingProfile",
                   "GetCompositeSchedule")
        if station is None or action not in watched:
            return await super().send(station_id, action, payload, timeout)
        payload = self._check_outgoing(station, action, payload)
        sc, done = state(station), asyncio.Event()
        sc.in_flight.add(done)
        try:
            outcome = await super().send(station_id, action, payload, timeout)
            self._learn_from_answer(station, action, payload, outcome)
        finally:
            sc.in_flight.discard(done)
            done.set()
        return outcome

    async def _settled(self, station):
        """Wait until the answers to the CSMS's own profile requests are taken in: a station may send
        the next message (its EV's schedule) before the CSMS has read the answer it depends on."""
        pending = [event.wait() for event in state(station).in_flight]
        if pending:
            try:
                await asyncio.wait_for(asyncio.gather(*pending), self.call_timeout + 1)
            except asyncio.TimeoutError:
                pass        # the station never answered: judge with what the CSMS knows

    def _check_outgoing(self, station, action, payload):
        sc = state(station)
        if action == "GetCompositeSchedule":
            return payload
        if action == "GetChargingProfiles":
            criterion = payload["chargingProfile"]
            if not criterion:
                raise RequestRefused("the CSMS will not send this GetChargingProfiles: its chargingProfile criterion "
                                     "needs chargingProfileId or at least one of stackLevel, chargingLimitSource, "
                                     "chargingProfilePurpose (K09.FR.03)")
            return payload
        if action == "ClearChargingProfile":
            if "chargingProfileId" not in payload and not payload.get("chargingProfileCriteria"):
                raise RequestRefused("the CSMS will not send this ClearChargingProfile: it names a chargingProfileId "
                                     "or at least one of evseId, stackLevel, chargingProfilePurpose (K10.FR.02)")
            return payload
        if action == "RequestStartTransaction":
            profile = payload.get("chargingProfile")
            if profile is None:
                return payload
            problems = []
            if profile["chargingProfilePurpose"] != "TxProfile":
                problems.append("the chargingProfile of RequestStartTransaction must be a TxProfile (F01.FR.09)")
            if "transactionId" in profile:
                problems.append("the chargingProfile of RequestStartTransaction has no transactionId (F01.FR.11)")
            problems += [p for p in cs.profile_problems(profile, payload.get("evseId"))
                         if "transactionId" not in p]
        else:
            evse_id, profile = payload["evseId"], payload["chargingProfile"]
            problems = cs.profile_problems(profile, evse_id)
            if profile["chargingProfilePurpose"] == "TxProfile" and evse_id:
                ongoing = sc.transactions.get(evse_id)
                tx_id = profile.get("transactionId")
                if tx_id is not None and (ongoing is None or ongoing[0] != tx_id):
                    problems.append(f"transaction {tx_id} is not ongoing on EVSE {evse_id}")
                if tx_id is None and ongoing is not None:
                    problems.append(f"a TxProfile for EVSE {evse_id} names its transaction {ongoing[0]} "
                                    f"(K01.FR.03)")
            if self.faults.tx_profile_without_transaction_id and "transactionId" in profile:
                payload = copy.deepcopy(payload)
                del payload["chargingProfile"]["transactionId"]
        if problems:
            raise RequestRefused(f"the CSMS will not send this {action}: " + "; ".join(problems))
        return payload

    def _learn_from_answer(self, station, action, payload, outcome):
        sc = state(station)
        answer = outcome.response if outcome.ok else None
        status = (answer or {}).get("status")
        if action == "SetChargingProfile":
            profile = payload["chargingProfile"]
            origin = sc.origins.pop(profile["id"], "operator")
            if status == "Accepted":
                sc.profiles[profile["id"]] = cs.InstalledProfile(copy.deepcopy(profile), payload["evseId"],
                                                                 origin=origin)
        elif action == "ClearChargingProfile" and status in ("Accepted", "Unknown"):
            for profile_id in [e.id for e in sc.profiles.values() if _cleared_by(e, payload)]:
                del sc.profiles[profile_id]
        elif action == "GetChargingProfiles" and answer is not None:
            sc.requests[payload["requestId"]] = {"request": payload, "status": status, "pages": 0,
                                                 "done": status != "Accepted", "profiles": []}
        elif action == "RequestStartTransaction" and status == "Accepted" and "chargingProfile" in payload:
            sc.remote_start_profiles[payload["remoteStartId"]] = (payload.get("evseId"), payload["chargingProfile"])
        elif action == "GetCompositeSchedule" and status == "Accepted" and "schedule" in answer:
            sc.composites[payload["evseId"]] = answer["schedule"]

    # ------------------------------------------------------------------ transactions (for TxProfiles)

    def _follow_transaction(self, station, tx, payload, answer):
        """Transaction hook (transactions.py): which transaction is ongoing on which EVSE, and the
        TxProfile of a remote start, which becomes the profile of the transaction it started."""
        sc = state(station)
        tx_id = payload["transactionInfo"]["transactionId"]
        evse_id = payload.get("evse", {}).get("id", tx.evse_id)
        if payload["eventType"] == "Ended":
            if evse_id is not None and sc.transactions.get(evse_id, (None,))[0] == tx_id:
                del sc.transactions[evse_id]
            for profile_id in [e.id for e in sc.profiles.values() if e.profile.get("transactionId") == tx_id]:
                del sc.profiles[profile_id]       # a TxProfile lasts as long as its transaction
        elif evse_id is not None and sc.transactions.get(evse_id, (None,))[0] != tx_id:
            started = cs.parse_time(tx.started or payload["timestamp"])
            sc.transactions[evse_id] = (tx_id, started)
        remote_start_id = payload["transactionInfo"].get("remoteStartId")
        if remote_start_id in sc.remote_start_profiles and evse_id is not None:
            _, profile = sc.remote_start_profiles.pop(remote_start_id)
            profile = dict(copy.deepcopy(profile), transactionId=tx_id)
            sc.profiles[profile["id"]] = cs.InstalledProfile(profile, evse_id, origin="operator")

    # ------------------------------------------------------------------ reports and external limits

    async def on_ReportChargingProfiles(self, station, connection, payload):
        if self.faults.no_profile_reports:
            raise CallError(connection.codes.not_supported, "ReportChargingProfiles is not supported")
        await self._settled(station)
        sc = state(station)
        record = sc.requests.get(payload["requestId"])
        if record is None:
            log.warning("%s reported charging profiles for request %s, which the CSMS did not send",
                        station.station_id, payload["requestId"])
            record = sc.requests[payload["requestId"]] = {"request": None, "status": None, "pages": 0,
                                                          "done": False, "profiles": []}
        for profile in payload["chargingProfile"]:
            sc.profiles[profile["id"]] = cs.InstalledProfile(copy.deepcopy(profile), payload["evseId"],
                                                             payload["chargingLimitSource"])
            record["profiles"].append(profile["id"])
        record["pages"] += 1
        record["done"] = not payload.get("tbc", False)
        return {}

    async def on_NotifyChargingLimit(self, station, connection, payload):
        if self.faults.no_charging_limits:
            raise CallError(connection.codes.not_supported, "external charging limits are not supported")
        sc = state(station)
        source = payload["chargingLimit"]["chargingLimitSource"]
        evse_id = payload.get("evseId", 0)
        schedules = payload.get("chargingSchedule")
        if schedules:
            key = (source, evse_id)
            profile_id = sc.external_ids.setdefault(key, -(len(sc.external_ids) + 1))
            kind = "Absolute" if "startSchedule" in schedules[0] else "Relative"
            profile = {"id": profile_id, "stackLevel": 0, "chargingProfileKind": kind,
                       "chargingProfilePurpose": "ChargingStationExternalConstraints",
                       "chargingSchedule": copy.deepcopy(schedules)}
            sc.profiles[profile_id] = cs.InstalledProfile(profile, evse_id, source, origin="external")
        return {}

    async def on_ClearedChargingLimit(self, station, connection, payload):
        if self.faults.no_charging_limits:
            raise CallError(connection.codes.not_supported, "external charging limits are not supported")
        sc = state(station)
        source, evse_id = payload["chargingLimitSource"], payload.get("evseId")
        for entry in list(sc.profiles.values()):
            if entry.purpose == "ChargingStationExternalConstraints" and entry.source == source \
                    and (evse_id is None or entry.evse_id == evse_id):
                del sc.profiles[entry.id]
        for key in [k for k in sc.external_ids if k[0] == source and (evse_id is None or k[1] == evse_id)]:
            del sc.external_ids[key]
        return {}

    # ------------------------------------------------------------------ trigger API commands

    async def api_set_charging_profile(self, station_id, body, timeout):
        """set-charging-profile: the CSMS builds and sends a charging profile. Body: evseId,
        chargingProfilePurpose, chargingProfileKind (Absolute), limit, chargingRateUnit (A), stackLevel (0),
        duration, numberPhases, recurrencyKind (Daily), id (to replace a profile; else a new id),
        renegotiate (a TxProfile one stack level above those of the transaction). The CSMS fills in
        the transactionId of a TxProfile, validFrom/validTo and startSchedule (now)."""
        allowed = ("evseId", "chargingProfilePurpose", "chargingProfileKind", "limit", "chargingRateUnit",
                   "stackLevel", "duration", "numberPhases", "recurrencyKind", "id", "renegotiate")
        unknown = sorted(set(body) - set(allowed))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; set-charging-profile takes {', '.join(allowed)}")
        evse_id = int(_number(body, "evseId", True))
        purpose = _choice(body, "chargingProfilePurpose", cs.PURPOSES)
        kind = _choice(body, "chargingProfileKind", ("Absolute", "Recurring", "Relative"), "Absolute")
        limit, unit = _number(body, "limit", True), _choice(body, "chargingRateUnit", ("A", "W"), "A")
        duration, phases = _number(body, "duration", minimum=1), _number(body, "numberPhases", minimum=1)
        sc = state(self.store.stations[station_id])
        ongoing = sc.transactions.get(evse_id) if purpose == "TxProfile" else None
        stack_level = int(_number(body, "stackLevel") or 0)
        if body.get("renegotiate"):
            if ongoing is None:
                raise RequestRefused(f"the CSMS knows no transaction on EVSE {evse_id} to renegotiate")
            stack_level = 1 + max((e.stack_level for e in sc.profiles.values() if e.purpose == "TxProfile"
                                   and e.profile.get("transactionId") == ongoing[0]), default=-1)
        profile_id = None if self.faults.new_id_on_replace else body.get("id")
        if profile_id is None:
            profile_id = 1 + max((i for i in sc.profiles if 0 < i < FIRST_OWN_PROFILE_ID), default=0)
        elif isinstance(profile_id, bool) or not isinstance(profile_id, int):
            raise ValueError(f"id must be a whole number, not {profile_id!r}")
        now = cs.utcnow()
        period = {"startPeriod": 0, "limit": float(limit)}
        if phases:
            period["numberPhases"] = int(phases)
        schedule = {"id": 1, "chargingRateUnit": unit, "chargingSchedulePeriod": [period]}
        profile = {"id": profile_id, "stackLevel": stack_level, "chargingProfilePurpose": purpose,
                   "chargingProfileKind": kind, "chargingSchedule": [schedule]}
        if kind != "Relative":
            schedule["startSchedule"] = cs.iso(now)
            if duration:
                schedule["duration"] = int(duration)
        if kind == "Absolute" and duration and not self.faults.profile_without_validity:
            profile["validFrom"], profile["validTo"] = cs.iso(now), cs.iso(now + timedelta(seconds=duration))
        if kind == "Recurring":
            profile["recurrencyKind"] = _choice(body, "recurrencyKind", ("Daily", "Weekly"), "Daily")
        if ongoing is not None:
            profile["transactionId"] = ongoing[0]
        outcome = await self.send(station_id, "SetChargingProfile", {"evseId": evse_id, "chargingProfile": profile},
                                  timeout)
        return outcome, {"chargingProfileId": profile_id}

    async def api_clear_charging_profile(self, station_id, body, timeout):
        """clear-charging-profile: {"chargingProfileId": n}, {"chargingProfileCriteria": {...}}, or
        {"matching": {"evseId", "chargingProfilePurpose", "stackLevel"}}: by id, the one profile the CSMS
        knows (set or reported) that matches."""
        if len(body) != 1 or next(iter(body)) not in ("chargingProfileId", "chargingProfileCriteria", "matching"):
            raise ValueError("give one of chargingProfileId, chargingProfileCriteria or matching")
        payload = dict(body)
        if "matching" in body:
            criteria = body["matching"]
            if not isinstance(criteria, dict) or not criteria:
                raise ValueError("matching must be an object with evseId, chargingProfilePurpose and/or stackLevel")
            sc = state(self.store.stations[station_id])
            found = [e for e in sc.profiles.values() if e.id > 0 and _cleared_by(e, {"chargingProfileCriteria": criteria})]
            if len(found) != 1:
                raise RequestRefused(f"the CSMS knows {len(found)} charging profiles of {station_id} matching "
                                     f"{criteria}; it clears by id only one it knows")
            payload = {"chargingProfileId": found[0].id}
            if self.faults.clear_by_criteria:
                payload = {"chargingProfileCriteria": dict(criteria)}
        outcome = await self.send(station_id, "ClearChargingProfile", payload, timeout)
        return outcome, dict(payload)

    async def api_get_charging_profiles(self, station_id, body, timeout):
        """get-charging-profiles: {"evseId": n (optional), "chargingProfile": {criterion}}; the CSMS
        chooses the requestId and follows the ReportChargingProfiles pages that answer it."""
        unknown = sorted(set(body) - {"evseId", "chargingProfile"})
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; get-charging-profiles takes evseId and "
                             f"chargingProfile")
        if not isinstance(body.get("chargingProfile"), dict):
            raise ValueError("chargingProfile must be a ChargingProfileCriterion object")
        payload = dict(body, requestId=self.store.next_request_id())
        problems = [m for _, m in schemas.check("2.0.1", "GetChargingProfiles", payload, True)]
        if problems:
            raise ValueError("; ".join(problems))
        outcome = await self.send(station_id, "GetChargingProfiles", payload, timeout)
        return outcome, {"requestId": payload["requestId"]}

    # ------------------------------------------------------------------ ISO 15118 load levelling

    async def on_NotifyEVChargingNeeds(self, station, connection, payload):
        await self._settled(station)
        sc = state(station)
        evse_id = payload["evseId"]
        ongoing = sc.transactions.get(evse_id)
        if ongoing is None:
            return {"status": "Rejected", "statusInfo": {
                "reasonCode": "NoTransaction", "additionalInfo": f"no transaction is ongoing on EVSE {evse_id}"}}
        renewed = any(e.purpose == "TxProfile" and e.profile.get("transactionId") == ongoing[0]
                      for e in sc.profiles.values())
        sc.ev_needs[evse_id] = payload
        if not self.faults.ignore_ev_charging_needs and not (renewed and self.faults.ignore_renewed_ev_needs):
            self._spawn(self._offer_schedule(station.station_id, evse_id))
        return {"status": "Accepted"}

    async def on_NotifyEVChargingSchedule(self, station, connection, payload):
        await self._settled(station)
        sc = state(station)
        evse_id = payload["evseId"]
        ongoing = sc.transactions.get(evse_id)
        if ongoing is None:
            return {"status": "Rejected", "statusInfo": {
                "reasonCode": "NoTransaction", "additionalInfo": f"no transaction is ongoing on EVSE {evse_id}"}}
        groups = cs.applicable(sc.profiles.values(), evse_id, ongoing[0])
        problem = cs.excess(payload["chargingSchedule"], cs.parse_time(payload["timeBase"]), groups,
                            self._anchors(sc, evse_id), not self.faults.composite_ignores_stack_level)
        if problem is None or self.faults.accept_any_ev_schedule:
            sc.ev_schedules[evse_id] = payload
            return {"status": "Accepted"}
        if not self.faults.no_renegotiation:
            self._spawn(self._offer_schedule(station.station_id, evse_id))
        return {"status": "Rejected", "statusInfo": {"reasonCode": "LimitsExceeded", "additionalInfo": problem[:512]}}

    def _anchors(self, sc, evse_id):
        """Relative profiles of a transaction count from the start of that transaction."""
        ongoing = sc.transactions.get(evse_id)
        if ongoing is None:
            return {}
        return {e.id: ongoing[1] for e in sc.profiles.values()
                if e.profile.get("chargingProfileKind") == "Relative" and e.evse_id == evse_id}

    def ev_offer(self, station, evse_id):
        """The TxProfile the CSMS offers for the transaction on an EVSE, from the EV's last needs:
        the lowest of the EV's maximum, the CSMS's share per EVSE, the station and external limits in
        force, and an operator's TxProfile in force. It replaces the TxProfile in force, if any."""
        sc = state(station)
        tx_id, _ = sc.transactions[evse_id]
        needs = sc.ev_needs[evse_id]["chargingNeeds"]
        if "dcChargingParameters" in needs:
            unit, dc = "W", needs["dcChargingParameters"]
            ev_max = dc.get("evMaxPower", dc["evMaxCurrent"] * dc["evMaxVoltage"])
        else:
            unit, ev_max = "A", needs.get("acChargingParameters", {}).get("evMaxCurrent", EVSE_SHARE["A"])
        now = cs.utcnow()
        by_stack = not self.faults.composite_ignores_stack_level
        groups = cs.applicable(sc.profiles.values(), evse_id, tx_id)
        anchors = self._anchors(sc, evse_id)
        caps = [ev_max, EVSE_SHARE[unit],
                cs.composite_limit(dict(groups, tx=[], default=[]), now, unit, anchors, by_stack)]
        in_force = sorted((e for e in groups["tx"] if cs.limit_at(e, now, unit, anchors.get(e.id)) is not None),
                          key=lambda e: e.stack_level, reverse=True)
        if in_force and in_force[0].origin == "operator":
            caps.append(cs.limit_at(in_force[0], now, unit, anchors.get(in_force[0].id)))
        limit = min(c for c in caps if c is not None)
        if in_force:
            profile_id, stack_level = in_force[0].id, in_force[0].stack_level
        else:
            profile_id = max([sc.next_id] + [i + 1 for i in sc.profiles])
            sc.next_id, stack_level = profile_id + 1, 0
        return {"evseId": evse_id, "chargingProfile": {
            "id": profile_id, "stackLevel": stack_level, "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Absolute", "transactionId": tx_id,
            "chargingSchedule": [{"id": 1, "chargingRateUnit": unit, "startSchedule": cs.iso(now),
                                  "chargingSchedulePeriod": [{"startPeriod": 0, "limit": round(limit, 1)}]}]}}

    async def _offer_schedule(self, station_id, evse_id):
        await asyncio.sleep(0.01)     # after our answer to the station's request has gone out
        station = self.store.stations.get(station_id)
        if station is None or evse_id not in state(station).transactions:
            return
        payload = self.ev_offer(station, evse_id)
        state(station).origins[payload["chargingProfile"]["id"]] = "iso15118"
        try:
            outcome = await self.send(station_id, "SetChargingProfile", payload)
        except LookupError as exc:       # gone, or refused (RequestRefused): nothing to renegotiate with
            log.info("the ISO 15118 TxProfile for %s was not sent: %s", station_id, exc)
            return
        if not outcome.ok:
            log.warning("%s did not accept the ISO 15118 TxProfile: %s", station_id, outcome.describe())


def _number(body, key, required=False, minimum=0):
    value = body.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ValueError(f"{key} must be a number {minimum} or above, not {value!r}")
    return value


def _choice(body, key, allowed, default=None):
    value = body.get(key, default)
    if value not in allowed:
        raise ValueError(f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _cleared_by(entry, request):
    """Whether a ClearChargingProfileRequest removes an installed profile (K10)."""
    if entry.purpose == "ChargingStationExternalConstraints":
        return False
    if "chargingProfileId" in request:
        return entry.id == request["chargingProfileId"]
    criteria = request.get("chargingProfileCriteria")
    if criteria is None:
        return True
    return all((key not in criteria or criteria[key] == value) for key, value in (
        ("evseId", entry.evse_id), ("chargingProfilePurpose", entry.purpose), ("stackLevel", entry.stack_level)))
