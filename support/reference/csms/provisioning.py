"""B Provisioning: boot (Accepted, Pending with configuration, Rejected), heartbeat, status,
reports and the station's variables."""
import asyncio

from .core import Faults, now_iso

# The station variables the CSMS reads while a station is Pending (B02: configure before accepting).
PROVISIONING_VARIABLES = [
    {"component": {"name": "DeviceDataCtrlr"}, "variable": {"name": "ItemsPerMessage", "instance": "GetVariables"}},
    {"component": {"name": "DeviceDataCtrlr"}, "variable": {"name": "ItemsPerMessage", "instance": "SetVariables"}},
    {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NetworkConfigurationPriority"}},
]



Faults.declare({
    "boot_status": None,          # answer every boot with this status
    "heartbeat_interval": None,   # this interval in every BootNotificationResponse (Pending and Rejected too)
    "ignore_pending_boot": False,  # set-pending-boot has no effect
    "no_provisioning": False,      # does not read the configuration of a Pending station
    "accept_in_pending": False,    # no SecurityError before the station is Accepted
})


class Provisioning:
    # ------------------------------------------------------------------ provisioning (B)

    def registration_answer(self, station, payload):
        """(status, interval) for a station's boot, in either OCPP version: Accepted unless the
        trigger API asked for Pending/Rejected (set-pending-boot), or a fault says otherwise. The
        interval is the heartbeat interval when Accepted, the pending interval (the wait before the
        station sends BootNotification again) when Pending or Rejected."""
        station.boot_info = payload
        if self.faults.boot_status:
            status = self.faults.boot_status
        elif station.next_boot_status and not self.faults.ignore_pending_boot:
            status = station.next_boot_status.pop(0)
        else:
            status = "Accepted"
        station.registration = status
        if self.faults.heartbeat_interval is not None:
            interval = self.faults.heartbeat_interval
        elif status == "Accepted":
            interval = self.heartbeat_interval
        else:
            interval = self.pending_interval
        return status, interval

    async def on_BootNotification(self, station, connection, payload):
        status, interval = self.registration_answer(station, payload)
        if status == "Pending" and not self.faults.no_provisioning:
            self._spawn(self._provision(station.station_id))
        return {"currentTime": now_iso(), "interval": interval, "status": status}

    async def _provision(self, station_id):
        """While a station is Pending, read its configuration (B02.FR.01: the CSMS may configure it)."""
        await asyncio.sleep(0)  # let the BootNotificationResponse go out first
        await self.send(station_id, "GetVariables", {"getVariableData": PROVISIONING_VARIABLES})

    async def on_Heartbeat(self, station, connection, payload):
        station.last_heartbeat = now_iso()
        return {"currentTime": station.last_heartbeat}

    async def on_StatusNotification(self, station, connection, payload):
        station.connectors[(payload["evseId"], payload["connectorId"])] = payload["connectorStatus"]
        return {}

    async def on_NotifyReport(self, station, connection, payload):
        items = station.reports.setdefault(payload["requestId"], [])
        items.extend(payload.get("reportData", []))
        for item in payload.get("reportData", []):
            for attribute in item.get("variableAttribute", []):
                if attribute.get("type", "Actual") == "Actual" and "value" in attribute:
                    key = (item["component"]["name"], item["variable"]["name"], item["variable"].get("instance"))
                    station.variables[key] = attribute["value"]
        return {}

    async def on_NotifyEvent(self, station, connection, payload):
        return {}

    async def on_SecurityEventNotification(self, station, connection, payload):
        return {}

    async def on_FirmwareStatusNotification(self, station, connection, payload):
        return {}

    async def on_LogStatusNotification(self, station, connection, payload):
        return {}

    async def on_MeterValues(self, station, connection, payload):
        return {}
