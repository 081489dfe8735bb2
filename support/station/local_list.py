"""The test station's Local Authorization List (OCPP 2.0.1 D01/D02): a version and idToken entries,
kept the way a conformant station keeps them, so that the CSMS's SendLocalList and
GetLocalListVersion get the answers a real station would give."""
from dataclasses import dataclass, field


@dataclass
class LocalList:
    version: int = 0                               # 0: no list installed (D02)
    entries: dict = field(default_factory=dict)    # idToken -> AuthorizationData

    def install(self, version, entries=()):
        self.version = version
        self.entries = {entry["idToken"]["idToken"]: entry for entry in entries}

    def apply(self, payload):
        """Apply a SendLocalListRequest; the SendLocalListStatus a conformant station answers."""
        version, entries = payload["versionNumber"], payload.get("localAuthorizationList", [])
        if version <= 0:
            return "Failed"           # D01.FR.18: 0 (and less) is never a list version
        tokens = [entry["idToken"]["idToken"] for entry in entries]
        if len(set(tokens)) != len(tokens):
            return "Failed"           # D01.FR.06: idTokens in a list are unique
        if payload["updateType"] == "Full":
            if any("idTokenInfo" not in entry for entry in entries):
                return "Failed"       # a full list has idTokenInfo for every entry
            self.install(version, entries)
            return "Accepted"
        if version <= self.version:
            return "VersionMismatch"  # a differential update must be newer than the current list
        for entry in entries:
            if "idTokenInfo" in entry:
                self.entries[entry["idToken"]["idToken"]] = entry
            else:                     # D01.FR.17: no idTokenInfo removes the entry
                self.entries.pop(entry["idToken"]["idToken"], None)
        self.version = version
        return "Accepted"


def local_list(model):
    """The local list of a StationModel (none installed until something sets one)."""
    if getattr(model, "local_list", None) is None:
        model.local_list = LocalList()
    return model.local_list


def _send_local_list(model, payload):
    return {"status": local_list(model).apply(payload)}


def _get_local_list_version(model, payload):
    return {"versionNumber": local_list(model).version}


# Default answers of the test station (registered in answers.DEFAULTS).
ANSWERS = {
    "SendLocalList": _send_local_list,
    "GetLocalListVersion": _get_local_list_version,
}


# ---------------------------------------------------------------------- scenario actions

# The AuthorizationStatus of each configured idToken kind (what the CSMS is told to hold for it).
KIND_STATUS = {"valid": "Accepted", "valid_2": "Accepted", "group": "Accepted", "masterpass": "Accepted",
               "invalid": "Invalid", "blocked": "Blocked", "expired": "Expired"}


def authorization_data(config, kind, with_info=True):
    """AuthorizationData of a configured idToken kind, with the idTokenInfo the CSMS should know."""
    value, type_ = config.token(kind)
    data = {"idToken": {"idToken": value, "type": type_}}
    if with_info:
        info = {"status": KIND_STATUS[kind]}
        group = {"masterpass": config.masterpass_group_id, "valid": config.group_id, "valid_2": config.group_id,
                 "group": config.group_id}.get(kind)
        if group:
            info["groupIdToken"] = {"idToken": group, "type": "Central"}
        data["idTokenInfo"] = info
    return data


def install(session, version, kinds):
    """Give the test station a local list of this version with these configured idToken kinds."""
    entries = [authorization_data(session.config, kind) for kind in kinds]
    local_list(session.station.model).install(version, entries)


def ask_send_local_list(session, update_type, add=None, remove=()):
    """Ask the CSMS for a SendLocalList: Full (add=None: the CSMS's whole list; []: an empty list) or
    Differential (adding `add`, removing `remove`, configured idToken kinds)."""
    from ..scenario import csms_commands
    config = session.config
    body = {"updateType": update_type}
    if add is not None:
        body["idTokens"] = [config.token(kind)[0] for kind in add]
    if remove:
        body["remove"] = [config.token(kind)[0] for kind in remove]
    # Without the send-local-list command the suite builds the update, as the public suites do.
    # (a Differential update without idTokens adds nothing: TC_D_03 only removes)
    fallback_add = (["valid", "valid_2"] if update_type == "Full" else []) if add is None else add
    entries = [authorization_data(config, kind) for kind in fallback_add] + \
              [authorization_data(config, kind, with_info=False) for kind in remove]
    fallback = {"versionNumber": local_list(session.station.model).version + 1, "updateType": update_type}
    if entries:
        fallback["localAuthorizationList"] = entries
    what = {"Full": "a full local authorization list" if add != [] else "an empty full local authorization list",
            "Differential": "a differential local authorization list update"}[update_type]
    csms_commands.ask(session, f"make the CSMS send {what} {body}", "send-local-list", body, "SendLocalList",
                      fallback)


def ask_local_list_version(session):
    from ..scenario import csms_commands
    csms_commands.ask(session, "make the CSMS ask the station for its local list version",
                      "get-local-list-version", {}, "GetLocalListVersion", {})


def check_full_list_entries(session):
    """The last SendLocalList of the CSMS lists unique idTokens, each with idTokenInfo (D01, D01.FR.06)."""
    requests = session.station.requests_from_csms("SendLocalList")
    if not requests:
        session.fail("the CSMS sent no SendLocalList in this scenario")
    entries = requests[-1].frame.payload.get("localAuthorizationList", [])
    if not entries:
        session.fail("the CSMS's SendLocalList has no localAuthorizationList entries")
    problems = [f"localAuthorizationList[{i}] ({entry['idToken']['idToken']}) has no idTokenInfo"
                for i, entry in enumerate(entries) if "idTokenInfo" not in entry]
    tokens = [entry["idToken"]["idToken"] for entry in entries]
    problems += [f"idToken {t} is listed {tokens.count(t)} times (D01.FR.06)"
                 for t in sorted(set(tokens)) if tokens.count(t) > 1]
    if problems:
        session.fail("the CSMS's local authorization list is not a valid full list:\n  " + "\n  ".join(problems))
