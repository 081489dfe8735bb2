"""OCPP 1.6 feature profiles in the reference CSMS: Local Auth List Management, Firmware Management
(UpdateFirmware, GetDiagnostics) and Reservation (OCTT TC_042-TC_053).

Made to act through the 1.6 trigger API (POST /api/octt/1.6/{station}/{kebab-action}, the body is the
1.6 payload). What the Central System checks before it sends (a request it will not make is refused:
the trigger API answers 409 and nothing is sent) and what it keeps:

- Local list: the station's list version as the CSMS knows it (GetLocalListVersion.conf: -1 not
  supported, 0 no list; the last SendLocalList the station accepted) and the entries it holds.
  SendLocalList: list versions start at 1; an idTag is listed once; a differential update must be
  newer than the version it knows the station has; an entry of a full list without idTagInfo gets
  the idTagInfo of the CSMS's own records (status and parentIdTag), an idTag it does not know is
  refused. NotSupported, Failed and VersionMismatch leave its view of the list as it was (after
  VersionMismatch the version is unknown, after NotSupported the list is not supported).
- Firmware: every UpdateFirmware with the station's FirmwareStatusNotifications, in order
  (Downloading -> Downloaded -> Installing -> Installed, or DownloadFailed / InstallationFailed);
  a status that cannot follow the one before is answered but noted as out of order. The update
  survives the station's reboot (BootNotification) during the installation. No new UpdateFirmware
  while the station reports the previous one in progress.
- Diagnostics: every GetDiagnostics (startTime before stopTime), the fileName the station answered
  and its DiagnosticsStatusNotifications (Uploading -> Uploaded / UploadFailed).
- Reservations: ReserveNow is sent for an idTag the CSMS accepts, a parentIdTag that is that idTag's
  group, an expiryDate in the future and a connector the station has (0: any connector); whether
  the connector is free is the station's to say (OCTT TC_048_x), so an occupied, faulted or
  unavailable connector is asked all the same. Only an Accepted reservation is held, until its
  expiryDate, a CancelReservation the station accepts (a Rejected one means the station holds no
  such reservation), the connector reported Faulted or Unavailable, or the StartTransaction that
  uses it. A StartTransaction that names a reservation it holds for that connector (or for
  connector 0) and for that idTag or its parentIdTag marks it used; a transaction of another idTag
  on a connector it holds reserved is answered Invalid. A CancelReservation is sent as asked,
  also for a reservationId the CSMS does not hold (OCTT TC_052).
- ChangeAvailability (TC_048_3): the availability per connector (0: the Charge Point) as the station
  accepted it and, from then on, as its StatusNotifications report it (Unavailable: Inoperative; a
  usable status: Operative), so a reboot or a change made elsewhere does not leave a stale belief.

Records (trigger API /api/octt/1.6/{station}/{name}-record): local-list-record, firmware-record,
diagnostics-record, reservation-record.

1.6 payloads differ from the 2.0.1 ones under the same action names, so these requests of a 1.6
connection are sent past the 2.0.1 block mixins (straight to the core's send).
"""
import copy
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from ...rpc import CallError
from .core import CsmsCore, Faults, Refused
from .ocpp16 import STATUS_16

Faults.declare({
    "local_list_stale_version_16": False,        # SendLocalList.req carries the version the CSMS knows, not a newer one
    "full_list_without_id_tag_info_16": False,   # full local lists go out without idTagInfo
    "firmware_forgotten_at_boot_16": False,      # a BootNotification drops the firmware update; a later
    #                                              FirmwareStatusNotification of no known update: CALLERROR
    "diagnostics_upload_failed_error_16": False,  # DiagnosticsStatusNotification UploadFailed: CALLERROR
    "reservation_blocks_holder_16": False,       # a reserved connector refuses even the reservation's own idTag
    "reservations_never_expire_16": False,       # a reservation holds after its expiryDate
    "keep_rejected_reservations_16": False,      # a reservation the station did not accept is held as made
    "keep_cancelled_reservations_16": False,     # a cancellation the station accepted is ignored
})

WATCHED16 = ("SendLocalList", "GetLocalListVersion", "UpdateFirmware", "GetDiagnostics", "ReserveNow",
             "CancelReservation", "ChangeAvailability")

# FirmwareStatus that may follow each state of an update ("Requested": no status yet).
# A failed download or installation may be retried (UpdateFirmware.req retries); Idle is always allowed.
FIRMWARE_NEXT = {
    "Requested": {"Downloading", "DownloadFailed"},
    "NoAnswer": {"Downloading", "DownloadFailed"},
    "CallError": {"Downloading", "DownloadFailed"},
    "Downloading": {"Downloaded", "DownloadFailed"},
    "Downloaded": {"Installing", "InstallationFailed"},
    "Installing": {"Installed", "InstallationFailed"},
    "DownloadFailed": {"Downloading"},
    "InstallationFailed": {"Downloading", "Installing"},
    "Installed": set(),
}
FIRMWARE_BUSY = ("Downloading", "Downloaded", "Installing")
DIAGNOSTICS_NEXT = {"Requested": {"Uploading", "Uploaded", "UploadFailed"},
                    "NoAnswer": {"Uploading", "Uploaded", "UploadFailed"},
                    "CallError": {"Uploading", "Uploaded", "UploadFailed"},
                    "Uploading": {"Uploaded", "UploadFailed"},
                    "UploadFailed": {"Uploading"}}       # a retry (GetDiagnostics.req retries)


def _now():
    return datetime.now(timezone.utc)


def _iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z") if moment else None


def _parse_time(text):
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass
class FirmwareUpdate16:
    location: str
    retrieve_date: str
    sent: str
    state: str = "Requested"        # the last FirmwareStatus, or NoAnswer / CallError
    statuses: list = field(default_factory=list)

    @property
    def busy(self):
        return self.state in FIRMWARE_BUSY


@dataclass
class DiagnosticsRequest16:
    location: str
    start_time: str = None
    stop_time: str = None
    sent: str = None
    file_name: str = None           # GetDiagnostics.conf; absent: the station has nothing to upload
    state: str = "Requested"        # the last DiagnosticsStatus, or NoAnswer / CallError
    statuses: list = field(default_factory=list)


@dataclass(eq=False)
class Reservation16:
    reservation_id: int
    connector_id: int
    id_tag: str
    parent_id_tag: str
    expiry: datetime
    status: str = "Requested"       # ReserveNow.conf status, or NoAnswer
    ended: str = None               # Used, Cancelled, Replaced, Faulted, Unavailable, UnknownToStation
    transaction_id: int = None

    def state(self, never_expire=False):
        if self.ended:
            return self.ended
        if self.status not in ("Requested", "Accepted"):
            return self.status
        if not never_expire and self.expiry <= _now():
            return "Expired"
        return self.status

    def active(self, never_expire=False):
        return self.state(never_expire) in ("Requested", "Accepted")

    def fits(self, connector_id, id_tag, parent):
        return self.connector_id in (0, connector_id) and (
            self.id_tag == id_tag or (self.parent_id_tag is not None and self.parent_id_tag == parent))

    def report(self, never_expire=False):
        return {"reservationId": self.reservation_id, "connectorId": self.connector_id, "idTag": self.id_tag,
                "parentIdTag": self.parent_id_tag, "expiryDate": _iso(self.expiry), "status": self.status,
                "state": self.state(never_expire), "transactionId": self.transaction_id}


@dataclass
class Features16:
    list_version: int = None        # the station's list version as the CSMS knows it; None unknown, -1 not supported
    list_entries: dict = field(default_factory=dict)    # idTag -> idTagInfo the station accepted
    list_updates: list = field(default_factory=list)    # {"request", "status"} in order
    firmware: list = field(default_factory=list)        # FirmwareUpdate16 in order
    firmware_anomalies: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)     # DiagnosticsRequest16 in order
    diagnostics_anomalies: list = field(default_factory=list)
    reservations: dict = field(default_factory=dict)    # reservationId -> Reservation16 (the one in force)
    reservation_log: list = field(default_factory=list)  # every Reservation16 sent, in order
    availability: dict = field(default_factory=dict)    # connectorId -> Operative / Inoperative (accepted, reported)
    refused_starts: list = field(default_factory=list)  # StartTransaction answered Invalid for a reservation


def features16(station):
    """The 1.6 feature-profile state of a station record (made on first use)."""
    state = station.__dict__.get("features16_state")
    if state is None:
        state = station.__dict__["features16_state"] = Features16()
    return state


class Ocpp16Features:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super()."""

    async def _send16(self, station_id, action, payload, timeout):
        # the 2.0.1 block mixins watch the same action names with 2.0.1 payloads: go past them
        return await CsmsCore.send(self, station_id, action, payload, timeout)

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        connection = self.connection(station_id)
        if station is None or action not in WATCHED16 or connection is None or connection.version != "1.6":
            return await super().send(station_id, action, payload, timeout)
        handler = getattr(self, f"_send16_{action}")
        return await handler(station_id, station, features16(station), copy.deepcopy(payload), timeout)

    # ------------------------------------------------------------------ Local Auth List Management

    def _list_info(self, id_tag):
        record = self.store.token(id_tag)
        if record is None:
            return None
        info = {"status": STATUS_16.get(record.status, "Invalid")}
        if record.group_id:
            info["parentIdTag"] = record.group_id
        return info

    async def _send16_SendLocalList(self, station_id, station, state, payload, timeout):
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
        outcome = await self._send16(station_id, "SendLocalList", payload, timeout)
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

    async def _send16_GetLocalListVersion(self, station_id, station, state, payload, timeout):
        outcome = await self._send16(station_id, "GetLocalListVersion", payload, timeout)
        if outcome.ok and isinstance(outcome.response.get("listVersion"), int):
            state.list_version = outcome.response["listVersion"]
            if state.list_version <= 0:
                state.list_entries = {}
        return outcome

    def local_list_report16(self, station_id):
        """The Central System's view of a Charge Point's local list (trigger API local-list-record)."""
        state = features16(self.store.stations[station_id])
        return {"listVersion": state.list_version, "supported": state.list_version != -1,
                "entries": [{"idTag": tag, "idTagInfo": info} for tag, info in sorted(state.list_entries.items())],
                "updates": list(state.list_updates)}

    # ------------------------------------------------------------------ Firmware Management

    async def _send16_UpdateFirmware(self, station_id, station, state, payload, timeout):
        if _parse_time(payload["retrieveDate"]) is None:
            raise Refused(f"the Central System does not send UpdateFirmware to {station_id}: retrieveDate "
                          f"{payload['retrieveDate']!r} is not a date-time")
        busy = next((u for u in reversed(state.firmware) if u.busy), None)
        if busy is not None:
            raise Refused(f"the Central System does not send UpdateFirmware to {station_id}: the station reports "
                          f"its update from {busy.location} as {busy.state}")
        # known before the request leaves: the station may notify before this coroutine resumes
        update = FirmwareUpdate16(payload["location"], payload["retrieveDate"], _iso(_now()))
        state.firmware.append(update)
        outcome = await self._send16(station_id, "UpdateFirmware", payload, timeout)
        if not outcome.ok and update.state == "Requested":
            update.state = "CallError" if outcome.error_code else "NoAnswer"
        return outcome

    async def on16_BootNotification(self, station, connection, payload):
        if self.faults.firmware_forgotten_at_boot_16:
            features16(station).firmware.clear()
        return await super().on16_BootNotification(station, connection, payload)

    async def on16_FirmwareStatusNotification(self, station, connection, payload):
        state, status = features16(station), payload["status"]
        update = state.firmware[-1] if state.firmware else None
        if update is None and status != "Idle":
            if self.faults.firmware_forgotten_at_boot_16:
                raise CallError(connection.codes.generic_error,
                                f"FirmwareStatusNotification {status}: this Central System knows no firmware update "
                                f"of {station.station_id}")
            state.firmware_anomalies.append({"status": status, "problem": "no UpdateFirmware was sent"})
        elif update is not None:
            if status != "Idle" and status not in FIRMWARE_NEXT.get(update.state, set()):
                state.firmware_anomalies.append({"status": status,
                                                 "problem": f"{status} cannot follow {update.state}"})
            update.statuses.append(status)
            if status != "Idle":        # Idle: nothing going on (a TriggerMessage answer), the state stands
                update.state = status
        return await super().on16_FirmwareStatusNotification(station, connection, payload)

    def firmware_report16(self, station_id):
        """The Central System's firmware view of a Charge Point (trigger API firmware-record)."""
        state = features16(self.store.stations[station_id])
        return {"updates": [{"location": u.location, "retrieveDate": u.retrieve_date, "sent": u.sent,
                             "state": u.state, "statuses": list(u.statuses)} for u in state.firmware],
                "anomalies": list(state.firmware_anomalies)}

    # ------------------------------------------------------------------ diagnostics

    async def _send16_GetDiagnostics(self, station_id, station, state, payload, timeout):
        start, stop = payload.get("startTime"), payload.get("stopTime")
        refuse = f"the Central System does not send GetDiagnostics to {station_id}"
        for name, text in (("startTime", start), ("stopTime", stop)):
            if text is not None and _parse_time(text) is None:
                raise Refused(f"{refuse}: {name} {text!r} is not a date-time")
        if start and stop and _parse_time(start) >= _parse_time(stop):
            raise Refused(f"{refuse}: startTime {start} is not before stopTime {stop}")
        request = DiagnosticsRequest16(payload["location"], start, stop, _iso(_now()))
        state.diagnostics.append(request)
        outcome = await self._send16(station_id, "GetDiagnostics", payload, timeout)
        if outcome.ok:
            request.file_name = outcome.response.get("fileName")
            if request.file_name is None and request.state == "Requested":
                request.state = "NothingToUpload"
        elif request.state == "Requested":
            request.state = "CallError" if outcome.error_code else "NoAnswer"
        return outcome

    async def on16_DiagnosticsStatusNotification(self, station, connection, payload):
        state, status = features16(station), payload["status"]
        if status == "UploadFailed" and self.faults.diagnostics_upload_failed_error_16:
            raise CallError(connection.codes.internal_error, "the upload failed and this Central System chokes on it")
        request = state.diagnostics[-1] if state.diagnostics else None
        if request is None and status != "Idle":
            state.diagnostics_anomalies.append({"status": status, "problem": "no GetDiagnostics was sent"})
        elif request is not None and status != "Idle":
            if status not in DIAGNOSTICS_NEXT.get(request.state, set()):
                state.diagnostics_anomalies.append({"status": status,
                                                    "problem": f"{status} cannot follow {request.state}"})
            request.statuses.append(status)
            request.state = status
        return await super().on16_DiagnosticsStatusNotification(station, connection, payload)

    def diagnostics_report16(self, station_id):
        """The Central System's diagnostics view of a Charge Point (trigger API diagnostics-record)."""
        state = features16(self.store.stations[station_id])
        return {"requests": [asdict(r) for r in state.diagnostics], "anomalies": list(state.diagnostics_anomalies)}

    # ------------------------------------------------------------------ Reservation

    def _known_connectors(self, station):
        return sorted({c for (_, c) in station.connectors if c > 0})

    async def _send16_ReserveNow(self, station_id, station, state, payload, timeout):
        rid, connector_id, id_tag = payload["reservationId"], payload["connectorId"], payload["idTag"]
        refuse = f"the Central System does not make reservation {rid} on {station_id}"
        expiry = _parse_time(payload["expiryDate"])
        if expiry is None or expiry <= _now():
            raise Refused(f"{refuse}: expiryDate {payload['expiryDate']} is not in the future")
        token = self.store.token(id_tag)
        if token is None or token.status != "Accepted":
            raise Refused(f"{refuse}: idTag {id_tag} {'is ' + token.status if token else 'is unknown to it'}")
        parent = payload.get("parentIdTag")
        if parent is not None and parent != token.group_id:
            raise Refused(f"{refuse}: parentIdTag {parent} is not the parent of idTag {id_tag} "
                          f"(its parent: {token.group_id or 'none'})")
        known = self._known_connectors(station)
        if connector_id < 0 or (connector_id > 0 and known and connector_id not in known):
            raise Refused(f"{refuse}: the station reported connector {', '.join(map(str, known))} only, "
                          f"not {connector_id}")
        reservation = Reservation16(rid, connector_id, id_tag, parent, expiry)
        previous = state.reservations.get(rid)
        state.reservations[rid] = reservation
        state.reservation_log.append(reservation)
        try:
            outcome = await self._send16(station_id, "ReserveNow", payload, timeout)
        except BaseException:       # not sent: nothing changed
            state.reservation_log.remove(reservation)
            if previous is None:
                del state.reservations[rid]
            else:
                state.reservations[rid] = previous
            raise
        reservation.status = outcome.response.get("status", "NoAnswer") if outcome.ok else "NoAnswer"
        if reservation.status != "Accepted" and self.faults.keep_rejected_reservations_16:
            reservation.status = "Accepted"
        if reservation.status == "Accepted":
            if previous is not None and previous.ended is None:
                previous.ended = "Replaced"
        elif previous is not None:
            state.reservations[rid] = previous          # the one in force stays
        else:
            del state.reservations[rid]
        return outcome

    async def _send16_CancelReservation(self, station_id, station, state, payload, timeout):
        # sent as asked, also for an id the CSMS does not hold (OCTT TC_052_CSMS): the station decides
        reservation = state.reservations.get(payload["reservationId"])
        outcome = await self._send16(station_id, "CancelReservation", payload, timeout)
        status = outcome.response.get("status") if outcome.ok else None
        if reservation is not None and reservation.ended is None:
            if status == "Accepted" and not self.faults.keep_cancelled_reservations_16:
                reservation.ended = "Cancelled"
            elif status == "Rejected" and reservation.active(self.faults.reservations_never_expire_16):
                reservation.ended = "UnknownToStation"  # the station holds no such reservation (5.1)
        return outcome

    async def _send16_ChangeAvailability(self, station_id, station, state, payload, timeout):
        outcome = await self._send16(station_id, "ChangeAvailability", payload, timeout)
        if outcome.ok and outcome.response.get("status") == "Accepted":
            if payload["connectorId"] == 0:     # the whole Charge Point: every connector with it
                state.availability.clear()
            state.availability[payload["connectorId"]] = payload["type"]
        # Scheduled: in force once the station reports it (Unavailable after the transaction), below
        return outcome

    @staticmethod
    def _follow_availability16(state, connector_id, status):
        """The availability the CSMS believes follows what the station reports (after a reboot, or a
        change made elsewhere): Unavailable is Inoperative, a status of a usable connector Operative
        (and then the Charge Point as a whole is not Inoperative); Faulted says nothing about it."""
        if status == "Unavailable":
            state.availability[connector_id] = "Inoperative"
        elif status != "Faulted":
            state.availability[connector_id] = "Operative"
            if connector_id != 0 and state.availability.get(0) == "Inoperative":
                state.availability[0] = "Operative"

    def _active_reservations(self, station):
        never = self.faults.reservations_never_expire_16
        return [r for r in features16(station).reservations.values() if r.active(never)]

    async def on16_StatusNotification(self, station, connection, payload):
        answer = await super().on16_StatusNotification(station, connection, payload)
        status, connector_id = payload["status"], payload["connectorId"]
        self._follow_availability16(features16(station), connector_id, status)
        if status in ("Faulted", "Unavailable"):
            # 5.13: a reservation ends when its connector (or the Charge Point) is Faulted or Unavailable
            for reservation in self._active_reservations(station):
                if connector_id == 0 or reservation.connector_id == connector_id:
                    reservation.ended = status
        return answer

    async def on16_StartTransaction(self, station, connection, payload):
        answer = await super().on16_StartTransaction(station, connection, payload)
        state = features16(station)
        connector_id, id_tag = payload["connectorId"], payload["idTag"]
        token = self.store.token(id_tag)
        parent = token.group_id if token else None
        active = self._active_reservations(station)
        used = state.reservations.get(payload.get("reservationId"))
        if used not in active or not used.fits(connector_id, id_tag, parent):
            # without (a fitting) reservationId: the reservation of this connector it fits, if any
            used = next((r for r in active if r.connector_id == connector_id and r.fits(connector_id, id_tag, parent)),
                        None)
        blocking = [r for r in active if r.connector_id == connector_id and not r.fits(connector_id, id_tag, parent)]
        if self.faults.reservation_blocks_holder_16:
            blocking += [r for r in active if r.connector_id in (0, connector_id) and r not in blocking]
            used = None
        if used is not None:
            used.ended, used.transaction_id = "Used", answer["transactionId"]
        elif blocking and answer["idTagInfo"]["status"] == "Accepted":
            # the connector is reserved for another idTag: this one may not charge there (5.13)
            info = {k: v for k, v in answer["idTagInfo"].items() if k != "expiryDate"}
            answer = dict(answer, idTagInfo=dict(info, status="Invalid"))
            state.refused_starts.append({"transactionId": answer["transactionId"], "idTag": id_tag,
                                         "reservationId": blocking[0].reservation_id})
        return answer

    def reservation_report16(self, station_id):
        """The Central System's reservations of a Charge Point (trigger API reservation-record)."""
        state = features16(self.store.stations[station_id])
        never = self.faults.reservations_never_expire_16
        return {"reservations": [r.report(never) for r in state.reservation_log],
                "refusedStarts": list(state.refused_starts)}
