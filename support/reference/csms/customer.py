"""N09/N10 Customer information: CustomerInformationRequest to report and/or clear what a station
holds about a customer (referred to by idToken, customer certificate or customerIdentifier,
N09.FR.04 / N10.FR.08), the NotifyCustomerInformation pages assembled per requestId, and, after a
customer's data was cleared, the update of the station's local authorization list when that
customer's idToken is on it (N10.FR.02: SendLocalList Differential, the entry without idTokenInfo).

The CSMS sends the requests when asked (trigger API call/{Action}); this mixin watches what it
sends and what the station answers. The station's local list is the one block D keeps
(local_list.py); the update goes through its send_local_list (a version above the station's).
"""
import asyncio
import logging
from dataclasses import dataclass, field

from ...rpc import CallError
from .core import Faults
from .local_list import local_list_state

log = logging.getLogger(__name__)

Faults.declare({
    "no_local_list_update": False,                  # N10.FR.02 not done: the cleared idToken stays on the list
    "customer_information_not_supported": False,    # NotifyCustomerInformation answered with CALLERROR NotSupported
})

REFERENCES = ("idToken", "customerCertificate", "customerIdentifier")


@dataclass
class CustomerRequest:
    request_id: int
    reference: dict                 # {"idToken": {...}} or {"customerCertificate": {...}} or {"customerIdentifier": ...}
    report: bool
    clear: bool
    status: str = None              # CustomerInformationResponse status
    seq_nos: list = field(default_factory=list)
    data: list = field(default_factory=list)          # the NotifyCustomerInformation data, page by page
    complete: bool = False
    local_list_updated: bool = False

    @property
    def text(self):
        return "".join(self.data)


@dataclass
class CustomerState:
    requests: dict = field(default_factory=dict)      # requestId -> CustomerRequest
    problems: list = field(default_factory=list)


def customer_state(station):
    state = station.__dict__.get("customer_state")
    if state is None:
        state = station.__dict__["customer_state"] = CustomerState()
    return state


class CustomerInformation:
    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        if station is None or action != "CustomerInformation":
            return await super().send(station_id, action, payload, timeout)
        state = customer_state(station)
        references = {k: payload[k] for k in REFERENCES if k in payload}
        if len(references) != 1:
            state.problems.append(f"CustomerInformationRequest {payload['requestId']} refers to the customer "
                                  f"by {sorted(references) or 'nothing'}; N09.FR.04 wants exactly one reference")
        request = CustomerRequest(payload["requestId"], references, payload["report"], payload["clear"])
        state.requests[request.request_id] = request
        outcome = await super().send(station_id, action, payload, timeout)
        request.status = outcome.response.get("status") if outcome.ok else None
        # The station may report before this answer is processed here: the last page may be in already.
        if request.status == "Accepted" and request.clear and (request.complete or not request.report):
            self._spawn(self._after_clear(station_id, request))
        if request.status != "Accepted" or not request.report:
            request.complete = True      # no NotifyCustomerInformation expected
        return outcome

    async def _after_clear(self, station_id, request):
        """N10.FR.02: a cleared customer whose idToken is on the station's local list is taken off it."""
        await asyncio.sleep(0)      # the answer to the station's last message goes out first
        station = self.store.stations.get(station_id)
        id_token = request.reference.get("idToken")
        if station is None or id_token is None or self.faults.no_local_list_update:
            return
        if id_token["idToken"] not in local_list_state(station).entries:
            return
        try:
            # D01.FR.17: an entry without idTokenInfo takes the idToken off the list.
            outcome, _version = await self.send_local_list(station_id, "Differential", [{"idToken": dict(id_token)}])
        except LookupError as exc:      # the station went away
            log.info("no local list update after clearing customer information: %s", exc)
            return
        request.local_list_updated = outcome.ok and outcome.response.get("status") == "Accepted"

    async def on_NotifyCustomerInformation(self, station, connection, payload):
        if self.faults.customer_information_not_supported:
            raise CallError(connection.codes.not_supported, "customer information reports are not supported")
        state = customer_state(station)
        request_id = payload["requestId"]
        request = state.requests.get(request_id)
        if request is None:
            state.problems.append(f"NotifyCustomerInformation for requestId {request_id}, which this CSMS never sent")
            request = state.requests[request_id] = CustomerRequest(request_id, {}, True, False, "Accepted")
        elif not request.report or request.status not in (None, "Accepted"):
            state.problems.append(f"NotifyCustomerInformation for requestId {request_id}, although the request "
                                  f"had report={request.report} and was answered {request.status}")
        if payload["seqNo"] != len(request.seq_nos):
            state.problems.append(f"NotifyCustomerInformation requestId {request_id} seqNo {payload['seqNo']}, "
                                  f"expected {len(request.seq_nos)}")
        request.seq_nos.append(payload["seqNo"])
        request.data.append(payload["data"])
        if not payload.get("tbc", False) and not request.complete:
            request.complete = True
            if request.clear and request.status == "Accepted":
                self._spawn(self._after_clear(station.station_id, request))
        return {}
