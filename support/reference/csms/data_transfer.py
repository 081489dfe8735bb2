"""P Data Transfer and custom data.

DataTransfer (P02): the reference CSMS implements one vendor extension of its own, so that every
status has a reason to be answered:
- a vendorId it does not implement: UnknownVendorId, without data (P02.FR.06);
- its vendorId with a messageId it does not know, or without one: UnknownMessageId (P02.FR.07);
- its vendorId and a known messageId whose data it cannot use: Rejected;
- otherwise Accepted, with the message's answer in data.

customData (P03) may extend any object of any message (its schema is open); the CSMS accepts it
everywhere and keeps, per station, the last customData of each action it received.
"""
from dataclasses import dataclass, field

from ...rpc import CallError
from .core import Faults

Faults.declare({
    "data_transfer_accepted": False,    # every DataTransfer answered Accepted, whatever its vendorId
    "reject_custom_data": False,        # messages carrying customData answered with CALLERROR FormatViolation
})

VENDOR_ID = "org.ocpp-conformance-suite.reference-csms"


@dataclass
class DataTransferState:
    notes: list = field(default_factory=list)          # data of accepted StationNote messages
    received: list = field(default_factory=list)       # (vendorId, messageId, status) of every DataTransfer
    custom_data: dict = field(default_factory=dict)    # action -> [(path, customData)] of its last message


def data_transfer_state(station):
    state = station.__dict__.get("data_transfer_state")
    if state is None:
        state = station.__dict__["data_transfer_state"] = DataTransferState()
    return state


def custom_data_of(node, path=""):
    """[(dotted path, customData)] of every customData object in a payload, outermost first."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else key
            if key == "customData" and isinstance(value, dict):
                found.append((here, value))
            else:
                found.extend(custom_data_of(value, here))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(custom_data_of(value, f"{path}[{index}]"))
    return found


def _echo(state, data):
    return "Accepted", data


def _station_note(state, data):
    if not isinstance(data, str) or not data.strip():
        return "Rejected", None          # a note is a non-empty text
    state.notes.append(data)
    return "Accepted", {"notes": len(state.notes)}


# messageId -> handler(state, data) -> (status, answer data or None)
MESSAGES = {"Echo": _echo, "StationNote": _station_note}


class DataTransfer:
    async def on_DataTransfer(self, station, connection, payload):
        state = data_transfer_state(station)
        vendor_id, message_id = payload["vendorId"], payload.get("messageId")
        answer = {}
        if self.faults.data_transfer_accepted:
            answer["status"] = "Accepted"
        elif vendor_id != VENDOR_ID:
            answer["status"] = "UnknownVendorId"
        elif message_id not in MESSAGES:
            answer["status"] = "UnknownMessageId"
        else:
            status, data = MESSAGES[message_id](state, payload.get("data"))
            answer["status"] = status
            if data is not None:
                answer["data"] = data
        state.received.append((vendor_id, message_id, answer["status"]))
        return answer

    async def handler(self, connection, action, payload):
        found = custom_data_of(payload)
        if found:
            station = self.store.stations.get(connection.peer)
            if self.faults.reject_custom_data:
                raise CallError(connection.codes.format_violation,
                                f"{action} carries customData at {', '.join(p for p, _ in found)}")
            if station is not None:
                data_transfer_state(station).custom_data[action] = found
        return await super().handler(connection, action, payload)
