"""L Firmware management: UpdateFirmware (signed or not, retries, download and install schedules, a
new request cancelling the ongoing one), FirmwareStatusNotification tracked per request against the
firmware status transitions, PublishFirmware / UnpublishFirmware with PublishFirmwareStatusNotification.

The CSMS learns what it asked from its own requests (`send`, whatever made it send them) and what
the station did from the station's answers and notifications. A notification that does not fit
(an unknown or cancelled request, a status that cannot follow the one before, installing while a
transaction runs) is answered like any other, and noted in the record's `anomalies`. The trigger
API shows the record (`firmware-record`), as an operator would see it in a CSMS's firmware view.
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .core import Faults, now_iso

Faults.declare({
    "firmware_track_latest_request": False,  # statuses go to the newest request; a new request cancels the old one whatever the answer
    "firmware_status_any_order": False,      # every status is taken as it comes, no check of its request or of the status before
    "firmware_failures_ignored": False,      # failure statuses (DownloadFailed, InvalidSignature, ...) leave the record unchanged
})

ACCEPTED = ("Accepted", "AcceptedCanceled")
FAILURES = {"DownloadFailed", "InvalidSignature", "InstallVerificationFailed", "InstallationFailed"}
FINAL = {"Installed", "InvalidSignature", "InstallVerificationFailed", "InstallationFailed"}
INSTALLING = {"Installing", "InstallRebooting"}
_AFTER_DOWNLOAD = {"InstallScheduled", "Installing", "InstallRebooting"}

# Which FirmwareStatus may follow which (Part 2, figure 119 "Firmware status transitions"; a station
# may reboot before installing or before activating, so InstallRebooting comes from several places).
NEXT = {
    None: {"DownloadScheduled", "Downloading", "DownloadPaused"},
    "DownloadScheduled": {"Downloading", "DownloadPaused", "DownloadFailed"},
    "Downloading": {"Downloading", "Downloaded", "DownloadFailed", "DownloadPaused"},
    "DownloadPaused": {"Downloading", "DownloadFailed"},
    "DownloadFailed": {"DownloadScheduled", "Downloading"},   # only while retries are left
    "Downloaded": {"SignatureVerified", "InvalidSignature"} | _AFTER_DOWNLOAD,
    "SignatureVerified": set(_AFTER_DOWNLOAD),
    "InstallScheduled": {"Installing", "InstallRebooting"},
    "Installing": {"Installing", "InstallRebooting", "Installed", "InstallationFailed", "InstallVerificationFailed"},
    "InstallRebooting": {"Installing", "Installed", "InstallationFailed", "InstallVerificationFailed"},
}

PUBLISH_NEXT = {
    None: {"DownloadScheduled", "Downloading", "DownloadPaused"},
    "DownloadScheduled": {"Downloading", "DownloadPaused", "DownloadFailed"},
    "Downloading": {"Downloading", "Downloaded", "DownloadFailed", "DownloadPaused"},
    "DownloadPaused": {"Downloading", "DownloadFailed"},
    "DownloadFailed": {"DownloadScheduled", "Downloading"},
    "Downloaded": {"ChecksumVerified", "InvalidChecksum"},
    "ChecksumVerified": {"Published", "PublishFailed"},
}
PUBLISH_FAILURES = {"DownloadFailed", "InvalidChecksum", "PublishFailed"}


@dataclass
class FirmwareUpdate:
    request_id: int
    request: dict
    sent_at: str
    answer: str = None               # UpdateFirmwareStatus, or "CALLERROR x" / "no answer"
    statuses: list = field(default_factory=list)
    canceled_by: int = None          # requestId of the request the station cancelled this one for
    transactions_at_request: list = field(default_factory=list)

    @property
    def signed(self):
        firmware = self.request.get("firmware", {})
        return "signingCertificate" in firmware or "signature" in firmware

    @property
    def last(self):
        return self.statuses[-1] if self.statuses else None

    @property
    def accepted(self):
        return self.answer is None or self.answer in ACCEPTED

    @property
    def state(self):
        if self.canceled_by is not None:
            return "Canceled"
        if not self.accepted:
            return self.answer
        if self.statuses:
            return self.statuses[-1]
        return "Accepted" if self.answer else "Requested"

    @property
    def ongoing(self):
        return self.canceled_by is None and self.accepted and self.last not in FINAL and not (
            self.last == "DownloadFailed" and not self.retry_left)

    @property
    def retry_left(self):
        retries = self.request.get("retries")
        return retries is None or self.statuses.count("DownloadFailed") <= retries

    def report(self):
        firmware = self.request.get("firmware", {})
        return {"requestId": self.request_id, "state": self.state, "answer": self.answer, "signed": self.signed,
                "statuses": list(self.statuses), "canceledBy": self.canceled_by, "sentAt": self.sent_at,
                "location": firmware.get("location"), "retrieveDateTime": firmware.get("retrieveDateTime"),
                "installDateTime": firmware.get("installDateTime"), "retries": self.request.get("retries"),
                "retryInterval": self.request.get("retryInterval"),
                "transactionsAtRequest": list(self.transactions_at_request)}


@dataclass
class Publication:
    checksum: str
    request_id: int = None
    request: dict = None
    answer: str = None
    statuses: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    unpublish_answer: str = None

    @property
    def state(self):
        if self.unpublish_answer:
            return self.unpublish_answer
        if self.answer is not None and self.answer != "Accepted":
            return self.answer
        return self.statuses[-1] if self.statuses else ("Accepted" if self.answer else "Requested")

    def report(self):
        return {"checksum": self.checksum, "requestId": self.request_id, "state": self.state, "answer": self.answer,
                "statuses": list(self.statuses), "locations": list(self.locations),
                "location": (self.request or {}).get("location"), "unpublishAnswer": self.unpublish_answer}


@dataclass
class FirmwareRecord:
    updates: list = field(default_factory=list)          # FirmwareUpdate, in the order the CSMS sent them
    publications: list = field(default_factory=list)     # Publication, one per checksum
    anomalies: list = field(default_factory=list)        # what did not fit, in words, with the message
    transactions: set = field(default_factory=set)       # transactionIds this station reported since it registered

    def update(self, request_id):
        for update in reversed(self.updates):
            if update.request_id == request_id:
                return update
        return None

    def current(self):
        """The update the station is working on: the newest one it accepted that was not cancelled."""
        for update in reversed(self.updates):
            if update.accepted and update.canceled_by is None:
                return update
        return None

    def publication(self, checksum=None, request_id=None):
        for item in reversed(self.publications):
            if (checksum is not None and item.checksum == checksum) or \
                    (request_id is not None and item.request_id == request_id):
                return item
        return None

    def note(self, what, message):
        self.anomalies.append({"at": now_iso(), "problem": what, "message": message})


def _answer_of(outcome):
    if outcome.ok:
        return outcome.response.get("status")
    if outcome.error_code:
        return f"CALLERROR {outcome.error_code}"
    return "no answer"


class FirmwareManagement:
    """Mixin of the reference CSMS for block L."""

    def firmware_of(self, station):
        if station.firmware is None:
            station.firmware = FirmwareRecord()
        return station.firmware

    def firmware_report(self, station_id):
        """The CSMS's firmware view of a station (trigger API firmware-record)."""
        record = self.firmware_of(self.store.stations[station_id])
        current = record.current()
        return {"status": current.state if current else "Idle",
                "requestId": current.request_id if current else None,
                "ongoing": bool(current and current.ongoing),
                "updates": [u.report() for u in record.updates],
                "publications": [p.report() for p in record.publications],
                "anomalies": list(record.anomalies)}

    # ------------------------------------------------------------------ what the CSMS sends

    async def send(self, station_id, action, payload, timeout=None):
        hook = {"UpdateFirmware": self._update_firmware_sent, "PublishFirmware": self._publish_firmware_sent,
                "UnpublishFirmware": self._unpublish_firmware_sent}.get(action)
        station = self.store.stations.get(station_id)
        if hook is None or station is None:
            return await super().send(station_id, action, payload, timeout)
        # Known before the request leaves: the station may notify before this coroutine resumes.
        answered = hook(station, payload)
        outcome = await super().send(station_id, action, payload, timeout)
        answered(outcome)
        return outcome

    def _ongoing_transactions(self, station):
        found = (self.store.transactions.get(tx_id) for tx_id in sorted(self.firmware_of(station).transactions))
        return [tx.transaction_id for tx in found if tx is not None and not tx.ended]

    async def on_TransactionEvent(self, station, connection, payload):
        # Which transactions run on the station matters to its firmware (L01.FR.06): note them.
        answer = await super().on_TransactionEvent(station, connection, payload)
        self.firmware_of(station).transactions.add(payload["transactionInfo"]["transactionId"])
        return answer

    def _update_firmware_sent(self, station, payload):
        record = self.firmware_of(station)
        previous = record.current()
        update = FirmwareUpdate(payload["requestId"], payload, now_iso(),
                                transactions_at_request=self._ongoing_transactions(station))
        record.updates.append(update)
        if self.faults.firmware_track_latest_request and previous is not None:
            previous.canceled_by = update.request_id

        def answered(outcome):
            update.answer = _answer_of(outcome)
            # L01.FR.24: AcceptedCanceled means the station cancelled the update it was busy with.
            if update.answer == "AcceptedCanceled" and previous is not None and previous.canceled_by is None:
                previous.canceled_by = update.request_id
        return answered

    def _publish_firmware_sent(self, station, payload):
        record = self.firmware_of(station)
        publication = Publication(payload["checksum"], payload["requestId"], payload)
        record.publications.append(publication)

        def answered(outcome):
            publication.answer = _answer_of(outcome)
        return answered

    def _unpublish_firmware_sent(self, station, payload):
        record = self.firmware_of(station)
        publication = record.publication(checksum=payload["checksum"])

        def answered(outcome):
            nonlocal publication
            answer = _answer_of(outcome)
            if publication is None:
                publication = Publication(payload["checksum"])
                record.publications.append(publication)
            if answer == "NoFirmware" and publication.state == "Published":
                record.note(f"the station says it has no firmware {payload['checksum']}, which it published",
                            payload)
            publication.unpublish_answer = answer
            if answer == "Unpublished":
                publication.locations = []
        return answered

    # ------------------------------------------------------------------ what the station reports

    async def on_FirmwareStatusNotification(self, station, connection, payload):
        record = self.firmware_of(station)
        status, request_id = payload["status"], payload.get("requestId")
        if self.faults.firmware_failures_ignored and status in FAILURES:
            return {}
        if self.faults.firmware_track_latest_request:
            if record.updates and status != "Idle":
                record.updates[-1].statuses.append(status)
            return {}
        current = record.current()
        if status == "Idle":
            if current is not None and current.ongoing and not self.faults.firmware_status_any_order:
                record.note(f"the station reports Idle while firmware update {current.request_id} is ongoing "
                            f"({current.state})", payload)
            return {}
        if request_id is None:
            # L01: the requestId is only left out by a triggered notification with no update ongoing.
            record.note(f"{status} without the requestId of the firmware update", payload)
            update = current
        else:
            update = record.update(request_id)
        if update is None:
            record.note(f"{status} for firmware update {request_id}, which the CSMS never requested", payload)
            return {}
        if self.faults.firmware_status_any_order:
            update.statuses.append(status)
            return {}
        problem = self._status_problem(station, update, status)
        if problem:
            record.note(problem, payload)
            if update.canceled_by is not None or not update.accepted:
                return {}    # a late word about a request the station dropped changes nothing
        # Otherwise the station knows its own status best: record it, out of order or not.
        update.statuses.append(status)
        return {}

    def _status_problem(self, station, update, status):
        """Why `status` cannot come now for this update, or None."""
        if update.canceled_by is not None:
            return (f"{status} out of order: firmware update {update.request_id} was cancelled for "
                    f"request {update.canceled_by}")
        if not update.accepted:
            return f"{status} out of order: the station answered firmware update {update.request_id} {update.answer}"
        allowed = set(NEXT.get(update.last, ()))
        if update.last == "DownloadFailed" and not update.retry_left:
            allowed = set()
        if not update.signed:
            allowed -= {"SignatureVerified", "InvalidSignature"}
        elif update.last == "Downloaded":
            allowed &= {"SignatureVerified", "InvalidSignature"}   # L01.FR.03: a signed firmware is verified first
        if status not in allowed:
            after = f"after {update.last}" if update.last else "as the first status"
            unsigned = "" if update.signed or status not in ("SignatureVerified", "InvalidSignature") else \
                " (the firmware is not signed)"
            return f"{status} out of order {after} for firmware update {update.request_id}{unsigned}"
        if status in INSTALLING:
            running = self._ongoing_transactions(station)
            if running:
                return f"{status} while transaction {', '.join(running)} is ongoing (L01.FR.06)"
        return None

    async def on_PublishFirmwareStatusNotification(self, station, connection, payload):
        record = self.firmware_of(station)
        status, request_id = payload["status"], payload.get("requestId")
        if status == "Idle":
            return {}
        publication = record.publication(request_id=request_id) if request_id is not None else (
            record.publications[-1] if record.publications else None)
        if request_id is None:
            record.note(f"publish status {status} without the requestId of the PublishFirmware request", payload)
        if publication is None:
            record.note(f"publish status {status} for request {request_id}, which the CSMS never sent", payload)
            return {}
        if self.faults.firmware_failures_ignored and status in PUBLISH_FAILURES:
            return {}
        if not self.faults.firmware_status_any_order:
            last = publication.statuses[-1] if publication.statuses else None
            if status not in PUBLISH_NEXT.get(last, ()):
                after = f"after {last}" if last else "as the first status"
                record.note(f"publish status {status} out of order {after} for request {publication.request_id}",
                            payload)
            if status == "Published" and not payload.get("location"):
                record.note("Published without the location where the firmware can be downloaded", payload)
        publication.statuses.append(status)
        if status == "Published":
            publication.locations = list(payload.get("location", []))
        return {}


def parse_time(text):
    """An RFC 3339 date-time as an aware datetime, or None."""
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
