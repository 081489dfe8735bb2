"""D Local Authorization List Management: the list the CSMS keeps per station and its version.

The CSMS knows the version of each station's local list: from the station's answer to
GetLocalListVersion, or from the last SendLocalList the station accepted. It builds updates from
its idToken store: a full list (every entry with idTokenInfo, D01), a differential update that
adds or changes entries, or one that removes them (entries without idTokenInfo, D01.FR.17).
Every update carries a version above the station's current one (D01.FR.18); when it does not know
that version it asks first (D02), and after a VersionMismatch it asks again and retries once.

Made to act through the trigger API (send-local-list, get-local-list-version); SendLocalList and
GetLocalListVersion sent any other way (call/{Action}) are watched all the same.
"""
from dataclasses import dataclass, field

from .core import Faults

Faults.declare({
    "local_list_stale_version": False,          # updates carry the station's current version, not a newer one
    "full_list_without_id_token_info": False,   # full lists carry idTokens without idTokenInfo
})

UPDATE_TYPES = ("Full", "Differential")


@dataclass
class LocalListState:
    version: int = None             # the station's list version as the CSMS knows it; None: unknown
    entries: dict = field(default_factory=dict)     # idToken -> AuthorizationData the station accepted
    updates: list = field(default_factory=list)     # (SendLocalListRequest, status) in order


def local_list_state(station):
    """The local list the CSMS knows a station has (made on first use; a new station record starts empty)."""
    state = station.__dict__.get("local_list_state")
    if state is None:
        state = station.__dict__["local_list_state"] = LocalListState()
    return state


def _token_names(body, key):
    names = body.get(key)
    if names is None:
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"{key} must be a list of idToken strings, e.g. [\"04A1B2C3D4E501\"]")
    if len(set(names)) != len(names):
        raise ValueError(f"{key} names an idToken twice; the idTokens of a local list are unique (D01.FR.06)")
    return names


class LocalListManagement:
    TRIGGER_COMMANDS = {"send-local-list": "api_send_local_list",
                        "get-local-list-version": "api_get_local_list_version"}

    # ------------------------------------------------------------------ watching what is sent

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        if station is None or action not in ("SendLocalList", "GetLocalListVersion"):
            return await super().send(station_id, action, payload, timeout)
        state = local_list_state(station)
        outcome = await super().send(station_id, action, payload, timeout)
        if not outcome.ok:
            return outcome
        if action == "GetLocalListVersion":
            state.version = outcome.response.get("versionNumber")
            if state.version == 0:
                state.entries = {}              # 0: no list installed (D02)
            return outcome
        status = outcome.response.get("status")
        state.updates.append((payload, status))
        if status == "Accepted":
            if payload["updateType"] == "Full":
                state.entries = {}
            for entry in payload.get("localAuthorizationList", []):
                if "idTokenInfo" in entry:
                    state.entries[entry["idToken"]["idToken"]] = entry
                else:
                    state.entries.pop(entry["idToken"]["idToken"], None)
            state.version = payload["versionNumber"]
        elif status == "VersionMismatch":
            state.version = None                # ask the station before the next update
        return outcome

    # ------------------------------------------------------------------ building updates

    def _ll_authorization_data(self, name, with_info=True):
        record = self.store.token(name)
        if record is None:
            raise LookupError(f"the CSMS knows no idToken {name!r}; create it first (create-token)")
        data = {"idToken": {"idToken": record.id_token, "type": record.type or "Central"}}
        if with_info:
            data["idTokenInfo"] = self.id_token_info(data["idToken"])
        return data

    def local_list_update(self, update_type, add=None, remove=()):
        """localAuthorizationList entries of an update: a full list of `add` (default: every idToken
        the CSMS knows), or a differential update adding `add` and removing `remove`."""
        if update_type == "Full":
            names = sorted(self.store.tokens) if add is None else add
            with_info = not self.faults.full_list_without_id_token_info
            return [self._ll_authorization_data(n, with_info) for n in names]
        return [self._ll_authorization_data(n) for n in add or ()] + \
               [self._ll_authorization_data(n, with_info=False) for n in remove]

    async def local_list_version(self, station_id, timeout=None):
        """(version, failed outcome): the station's list version, asked with GetLocalListVersion when unknown."""
        state = local_list_state(self.store.stations[station_id])
        if state.version is None:
            outcome = await self.send(station_id, "GetLocalListVersion", {}, timeout)
            if not outcome.ok:
                return None, outcome
        return state.version, None

    async def send_local_list(self, station_id, update_type, entries, timeout=None):
        """SendLocalList with a version above the station's; returns (outcome, versionNumber)."""
        outcome, version = None, None
        for attempt in range(2):
            current, failed = await self.local_list_version(station_id, timeout)
            if failed is not None:
                return failed, None
            version = current if self.faults.local_list_stale_version else current + 1
            payload = {"versionNumber": max(version, 1), "updateType": update_type}
            if entries:
                payload["localAuthorizationList"] = entries
            outcome = await self.send(station_id, "SendLocalList", payload, timeout)
            if not (outcome.ok and outcome.response.get("status") == "VersionMismatch"):
                break               # a VersionMismatch is retried once, with the version asked again
        return outcome, payload["versionNumber"]

    # ------------------------------------------------------------------ trigger API commands

    async def api_send_local_list(self, station_id, body, timeout):
        """send-local-list: {"updateType": "Full"|"Differential", "idTokens": [...], "remove": [...]}."""
        unknown = set(body) - {"updateType", "idTokens", "remove"}
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}; send-local-list takes "
                             f"updateType, idTokens and remove")
        update_type = body.get("updateType")
        if update_type not in UPDATE_TYPES:
            raise ValueError(f"updateType must be Full or Differential, not {update_type!r}")
        add, remove = _token_names(body, "idTokens"), _token_names(body, "remove") or []
        if update_type == "Full" and remove:
            raise ValueError("a Full list replaces the station's list: it has no entries to remove")
        if update_type == "Differential" and not (add or remove):
            raise ValueError("a Differential update needs idTokens to add or update, or remove")
        if set(add or ()) & set(remove):
            raise ValueError("an idToken cannot be both added and removed in one update")
        entries = self.local_list_update(update_type, add, remove)
        outcome, version = await self.send_local_list(station_id, update_type, entries, timeout)
        return outcome, {"versionNumber": version} if version is not None else {}

    async def api_get_local_list_version(self, station_id, body, timeout):
        """get-local-list-version: {} -> the station's GetLocalListVersionResponse."""
        if body:
            raise ValueError("get-local-list-version takes an empty body")
        return await self.send(station_id, "GetLocalListVersion", {}, timeout), {}
