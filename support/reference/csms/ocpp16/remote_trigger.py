"""OCPP 1.6 Remote Trigger in the reference CSMS (OCTT TC_054, TC_055): TriggerMessage and the
ExtendedTriggerMessage of the security whitepaper. The requested message is let through while the
station is Pending; what the station answered is kept."""
from ..core import Faults
from .common import station_record, status_of

Faults.declare({
    "trigger_without_connector_16": False,      # TriggerMessage leaves without its connectorId (TC_054)
})


# What a TriggerMessage / ExtendedTriggerMessage asks the Charge Point to send.
TRIGGERED = {"SignChargePointCertificate": "SignCertificate"}


def triggers16(station):
    """{"action", "requestedMessage", "connectorId", "status"} of every trigger sent to a station."""
    return station_record(station, "triggers16", list)


class RemoteTrigger16:
    """Mixin before Ocpp16 in ReferenceCsms: TriggerMessage and ExtendedTriggerMessage of a 1.6
    connection go through its _before16_ and _after16_ methods (version.py)."""

    def _before16_TriggerMessage(self, station, payload):
        if self.faults.trigger_without_connector_16:
            payload.pop("connectorId", None)
        requested = payload["requestedMessage"]
        station.__dict__.setdefault("triggered", set()).add(TRIGGERED.get(requested, requested))

    _before16_ExtendedTriggerMessage = _before16_TriggerMessage

    def _after16_TriggerMessage(self, station, payload, outcome, action="TriggerMessage"):
        triggers16(station).append({"action": action, "requestedMessage": payload["requestedMessage"],
                                    "connectorId": payload.get("connectorId"), "status": status_of(outcome)})

    def _after16_ExtendedTriggerMessage(self, station, payload, outcome):
        self._after16_TriggerMessage(station, payload, outcome, "ExtendedTriggerMessage")
