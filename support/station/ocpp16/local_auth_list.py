"""OCPP 1.6 Local Auth List Management on the test station (Central System under test: OCTT TC_042,
TC_043, TC_008): its local list and version, how it answers SendLocalList and GetLocalListVersion
(ocpp16.answers.DEFAULTS16) and what it keeps of its answer (ocpp16.answers.AFTER16); making the Central System
send a list or ask for its version; the checks of the list sent and of the Central System's
local-list-record."""
from dataclasses import dataclass, field

from ...scenario import csms_commands
from .common import ask, ask_connected, csms_record

ACCEPTED = "Accepted"


@dataclass
class LocalList16:
    supported: bool = True                          # False: GetLocalListVersion -1, SendLocalList NotSupported
    version: int = 0                                # 0: no list installed
    entries: dict = field(default_factory=dict)     # idTag -> idTagInfo

    def evaluate(self, payload):
        """The UpdateStatus a conformant Charge Point answers a SendLocalList.req with."""
        if not self.supported:
            return "NotSupported"
        version, entries = payload["listVersion"], payload.get("localAuthorizationList", [])
        tags = [entry["idTag"] for entry in entries]
        if version < 1 or len(set(tags)) != len(tags):
            return "Failed"             # no list version below 1; an idTag is listed once
        if payload["updateType"] == "Full":
            # a full update carries idTagInfo for every idTag (6.43 SendLocalList.req)
            return ACCEPTED if all("idTagInfo" in entry for entry in entries) else "Failed"
        return ACCEPTED if version > self.version else "VersionMismatch"

    def apply(self, payload):
        if payload["updateType"] == "Full":
            self.entries = {}
        for entry in payload.get("localAuthorizationList", []):
            if "idTagInfo" in entry:
                self.entries[entry["idTag"]] = entry["idTagInfo"]
            else:                       # a differential entry without idTagInfo removes the idTag
                self.entries.pop(entry["idTag"], None)
        self.version = payload["listVersion"]


def local_list(model):
    if getattr(model, "local_list16", None) is None:
        model.local_list16 = LocalList16()
    return model.local_list16


def _send_local_list(model, payload):
    return {"status": local_list(model).evaluate(payload)}


def _local_list_sent(model, payload, response):
    if response.get("status") == ACCEPTED:
        local_list(model).apply(payload)


def _get_local_list_version(model, payload):
    lst = local_list(model)
    return {"listVersion": lst.version if lst.supported else -1}


ANSWERS16 = {
    "SendLocalList": _send_local_list,
    "GetLocalListVersion": _get_local_list_version,
}
AFTER16 = {
    "SendLocalList": _local_list_sent,
}


# ---------------------------------------------------------------------- making the Central System act

def _entry(config, kind):
    """A localAuthorizationList entry of a configured idTag kind, with the idTagInfo the Central
    System holds for it: the status of its kind and its group as parentIdTag."""
    from ..local_list import KIND_STATUS
    id_tag, _ = config.token(kind)
    info = {"status": KIND_STATUS[kind]}
    group = {"valid": config.group_id, "valid_2": config.group_id, "group": config.group_id,
             "masterpass": config.masterpass_group_id}.get(kind)
    if group:
        info["parentIdTag"] = group
    return {"idTag": id_tag, "idTagInfo": info}


def ask_local_list(session, update_type, kinds, version=None):
    """SendLocalList of these idTag kinds; the listVersion is one above the station's own unless given."""
    lst = local_list(session.require_connected().model)
    payload = {"listVersion": version if version is not None else max(lst.version, 0) + 1,
               "updateType": update_type,
               "localAuthorizationList": [_entry(session.config, kind) for kind in kinds]}
    what = "full local authorization list" if update_type == "Full" else "differential local list update"
    return ask(session, f"make the Central System send a {what} version {payload['listVersion']} with "
                        f"{', '.join(e['idTag'] for e in payload['localAuthorizationList'])}", "SendLocalList", payload)


def ask_local_list_version(session):
    return ask_connected(session, "make the Central System ask for the local list version", "GetLocalListVersion",
                         {})


def install_local_list(session, version, supported=True):
    """The test station's local list: none (version 0), or none because it does not support one."""
    lst = local_list(session.require_connected().model)
    lst.supported, lst.version, lst.entries = supported, version, {}


def given_local_list_from_csms(session, version, kind):
    """Memory state: the Central System sends a full list of this version with one idTag; accepted."""
    ask_local_list(session, "Full", [kind], version=version)
    session.expect_request("SendLocalList", [("updateType", "Full"), ("listVersion", str(version))])
    csms_commands.check_reported_answer(session, "SendLocalList", [("status", ACCEPTED)])


# ---------------------------------------------------------------------- checks

def check_list_entries(session):
    """The last SendLocalList.req lists unique idTags, each with idTagInfo."""
    sent = session.station.requests_from_csms("SendLocalList")
    if not sent:
        session.fail("the Central System sent no SendLocalList in this scenario")
    entries = sent[-1].frame.payload.get("localAuthorizationList", [])
    if not entries:
        session.fail("the Central System's SendLocalList.req has no localAuthorizationList entries")
    tags = [entry["idTag"] for entry in entries]
    problems = [f"localAuthorizationList[{i}] ({entry['idTag']}) has no idTagInfo"
                for i, entry in enumerate(entries) if "idTagInfo" not in entry]
    problems += [f"idTag {t} is listed {tags.count(t)} times" for t in sorted(set(tags)) if tags.count(t) > 1]
    if problems:
        session.fail("the Central System's local authorization list is not what the case wants:\n  "
                     + "\n  ".join(problems))


def check_local_list_record(session, version):
    """The Central System's view of the station's local list version (-1: not supported)."""
    what = "no local list support" if version == -1 else f"local list version {version}"
    record = csms_record(session, "local-list-record", f"the CSMS records {what} for the station")
    if record is None:
        return
    if record.get("listVersion") != version:
        session.fail(f"the CSMS records the station's local list version as {record.get('listVersion')}, "
                     f"expected {version} ({what})\n  its record: {record}")
