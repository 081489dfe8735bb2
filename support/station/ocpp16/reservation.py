"""The OCPP 1.6 test station's feature profiles: Local Auth List Management, Firmware Management
(UpdateFirmware, GetDiagnostics) and Reservation.

How the station answers the Central System by default (answers16.DEFAULTS16) and what it keeps of
the answer it gave, whoever chose it (answers16.AFTER16): its local list and version, the
reservations it accepted, the firmware and diagnostics requests it took on. And the manual
actions that make the Central System act: the 1.6 trigger API (POST /api/octt/1.6/{station}/
{kebab-action}, the body being the 1.6 payload, as the public 1.6 suites send it), with the
station's answer kept for csms_commands.check_reported_answer.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from .. import csms_commands

ACCEPTED = "Accepted"
DIAGNOSTICS_FILE_NAME = "diagnostics.log"     # the file the station says it uploads (GetDiagnostics.conf)


def now16(offset=0.0):
    moment = datetime.now(timezone.utc) + timedelta(seconds=offset)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text):
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------------- Local Auth List Management

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


# ---------------------------------------------------------------------- Reservation

def reservations(model):
    """The reservations the station accepted: reservationId -> ReserveNow.req payload."""
    return model.__dict__.setdefault("reservations16", {})


def _active(model):
    now = datetime.now(timezone.utc)
    held = reservations(model)
    for rid in [rid for rid, r in held.items() if (parse_time(r["expiryDate"]) or now) <= now]:
        del held[rid]           # an expired reservation ends on the station
    return held


def _configuration_key(model, key):
    from .answers16 import configuration
    value = configuration(model).get(key)
    return value[0] if value else None


def _reserve_now(model, payload):
    # 5.13: Accepted when the connector (any one for connectorId 0) is free; Occupied when it is in
    # use or reserved under another reservationId; Faulted / Unavailable as the connector is;
    # Rejected for connector 0 without ReserveConnectorZeroSupported, or a connector it lacks.
    statuses = getattr(model, "connector_status16", {})
    connector, rid = payload["connectorId"], payload["reservationId"]
    others = {k: r for k, r in _active(model).items() if k != rid}
    whole = statuses.get(0)
    if whole in ("Faulted", "Unavailable"):
        return {"status": whole}
    if connector == 0:
        if (_configuration_key(model, "ReserveConnectorZeroSupported") or "").lower() != "true":
            return {"status": "Rejected"}
        taken = {r["connectorId"] for r in others.values()}
        free = [c for c, s in statuses.items() if c > 0 and s == "Available" and c not in taken]
        floating = [r for r in others.values() if r["connectorId"] == 0]
        return {"status": ACCEPTED if len(free) > len(floating) else "Occupied"}
    if connector not in statuses or connector < 0:
        return {"status": "Rejected"}
    if any(r["connectorId"] == connector for r in others.values()):
        return {"status": "Occupied"}
    status = statuses[connector]
    if status in ("Faulted", "Unavailable"):
        return {"status": status}
    own = rid in reservations(model) and status == "Reserved"     # the same id again replaces it
    return {"status": ACCEPTED if status == "Available" or own else "Occupied"}


def _reserved_now(model, payload, response):
    if response.get("status") == ACCEPTED:
        reservations(model)[payload["reservationId"]] = dict(payload)


def _cancel_reservation(model, payload):
    return {"status": ACCEPTED if payload["reservationId"] in _active(model) else "Rejected"}


def _cancelled(model, payload, response):
    if response.get("status") == ACCEPTED:
        reservations(model).pop(payload["reservationId"], None)


def reservation_for(station, connector_id, id_tag):
    """The reservationId a conformant station puts in StartTransaction.req (5.13): that of an
    unexpired reservation of this connector (or of connector 0) whose idTag is this one, or whose
    parentIdTag is the parent the Central System gave this idTag in its last Authorize.conf. The
    reservation ends with the transaction; None when no reservation fits."""
    parent = None
    outcome = station.last_outcome("Authorize")
    if outcome is not None and outcome.ok and outcome.request.get("idTag") == id_tag:
        parent = (outcome.response.get("idTagInfo") or {}).get("parentIdTag")
    held = _active(station.model)
    for rid, r in sorted(held.items(), key=lambda item: item[1]["connectorId"] == 0):
        if r["connectorId"] not in (0, connector_id):
            continue
        if r["idTag"] == id_tag or (r.get("parentIdTag") and r.get("parentIdTag") == parent):
            del held[rid]
            return rid
    return None


# ---------------------------------------------------------------------- Firmware and diagnostics

def requests(model):
    """The firmware and diagnostics requests the station took on: [{"action", "request", "answer"}]."""
    return model.__dict__.setdefault("maintenance16", [])


def _remember(action):
    def remember(model, payload, response):
        requests(model).append({"action": action, "request": payload, "answer": response})
    return remember


# Default answers (answers16.DEFAULTS16) and what the station keeps of its answer (answers16.AFTER16).
ANSWERS = {
    "SendLocalList": _send_local_list,
    "GetLocalListVersion": _get_local_list_version,
    "ReserveNow": _reserve_now,
    "CancelReservation": _cancel_reservation,
    "UpdateFirmware": lambda model, payload: {},
    "GetDiagnostics": lambda model, payload: {"fileName": DIAGNOSTICS_FILE_NAME},
}
AFTER = {
    "SendLocalList": _local_list_sent,
    "ReserveNow": _reserved_now,
    "CancelReservation": _cancelled,
    "UpdateFirmware": _remember("UpdateFirmware"),
    "GetDiagnostics": _remember("GetDiagnostics"),
}


# ---------------------------------------------------------------------- making the Central System act

def ask(session, description, action, payload):
    """Make the Central System send `action` with this 1.6 payload (trigger API
    POST /api/octt/1.6/{station}/{kebab-action}); its report of the station's answer is kept."""
    from ..csms.trigger_api import kebab
    station = session.require_connected()
    future = session.trigger(description, "call16", station.station_id, kebab(action), payload)
    csms_commands._keep(session, action, future, description)
    return future


def _entry(config, kind):
    """A localAuthorizationList entry of a configured idTag kind, with the idTagInfo the Central
    System holds for it: the status of its kind and its group as parentIdTag."""
    from .local_list import KIND_STATUS
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
    return ask(session, "make the Central System ask for the local list version", "GetLocalListVersion", {})


def install_local_list(session, version, supported=True):
    """The test station's local list: none (version 0), or none because it does not support one."""
    lst = local_list(session.require_connected().model)
    lst.supported, lst.version, lst.entries = supported, version, {}


def given_local_list_from_csms(session, version, kind):
    """Memory state: the Central System sends a full list of this version with one idTag; accepted."""
    ask_local_list(session, "Full", [kind], version=version)
    session.expect_request("SendLocalList", [("updateType", "Full"), ("listVersion", str(version))])
    csms_commands.check_reported_answer(session, "SendLocalList", [("status", ACCEPTED)])


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


def ask_update_firmware(session):
    """UpdateFirmware.req for the configured firmware location, to be retrieved now."""
    payload = {"location": session.config.firmware_location, "retrieveDate": now16()}
    return ask(session, f"make the Central System update the firmware from {payload['location']}",
               "UpdateFirmware", payload)


def ask_get_diagnostics(session):
    """GetDiagnostics.req with the configured upload location."""
    payload = {"location": session.config.diagnostics_location}
    return ask(session, f"make the Central System get the diagnostics to {payload['location']}",
               "GetDiagnostics", payload)


def report_firmware_status(session, status):
    """FirmwareStatusNotification.req; the Central System must answer it with a CALLRESULT."""
    session.send_expecting_answer("FirmwareStatusNotification", {"status": status})


def report_diagnostics_status(session, status):
    """DiagnosticsStatusNotification.req; the Central System must answer it with a CALLRESULT."""
    session.send_expecting_answer("DiagnosticsStatusNotification", {"status": status})


# ---------------------------------------------------------------------- reservations asked for

def _reservation_ids(session, station):
    sent = [e.frame.payload.get("reservationId") for e in station.requests_from_csms("ReserveNow")]
    return [rid for rid in sent if isinstance(rid, int)] + list(reservations(station.model))


def ask_reserve(session, connector_id, kind, with_parent=False, seconds=None):
    """ReserveNow.req for a connector (0: any connector of the Charge Point) and a configured idTag,
    with a reservationId not used before in the scenario, expiring `seconds` from now (the configured
    reservation duration by default); with_parent adds the idTag's group as parentIdTag."""
    station = session.require_connected()
    config = session.config
    seconds = config.seconds("reservation_duration") if seconds is None else seconds
    id_tag, _ = config.token(kind)
    payload = {"connectorId": connector_id, "expiryDate": now16(seconds), "idTag": id_tag,
               "reservationId": max(_reservation_ids(session, station), default=0) + 1}
    if with_parent:
        payload["parentIdTag"] = config.group_id
    session.__dict__["reserve16_asked_at"] = datetime.now(timezone.utc)
    where = f"connector {connector_id}" if connector_id else "the Charge Point (connector 0)"
    parent = f" and parentIdTag {payload['parentIdTag']}" if with_parent else ""
    return ask(session, f"make the Central System reserve {where} for idTag {id_tag}{parent} until "
                        f"{payload['expiryDate']} (reservation {payload['reservationId']})", "ReserveNow", payload)


def last_reservation(session):
    """The Central System's last ReserveNow.req to the station."""
    sent = session.station.requests_from_csms("ReserveNow")
    if not sent:
        session.fail("the Central System has sent no ReserveNow in this scenario")
    return sent[-1].frame.payload


def check_expiry_offset(session, seconds):
    """The last ReserveNow.req expires `seconds` after the Central System was asked (2 s tolerance)."""
    asked = session.__dict__.get("reserve16_asked_at")
    payload = last_reservation(session)
    expiry = parse_time(payload["expiryDate"])
    if asked is None or expiry is None:
        session.fail(f"cannot compare the expiryDate {payload['expiryDate']!r} with the time of the request")
    offset = (expiry - asked).total_seconds()
    if abs(offset - seconds) > 2:
        session.fail(f"the reservation expires {offset:.1f} s after the Central System was asked to reserve, "
                     f"expected the configured expiry date offset of {seconds:g} s (expiryDate "
                     f"{payload['expiryDate']})")


def wait_for_expiry(session):
    """Until the expiryDate of the last ReserveNow.req has passed: a wall-clock deadline (nothing can
    be awaited in the trace), at most the configured offset plus the action timeout."""
    payload = last_reservation(session)
    expiry = parse_time(payload["expiryDate"])
    limit = session.config.seconds("expiry_date_offset") + session.config.seconds("action_timeout")
    remaining = (expiry - datetime.now(timezone.utc)).total_seconds() if expiry else limit + 1
    if remaining > limit:
        session.fail(f"the reservation expires at {payload['expiryDate']}, {remaining:.0f} s from now: more "
                     f"than the {limit:g} s the case allows (expiry_date_offset + action_timeout)")
    if remaining > 0:
        session.trace.wait_for(lambda entry: False, remaining + 0.05, start=len(session.trace.entries))
    _active(session.station.model)       # the station ends the reservation


def ask_cancel(session):
    """CancelReservation.req for the reservation of the Central System's last ReserveNow.req."""
    rid = last_reservation(session)["reservationId"]
    return ask(session, f"make the Central System cancel reservation {rid}", "CancelReservation",
               {"reservationId": rid})


def ask_cancel_unknown(session):
    """CancelReservation.req for a reservationId the station does not hold (TC_052_CSMS)."""
    station = session.require_connected()
    rid = max(_reservation_ids(session, station), default=0) + 1
    session.__dict__["cancel16_unknown"] = rid
    return ask(session, f"make the Central System cancel reservation {rid}, which the station does not hold",
               "CancelReservation", {"reservationId": rid})


def check_cancel(session, same=True):
    """The Central System sends CancelReservation.req for the reservationId of its last ReserveNow.req
    (same=False: for another reservationId)."""
    rid = last_reservation(session)["reservationId"]
    payload = session.expect_request("CancelReservation")
    if same and payload["reservationId"] != rid:
        session.fail(f"the Central System cancelled reservation {payload['reservationId']}, not the reservation "
                     f"{rid} it made")
    if not same and payload["reservationId"] == rid:
        session.fail(f"the Central System cancelled reservation {rid}, the one the station holds; the case "
                     f"wants a reservationId the station does not know")
    return payload


def check_transaction_used_reservation(session, connector_id):
    """The station's StartTransaction.req on the connector carried the reservationId of the Central
    System's last ReserveNow.req, and the Central System accepted it."""
    rid = last_reservation(session)["reservationId"]
    station = session.station
    started = [o for o in station.outcomes if o.action == "StartTransaction"
               and o.request.get("connectorId") == connector_id]
    if not started:
        session.fail(f"the station started no transaction on connector {connector_id} in this scenario")
    outcome = started[-1]
    if outcome.request.get("reservationId") != rid:
        session.fail(f"the transaction on connector {connector_id} did not use reservation {rid} "
                     f"(StartTransaction.req {outcome.request}); the Central System's answers decide whether "
                     f"the station may use it (the idTag, or its parentIdTag from Authorize.conf)")
    session.check_answer("StartTransaction", [("idTagInfo.status", ACCEPTED)], outcome=outcome)



# ---------------------------------------------------------------------- what the Central System recorded

def _record(session, command, description):
    from .v16_core_b import csms_record16
    return csms_record16(session, command, description)


def check_local_list_record(session, version):
    """The Central System's view of the station's local list version (-1: not supported)."""
    what = "no local list support" if version == -1 else f"local list version {version}"
    record = _record(session, "local-list-record", f"the CSMS records {what} for the station")
    if record is None:
        return
    if record.get("listVersion") != version:
        session.fail(f"the CSMS records the station's local list version as {record.get('listVersion')}, "
                     f"expected {version} ({what})\n  its record: {record}")


def _this_scenario(session, updates):
    """The updates the CSMS sent in this scenario (a CSMS that lives on keeps earlier ones)."""
    from datetime import datetime
    start = session.trace.wall_t0 - 1

    def sent_at(update):
        try:
            return datetime.fromisoformat(str(update.get("sent", "")).replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return [u for u in updates if sent_at(u) is None or sent_at(u) >= start]


def check_firmware_record(session, states):
    """The Central System's firmware updates of the scenario end in these states, in order."""
    record = _record(session, "firmware-record", f"the firmware updates of the station are {' then '.join(states)}")
    if record is None:
        return
    actual = [u.get("state") for u in _this_scenario(session, record.get("updates", []))]
    if actual != list(states):
        session.fail(f"the CSMS records the firmware updates of the station as {actual}, expected {list(states)}\n"
                     f"  its record: {record}")
    if record.get("anomalies"):
        session.fail(f"the CSMS took a conformant sequence of firmware statuses as out of order: "
                     f"{record['anomalies']}")


def check_diagnostics_record(session, state):
    """The Central System's last diagnostics request: the configured location, the fileName the
    station answered, and this upload state."""
    record = _record(session, "diagnostics-record", f"the diagnostics upload of the station is {state}")
    if record is None:
        return
    requests_ = record.get("requests") or [{}]
    last = requests_[-1]
    answered = [r["answer"] for r in requests(session.station.model) if r["action"] == "GetDiagnostics"]
    problems = []
    if last.get("state") != state:
        problems.append(f"its upload state is {last.get('state')}, expected {state}")
    if last.get("location") != session.config.diagnostics_location:
        problems.append(f"its location is {last.get('location')}, expected {session.config.diagnostics_location}")
    if answered and last.get("file_name") != answered[-1].get("fileName"):
        problems.append(f"its fileName is {last.get('file_name')}, the station answered {answered[-1].get('fileName')}")
    if record.get("anomalies"):
        problems.append(f"it took a conformant sequence of statuses as out of order: {record['anomalies']}")
    if problems:
        session.fail("the CSMS's record of the diagnostics request is wrong: " + "; ".join(problems)
                     + f"\n  its record: {record}")


def check_reservation_record(session, state):
    """The Central System's reservation of its last ReserveNow.req is in this state (Accepted: in force;
    Used, Cancelled, Expired, Faulted, Occupied, Rejected, Unavailable, ...)."""
    rid = last_reservation(session)["reservationId"]
    record = _record(session, "reservation-record", f"reservation {rid} is {state}")
    if record is None:
        return
    found = [r for r in record.get("reservations", []) if r.get("reservationId") == rid]
    actual = found[-1].get("state") if found else "(none)"
    if actual != state:
        session.fail(f"the CSMS records reservation {rid} as {actual}, expected {state}\n  its record: {record}")
