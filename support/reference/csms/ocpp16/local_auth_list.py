"""OCPP 1.6 Local Auth List Management in the reference CSMS (OCTT TC_042, TC_043, TC_008), made to act
through the 1.6 trigger API (POST /api/octt/1.6/{station}/{kebab-action}, the body is the 1.6
payload). What the Central System checks before it sends (a request it will not make is refused:
the trigger API answers 409 and nothing is sent) and what it keeps: the station's list version as
the CSMS knows it (GetLocalListVersion.conf: -1 not supported, 0 no list; the last SendLocalList the
station accepted) and the entries it holds.

SendLocalList: list versions start at 1; an idTag is listed once; a differential update must be
newer than the version it knows the station has; an entry of a full list without idTagInfo gets the
idTagInfo of the CSMS's own records (status and parentIdTag), an idTag it does not know is refused.
NotSupported, Failed and VersionMismatch leave its view of the list as it was (after VersionMismatch
the version is unknown, after NotSupported the list is not supported).

Record (trigger API /api/octt/1.6/{station}/local-list-record).
"""
from dataclasses import dataclass, field

from ..core import CsmsCore, Faults, Refused
from .common import station_record
from .version import STATUS_16

Faults.declare({
    "local_list_stale_version_16": False,        # SendLocalList.req carries the version the CSMS knows, not a newer one
    "full_list_without_id_tag_info_16": False,   # full local lists go out without idTagInfo
})


@dataclass
class LocalListRecord16:
    list_version: int = None        # the station's list version as the CSMS knows it; None unknown, -1 not supported
    list_entries: dict = field(default_factory=dict)    # idTag -> idTagInfo the station accepted
    list_updates: list = field(default_factory=list)    # {"request", "status"} in order


def local_list_record16(station):
    return station_record(station, "local_list16", LocalListRecord16)


class LocalAuthListManagement16:
    """Mixin before Ocpp16 in ReferenceCsms: SendLocalList and GetLocalListVersion of a 1.6 connection
    go through its _send16_ methods (version.py)."""

    def _list_info(self, id_tag):
        record = self.store.token(id_tag)
        if record is None:
            return None
        info = {"status": STATUS_16.get(record.status, "Invalid")}
        if record.group_id:
            info["parentIdTag"] = record.group_id
        return info

    async def _send16_SendLocalList(self, station_id, station, payload, timeout):
        state = local_list_record16(station)
        version, update_type = payload["listVersion"], payload["updateType"]
        entries = payload.get("localAuthorizationList", [])
        refuse = f"the Central System does not send local list version {version} ({update_type}) to {station_id}"
        if version < 1:
            raise Refused(f"{refuse}: list versions start at 1 (0 means no list, -1 no list support)")
        tags = [entry["idTag"] for entry in entries]
        twice = sorted({t for t in tags if tags.count(t) > 1})
        if twice:
            raise Refused(f"{refuse}: idTag {', '.join(twice)} is listed more than once")
        known = state.list_version
        if update_type == "Differential" and known is not None and known >= 0 and version <= known:
            raise Refused(f"{refuse}: the station's list is version {known}; a differential update must be newer")
        if update_type == "Full":
            for entry in entries:
                if "idTagInfo" not in entry:
                    info = self._list_info(entry["idTag"])
                    if info is None:
                        raise Refused(f"{refuse}: it knows no idTag {entry['idTag']!r} to give an idTagInfo for")
                    entry["idTagInfo"] = info
                if self.faults.full_list_without_id_tag_info_16:
                    entry.pop("idTagInfo", None)
        if self.faults.local_list_stale_version_16 and known is not None and known > 0:
            payload["listVersion"] = known
        outcome = await CsmsCore.send(self, station_id, "SendLocalList", payload, timeout)
        if not outcome.ok:
            return outcome
        status = outcome.response.get("status")
        state.list_updates.append({"request": payload, "status": status})
        if status == "Accepted":
            if update_type == "Full":
                state.list_entries = {}
            for entry in entries:
                if "idTagInfo" in entry:
                    state.list_entries[entry["idTag"]] = entry["idTagInfo"]
                else:
                    state.list_entries.pop(entry["idTag"], None)
            state.list_version = payload["listVersion"]
        elif status == "VersionMismatch":
            state.list_version = None          # ask again (GetLocalListVersion) before the next update
        elif status == "NotSupported":
            state.list_version = -1
        return outcome

    async def _send16_GetLocalListVersion(self, station_id, station, payload, timeout):
        state = local_list_record16(station)
        outcome = await CsmsCore.send(self, station_id, "GetLocalListVersion", payload, timeout)
        if outcome.ok and isinstance(outcome.response.get("listVersion"), int):
            state.list_version = outcome.response["listVersion"]
            if state.list_version <= 0:
                state.list_entries = {}
        return outcome

    def local_list_report16(self, station_id):
        """The Central System's view of a Charge Point's local list (trigger API local-list-record)."""
        state = local_list_record16(self.store.stations[station_id])
        return {"listVersion": state.list_version, "supported": state.list_version != -1,
                "entries": [{"idTag": tag, "idTagInfo": info} for tag, info in sorted(state.list_entries.items())],
                "updates": list(state.list_updates)}
