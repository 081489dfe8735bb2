"""N01 Retrieve log information: GetLog for the diagnostics and the security log, the upload
followed per requestId through LogStatusNotification, and a second GetLog while an upload runs
(the station cancels the running upload: GetLogResponse and LogStatusNotification AcceptedCanceled).

The CSMS sends GetLog when asked (trigger API call/GetLog); this mixin watches what it sends and
what the station answers, and keeps every log request of a station with its upload statuses.
"""
from dataclasses import dataclass, field

from .core import Faults

Faults.declare({
    "get_log_type": None,             # send GetLog with this logType, whatever was asked
    "reuse_log_request_id": False,    # a second GetLog reuses the requestId of the upload still running
})

NO_ANSWER = "(no answer)"      # LogRequest.answer when the station did not answer the GetLog

# Upload statuses after which no further LogStatusNotification is expected for a request.
FINAL_UPLOAD_STATUSES = {"BadMessage", "NotSupportedOperation", "PermissionDenied", "Uploaded", "UploadFailure",
                         "AcceptedCanceled"}


@dataclass
class LogRequest:
    request_id: int
    log_type: str
    remote_location: str
    answer: str = None              # GetLogResponse status; None until it is in, NO_ANSWER if none came
    filename: str = None
    statuses: list = field(default_factory=list)     # LogStatusNotification statuses, in order
    canceled_by: int = None         # requestId of the GetLog that made the station cancel this upload

    @property
    def running(self):
        # answer None: sent, its answer not processed yet (the station may already report on it)
        return self.answer in (None, "Accepted", "AcceptedCanceled") and not FINAL_UPLOAD_STATUSES & set(self.statuses)


@dataclass
class LogState:
    requests: dict = field(default_factory=dict)     # requestId -> LogRequest, in the order sent
    problems: list = field(default_factory=list)     # what the CSMS found wrong in the station's notifications

    def running(self):
        """The upload the station is busy with (the last accepted one that has not ended)."""
        for request in reversed(list(self.requests.values())):
            if request.running:
                return request
        return None


def log_state(station):
    """The log requests of a station record (made on first use; a new record starts empty)."""
    state = station.__dict__.get("log_state")
    if state is None:
        state = station.__dict__["log_state"] = LogState()
    return state


class Diagnostics:
    async def send(self, station_id, action, payload, timeout=None):
        if action != "GetLog" or station_id not in self.store.stations:
            return await super().send(station_id, action, payload, timeout)
        state = log_state(self.store.stations[station_id])
        running = state.running()
        payload = dict(payload)
        if self.faults.get_log_type:
            payload["logType"] = self.faults.get_log_type
        if self.faults.reuse_log_request_id and running is not None:
            payload["requestId"] = running.request_id
        request = LogRequest(payload["requestId"], payload["logType"], payload["log"]["remoteLocation"])
        state.requests[request.request_id] = request
        outcome = await super().send(station_id, action, payload, timeout)
        request.answer = outcome.response.get("status") if outcome.ok else NO_ANSWER
        if outcome.ok:
            request.filename = outcome.response.get("filename")
            if request.answer == "AcceptedCanceled" and running is not None and running is not request:
                # N01: the station stops the running upload to start the new one.
                running.canceled_by = request.request_id
        return outcome

    async def on_LogStatusNotification(self, station, connection, payload):
        state = log_state(station)
        status, request_id = payload["status"], payload.get("requestId")
        request = state.requests.get(request_id)
        if request is None:
            # Without requestId only when triggered with no upload ongoing (status Idle).
            if not (request_id is None and status == "Idle"):
                state.problems.append(f"LogStatusNotification {status} for requestId {request_id}, "
                                      f"which no GetLogRequest of this CSMS had")
        else:
            if not request.running and status != "Idle":
                state.problems.append(f"LogStatusNotification {status} for requestId {request_id}, "
                                      f"whose upload had already ended ({request.statuses})")
            later = list(state.requests)[list(state.requests).index(request_id) + 1:]
            if status == "AcceptedCanceled" and not later:
                state.problems.append(f"upload {request_id} canceled although the CSMS sent no later GetLog")
            request.statuses.append(status)
        parent = getattr(super(), "on_LogStatusNotification", None)
        return await parent(station, connection, payload) if parent else {}
