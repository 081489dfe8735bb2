"""OCPP 1.6 Smart Charging in the reference CSMS (OCTT TC_056 - TC_060, TC_066, TC_067, TC_072, TC_082).

SetChargingProfile (also inside RemoteStartTransaction) follows the 1.6 profile rules (section 3.13
and 7.7: a ChargePointMaxProfile on connector 0, a TxProfile on a connector with a running
transaction and only for that transaction, a Relative profile without startSchedule, ...) or is
refused (the trigger API answers 409); an Accepted profile is installed in the record, replacing one
with the same chargingProfileId or the same stackLevel and purpose on that connector.
ClearChargingProfile removes what the station cleared (by id, by criteria, or everything).
GetCompositeSchedule answers are kept per connector. Record (trigger API
/api/octt/1.6/{station}/charging-profiles-record).
"""
import copy
from dataclasses import dataclass, field

from .... import charging_schedules as cs
from ..core import Faults, Refused
from .common import station_record, status_of

Faults.declare({
    "tx_profile_without_transaction_id_16": False,  # TxProfiles leave without transactionId (TC_057)
    "profile_without_validity_16": False,       # SetChargingProfile leaves without validFrom/validTo (TC_056)
    "clear_profile_keeps_record_16": False,     # a cleared charging profile stays in the CSMS's record (TC_067)
    "remote_start_without_profile_16": False,   # RemoteStartTransaction leaves without its chargingProfile (TC_059)
    "composite_without_unit_16": False,         # GetCompositeSchedule leaves without chargingRateUnit (TC_066)
})


TO_201_PURPOSE = {"ChargePointMaxProfile": "ChargingStationMaxProfile"}


def profile201(profile16):
    """A 1.6 csChargingProfiles as the 2.0.1 shape charging_schedules.py works with."""
    profile = {"id": profile16.get("chargingProfileId"), "stackLevel": profile16.get("stackLevel", 0),
               "chargingProfilePurpose": TO_201_PURPOSE.get(profile16.get("chargingProfilePurpose"),
                                                            profile16.get("chargingProfilePurpose")),
               "chargingProfileKind": profile16.get("chargingProfileKind"),
               "chargingSchedule": [copy.deepcopy(profile16.get("chargingSchedule") or {})]}
    for key in ("transactionId", "recurrencyKind", "validFrom", "validTo"):
        if key in profile16:
            profile[key] = profile16[key]
    return profile


def profile_problems16(profile, connector_id):
    """What breaks the OCPP 1.6 rules in a csChargingProfiles sent for a connector ([] when none)."""
    problems = []
    purpose = profile.get("chargingProfilePurpose")
    if purpose == "ChargePointMaxProfile" and connector_id != 0:
        problems.append(f"a ChargePointMaxProfile is set on connector 0, not on connector {connector_id}")
    if purpose == "TxProfile" and connector_id == 0:
        problems.append("a TxProfile is set on the connector of the transaction, not on connector 0")
    for problem in cs.profile_problems(profile201(profile), connector_id):
        if "needs startSchedule" in problem:
            continue    # 1.6: an Absolute schedule without startSchedule starts when charging starts
        problems.append(problem.replace("ChargingStationMaxProfile", "ChargePointMaxProfile")
                        .replace("chargingSchedule[0]: ", "chargingSchedule: ").replace(" (K01.FR.31)", "")
                        .replace(" (K01.FR.38)", ""))
    return problems


@dataclass
class SmartChargingRecord16:
    """What the Central System keeps of one 1.6 Charge Point's charging profiles."""
    profiles: dict = field(default_factory=dict)        # chargingProfileId -> InstalledProfile (2.0.1 shape)
    composites: dict = field(default_factory=dict)      # connectorId -> reported composite chargingSchedule
    remote_start_profiles: list = field(default_factory=list)   # (connectorId, idTag, csChargingProfiles)


def smart_charging16(station):
    return station_record(station, "smart_charging16", SmartChargingRecord16)


class SmartCharging16:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super(); its
    _before16_ and _after16_ methods check and follow what a 1.6 connection is sent (version.py)."""

    # ------------------------------------------------------------------ what the Central System sends

    def _before16_SetChargingProfile(self, station, payload):
        self._check_profile16(station, payload["connectorId"], payload["csChargingProfiles"])
        profile = payload["csChargingProfiles"]
        if self.faults.tx_profile_without_transaction_id_16:
            profile.pop("transactionId", None)
        if self.faults.profile_without_validity_16:
            profile.pop("validFrom", None)
            profile.pop("validTo", None)

    def _before16_GetCompositeSchedule(self, station, payload):
        if self.faults.composite_without_unit_16:
            payload.pop("chargingRateUnit", None)

    def _before16_RemoteStartTransaction(self, station, payload):
        if "chargingProfile" not in payload:
            return
        profile = payload["chargingProfile"]
        problems = []
        if profile.get("chargingProfilePurpose") != "TxProfile":
            problems.append("the chargingProfile of RemoteStartTransaction must be a TxProfile (5.11)")
        if "transactionId" in profile:
            problems.append("the chargingProfile of RemoteStartTransaction has no transactionId: the "
                            "transaction does not exist yet (5.11)")
        problems += [p for p in profile_problems16(profile, payload.get("connectorId")) if "transactionId" not in p]
        if problems:
            raise Refused("the Central System will not send this RemoteStartTransaction: " + "; ".join(problems))
        if self.faults.remote_start_without_profile_16:
            del payload["chargingProfile"]

    def _check_profile16(self, station, connector_id, profile):
        problems = profile_problems16(profile, connector_id)
        if profile.get("chargingProfilePurpose") == "TxProfile" and connector_id:
            running = [t for t in self.transactions16.values() if t.station_id == station.station_id
                       and t.connector_id == connector_id and t.stopped is None]
            tx_id = profile.get("transactionId")
            if not running:
                problems.append(f"no transaction is running on connector {connector_id} (a TxProfile is for "
                                f"a running transaction)")
            elif tx_id is not None and tx_id not in [t.transaction_id for t in running]:
                problems.append(f"transaction {tx_id} is not the one running on connector {connector_id} "
                                f"({running[-1].transaction_id})")
        if problems:
            raise Refused("the Central System will not send this SetChargingProfile: " + "; ".join(problems))

    def _after16_SetChargingProfile(self, station, payload, outcome):
        if status_of(outcome) == "Accepted":
            self._install_profile16(smart_charging16(station), payload["connectorId"], payload["csChargingProfiles"])

    def _after16_RemoteStartTransaction(self, station, payload, outcome):
        if status_of(outcome) == "Accepted" and "chargingProfile" in payload:
            smart_charging16(station).remote_start_profiles.append((payload.get("connectorId"), payload["idTag"],
                                                                    payload["chargingProfile"]))

    def _after16_ClearChargingProfile(self, station, payload, outcome):
        if status_of(outcome) == "Accepted" and not self.faults.clear_profile_keeps_record_16:
            record = smart_charging16(station)
            for profile_id in [i for i, e in record.profiles.items() if _cleared16(e, payload)]:
                del record.profiles[profile_id]

    def _after16_GetCompositeSchedule(self, station, payload, outcome):
        if status_of(outcome) == "Accepted":
            smart_charging16(station).composites[payload["connectorId"]] = outcome.response.get("chargingSchedule")

    def _install_profile16(self, record, connector_id, profile):
        """1.6 section 3.13.2: a profile with the same id, or with the same stackLevel and purpose on the
        same connector, is replaced."""
        for profile_id, entry in list(record.profiles.items()):
            if profile_id == profile["chargingProfileId"] or (
                    entry.evse_id == connector_id and entry.stack_level == profile.get("stackLevel")
                    and entry.profile16["chargingProfilePurpose"] == profile["chargingProfilePurpose"]):
                del record.profiles[profile_id]
        entry = cs.InstalledProfile(profile201(profile), connector_id, origin="operator")
        entry.profile16 = copy.deepcopy(profile)
        record.profiles[profile["chargingProfileId"]] = entry

    # ------------------------------------------------------------------ what the Charge Point sends

    async def on16_StartTransaction(self, station, connection, payload):
        answer = await super().on16_StartTransaction(station, connection, payload)
        record = smart_charging16(station)
        for index, (connector_id, id_tag, profile) in enumerate(record.remote_start_profiles):
            if id_tag == payload["idTag"] and connector_id in (None, payload["connectorId"]):
                # The TxProfile of a remote start becomes the profile of the transaction it started.
                profile = dict(copy.deepcopy(profile), transactionId=answer.get("transactionId"))
                self._install_profile16(record, payload["connectorId"], profile)
                del record.remote_start_profiles[index]
                break
        return answer

    async def on16_StopTransaction(self, station, connection, payload):
        answer = await super().on16_StopTransaction(station, connection, payload)
        record = smart_charging16(station)
        for profile_id in [i for i, e in record.profiles.items()
                           if e.profile16.get("transactionId") == payload["transactionId"]]:
            del record.profiles[profile_id]      # a TxProfile lasts as long as its transaction
        return answer

    # ------------------------------------------------------------------ record (trigger API charging-profiles-record)

    def charging_profiles_report16(self, station_id):
        record = smart_charging16(self.store.stations[station_id])
        return {"profiles": [{"connectorId": e.evse_id, "csChargingProfiles": e.profile16}
                             for e in record.profiles.values()],
                "compositeSchedules": {str(k): v for k, v in record.composites.items()}}


def _cleared16(entry, request):
    """Whether a 1.6 ClearChargingProfile.req removes an installed profile (5.4: with an id, the other
    fields do not count; without any field, every profile goes)."""
    if "id" in request:
        return entry.id == request["id"]
    return all(key not in request or request[key] == value for key, value in (
        ("connectorId", entry.evse_id), ("chargingProfilePurpose", entry.profile16["chargingProfilePurpose"]),
        ("stackLevel", entry.stack_level)))
