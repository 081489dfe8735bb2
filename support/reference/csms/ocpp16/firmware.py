"""OCPP 1.6 Firmware Management in the reference CSMS (OCTT TC_044, TC_045): UpdateFirmware and
GetDiagnostics, made to act through the 1.6 trigger API; a request it will not make is refused
(the trigger API answers 409 and nothing is sent).

- Firmware: every UpdateFirmware with the station's FirmwareStatusNotifications, in order
  (Downloading -> Downloaded -> Installing -> Installed, or DownloadFailed / InstallationFailed);
  a status that cannot follow the one before is answered but noted as out of order. The update
  survives the station's reboot (BootNotification) during the installation. No new UpdateFirmware
  while the station reports the previous one in progress.
- Diagnostics: every GetDiagnostics (startTime before stopTime), the fileName the station answered
  and its DiagnosticsStatusNotifications (Uploading -> Uploaded / UploadFailed).

Records (trigger API /api/octt/1.6/{station}/{name}-record): firmware-record, diagnostics-record.
The signed firmware update of the security whitepaper is in security.py.
"""
from dataclasses import asdict, dataclass, field

from ....rpc import CallError
from ..core import CsmsCore, Faults, Refused
from .common import iso, now, parse_time, station_record

Faults.declare({
    "firmware_forgotten_at_boot_16": False,      # a BootNotification drops the firmware update; a later
    #                                              FirmwareStatusNotification of no known update: CALLERROR
    "diagnostics_upload_failed_error_16": False,  # DiagnosticsStatusNotification UploadFailed: CALLERROR
})


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


@dataclass
class FirmwareRecord16:
    firmware: list = field(default_factory=list)        # FirmwareUpdate16 in order
    firmware_anomalies: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)     # DiagnosticsRequest16 in order
    diagnostics_anomalies: list = field(default_factory=list)


def firmware_record16(station):
    return station_record(station, "firmware16", FirmwareRecord16)


class FirmwareManagement16:
    """Mixin before Ocpp16 in ReferenceCsms: chains to its on16_ handlers with super(); UpdateFirmware
    and GetDiagnostics of a 1.6 connection go through its _send16_ methods (version.py)."""

    # ------------------------------------------------------------------ firmware

    async def _send16_UpdateFirmware(self, station_id, station, payload, timeout):
        state = firmware_record16(station)
        if parse_time(payload["retrieveDate"]) is None:
            raise Refused(f"the Central System does not send UpdateFirmware to {station_id}: retrieveDate "
                          f"{payload['retrieveDate']!r} is not a date-time")
        busy = next((u for u in reversed(state.firmware) if u.busy), None)
        if busy is not None:
            raise Refused(f"the Central System does not send UpdateFirmware to {station_id}: the station reports "
                          f"its update from {busy.location} as {busy.state}")
        # known before the request leaves: the station may notify before this coroutine resumes
        update = FirmwareUpdate16(payload["location"], payload["retrieveDate"], iso(now()))
        state.firmware.append(update)
        outcome = await CsmsCore.send(self, station_id, "UpdateFirmware", payload, timeout)
        if not outcome.ok and update.state == "Requested":
            update.state = "CallError" if outcome.error_code else "NoAnswer"
        return outcome

    async def on16_BootNotification(self, station, connection, payload):
        if self.faults.firmware_forgotten_at_boot_16:
            firmware_record16(station).firmware.clear()
        return await super().on16_BootNotification(station, connection, payload)

    async def on16_FirmwareStatusNotification(self, station, connection, payload):
        state, status = firmware_record16(station), payload["status"]
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
        state = firmware_record16(self.store.stations[station_id])
        return {"updates": [{"location": u.location, "retrieveDate": u.retrieve_date, "sent": u.sent,
                             "state": u.state, "statuses": list(u.statuses)} for u in state.firmware],
                "anomalies": list(state.firmware_anomalies)}

    # ------------------------------------------------------------------ diagnostics

    async def _send16_GetDiagnostics(self, station_id, station, payload, timeout):
        state = firmware_record16(station)
        start, stop = payload.get("startTime"), payload.get("stopTime")
        refuse = f"the Central System does not send GetDiagnostics to {station_id}"
        for name, text in (("startTime", start), ("stopTime", stop)):
            if text is not None and parse_time(text) is None:
                raise Refused(f"{refuse}: {name} {text!r} is not a date-time")
        if start and stop and parse_time(start) >= parse_time(stop):
            raise Refused(f"{refuse}: startTime {start} is not before stopTime {stop}")
        request = DiagnosticsRequest16(payload["location"], start, stop, iso(now()))
        state.diagnostics.append(request)
        outcome = await CsmsCore.send(self, station_id, "GetDiagnostics", payload, timeout)
        if outcome.ok:
            request.file_name = outcome.response.get("fileName")
            if request.file_name is None and request.state == "Requested":
                request.state = "NothingToUpload"
        elif request.state == "Requested":
            request.state = "CallError" if outcome.error_code else "NoAnswer"
        return outcome

    async def on16_DiagnosticsStatusNotification(self, station, connection, payload):
        state, status = firmware_record16(station), payload["status"]
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
        state = firmware_record16(self.store.stations[station_id])
        return {"requests": [asdict(r) for r in state.diagnostics], "anomalies": list(state.diagnostics_anomalies)}
