"""N02-N08 Monitoring: the monitors a CSMS sets (SetVariableMonitoring), the monitoring base and
level (SetMonitoringBase, SetMonitoringLevel), clearing monitors within the station's
ItemsPerMessage (ClearVariableMonitoring, N06.FR.04), monitoring reports (GetMonitoringReport and
its NotifyMonitoringReport pages), and the events monitors raise (NotifyEvent: alerts that are
raised and cleared, periodic values), answered with an empty NotifyEventResponse (N07.FR.03).

The CSMS sends the requests when asked (trigger API call/{Action}); this mixin watches what it
sends and what the station answers and keeps, per station, the monitors it knows of.
"""
import dataclasses
from dataclasses import dataclass, field

from ...rpc import CallError, CallOutcome
from .core import Faults

Faults.declare({
    "ignore_monitoring_items_per_message": False,  # read ItemsPerMessage, then put every id in one message
    "no_monitoring_report": False,                 # NotifyMonitoringReport answered with CALLERROR NotSupported
    "notify_event_custom_data": False,             # NotifyEventResponse not empty (N07.FR.03)
})

# GetMonitoringReport criteria -> the monitor types they select (N02).
CRITERIA_TYPES = {
    "ThresholdMonitoring": {"UpperThreshold", "LowerThreshold"},
    "DeltaMonitoring": {"Delta"},
    "PeriodicMonitoring": {"Periodic", "PeriodicClockAligned"},
}


@dataclass
class Monitor:
    id: int
    component: dict
    variable: dict
    type: str
    value: float
    severity: int
    transaction: bool = False
    origin: str = "custom"          # custom: set by this CSMS; reported: learnt from a monitoring report


@dataclass
class MonitoringReport:
    request: dict                   # the GetMonitoringReportRequest (None: a report nobody asked for)
    status: str = None              # GetMonitoringReportResponse status
    seq_nos: list = field(default_factory=list)
    monitors: list = field(default_factory=list)
    complete: bool = False


@dataclass
class MonitoringState:
    monitors: dict = field(default_factory=dict)     # monitor id -> Monitor
    base: str = None                                 # last accepted monitoringBase
    level: int = None                                # last accepted monitoring severity level
    reports: dict = field(default_factory=dict)      # requestId -> MonitoringReport
    events: list = field(default_factory=list)       # every eventData received, in order
    alerts: dict = field(default_factory=dict)       # monitored variable -> the alerting eventData not yet cleared
    periodic: dict = field(default_factory=dict)     # monitored variable -> the last periodic eventData
    problems: list = field(default_factory=list)     # what the CSMS found wrong in the station's messages


def monitoring_state(station):
    state = station.__dict__.get("monitoring_state")
    if state is None:
        state = station.__dict__["monitoring_state"] = MonitoringState()
    return state


def _variable_key(component, variable, monitor_id=None):
    evse = component.get("evse") or {}
    return (component["name"], component.get("instance"), evse.get("id"), evse.get("connectorId"),
            variable["name"], variable.get("instance"), monitor_id)


def _same_variable(a, b):
    return _variable_key(a["component"], a["variable"]) == _variable_key(b["component"], b["variable"])


class Monitoring:
    # ------------------------------------------------------------------ requests the CSMS sends

    async def send(self, station_id, action, payload, timeout=None):
        station = self.store.stations.get(station_id)
        if station is None or action not in ("SetVariableMonitoring", "ClearVariableMonitoring",
                                             "SetMonitoringBase", "SetMonitoringLevel", "GetMonitoringReport"):
            return await super().send(station_id, action, payload, timeout)
        state = monitoring_state(station)
        if action == "ClearVariableMonitoring":
            return await self._clear_monitors(station_id, state, payload, timeout)
        if action == "SetVariableMonitoring":
            return await self._set_monitors(station_id, state, payload, timeout)
        if action == "GetMonitoringReport":
            state.reports[payload["requestId"]] = report = MonitoringReport(payload)
        outcome = await super().send(station_id, action, payload, timeout)
        status = outcome.response.get("status") if outcome.ok else None
        if action == "GetMonitoringReport":
            report.status = status
            if status != "Accepted":
                report.complete = True      # pages follow only an Accepted answer (N02)
        elif action == "SetMonitoringBase" and status == "Accepted":
            state.base = payload["monitoringBase"]
            if state.base in ("FactoryDefault", "HardWiredOnly"):
                # N03: both remove every custom monitor.
                state.monitors = {i: m for i, m in state.monitors.items() if m.origin != "custom"}
        elif action == "SetMonitoringLevel" and status == "Accepted":
            state.level = payload["severity"]
        return outcome

    async def monitoring_items_per_message(self, station_id, action, timeout=None, ask=True):
        """MonitoringCtrlr.ItemsPerMessage<action> of the station: known, or read with GetVariables
        (TC_N_18 step 1) when `ask`. 0 when the station does not say (no limit)."""
        station = self.store.stations[station_id]
        key = ("MonitoringCtrlr", "ItemsPerMessage", action)
        value = station.variables.get(key)
        if value is None and ask:
            outcome = await self.send(station_id, "GetVariables", {"getVariableData": [
                {"component": {"name": "MonitoringCtrlr"}, "variable": {"name": "ItemsPerMessage", "instance": action}}]},
                timeout)
            for result in (outcome.response or {}).get("getVariableResult", []) if outcome.ok else []:
                if result.get("attributeStatus") == "Accepted" and "attributeValue" in result:
                    value = station.variables[key] = result["attributeValue"]
        return int(value) if value is not None and str(value).isdigit() else 0

    async def _in_parts(self, station_id, action, payload, items_key, result_key, limit, timeout):
        """Send `action` in messages of at most `limit` items; one CallOutcome for them all."""
        items = payload[items_key]
        size = limit if limit > 0 else max(len(items), 1)
        outcomes, results = [], []
        for start in range(0, len(items), size):
            outcome = await super().send(station_id, action, dict(payload, **{items_key: items[start:start + size]}),
                                         timeout)
            outcomes.append(outcome)
            if not outcome.ok:
                return outcomes, outcome
            results.extend(outcome.response.get(result_key, []))
        if len(outcomes) == 1:
            return outcomes, outcomes[0]
        merged = CallOutcome(action, payload, outcomes[-1].unique_id, response={result_key: results},
                             violations=[v for o in outcomes for v in o.violations])
        return outcomes, merged

    async def _clear_monitors(self, station_id, state, payload, timeout):
        # N06.FR.04: never more ids in one message than the station's ItemsPerMessageClearVariableMonitoring.
        limit = await self.monitoring_items_per_message(station_id, "ClearVariableMonitoring", timeout)
        if self.faults.ignore_monitoring_items_per_message:
            limit = 0
        outcomes, outcome = await self._in_parts(station_id, "ClearVariableMonitoring", payload, "id",
                                                 "clearMonitoringResult", limit, timeout)
        for part in outcomes:
            if not part.ok:
                continue
            asked = set(part.request["id"])
            for result in part.response.get("clearMonitoringResult", []):
                if result["id"] not in asked:
                    state.problems.append(f"ClearVariableMonitoringResponse has a result for id {result['id']}, "
                                          f"which was not asked to clear")
                elif result["status"] in ("Accepted", "NotFound"):
                    state.monitors.pop(result["id"], None)      # Rejected: the monitor stays
        return outcome

    async def _set_monitors(self, station_id, state, payload, timeout):
        # N04: split by ItemsPerMessageSetVariableMonitoring when the station made it known.
        limit = await self.monitoring_items_per_message(station_id, "SetVariableMonitoring", timeout, ask=False)
        outcomes, outcome = await self._in_parts(station_id, "SetVariableMonitoring", payload, "setMonitoringData",
                                                 "setMonitoringResult", limit, timeout)
        for part in outcomes:
            if not part.ok:
                continue
            data, results = part.request["setMonitoringData"], part.response.get("setMonitoringResult", [])
            if len(results) != len(data):      # N04.FR.01
                state.problems.append(f"SetVariableMonitoringResponse has {len(results)} results "
                                      f"for {len(data)} setMonitoringData elements")
            for index, result in enumerate(results):
                asked = data[index] if index < len(data) and _same_variable(data[index], result) else \
                    next((d for d in data if _same_variable(d, result)), None)
                if asked is None:   # N04.FR.02
                    state.problems.append(f"SetMonitoringResult for a component/variable not asked for: {result}")
                    continue
                if result["status"] == "Accepted" and "id" in result:
                    state.monitors[result["id"]] = Monitor(result["id"], asked["component"], asked["variable"],
                                                           asked["type"], asked["value"], asked["severity"],
                                                           asked.get("transaction", False))
        return outcome

    # ------------------------------------------------------------------ messages from the station

    async def on_NotifyMonitoringReport(self, station, connection, payload):
        if self.faults.no_monitoring_report:
            raise CallError(connection.codes.not_supported, "monitoring reports are not supported")
        state = monitoring_state(station)
        request_id = payload["requestId"]
        report = state.reports.get(request_id)
        if report is None:
            state.problems.append(f"NotifyMonitoringReport for requestId {request_id}, which this CSMS never asked for")
            report = state.reports[request_id] = MonitoringReport(None, "Accepted")
        elif report.status is not None and report.status != "Accepted":
            state.problems.append(f"NotifyMonitoringReport for requestId {request_id}, "
                                  f"although the station answered the request with {report.status}")
        if payload["seqNo"] != len(report.seq_nos):
            state.problems.append(f"NotifyMonitoringReport requestId {request_id} seqNo {payload['seqNo']}, "
                                  f"expected {len(report.seq_nos)}")
        report.seq_nos.append(payload["seqNo"])
        criteria = (report.request or {}).get("monitoringCriteria")
        selected = set().union(*(CRITERIA_TYPES[c] for c in criteria)) if criteria else None
        for item in payload.get("monitor", []):
            for monitoring in item["variableMonitoring"]:
                if selected is not None and monitoring["type"] not in selected:
                    state.problems.append(f"NotifyMonitoringReport requestId {request_id} reports a "
                                          f"{monitoring['type']} monitor, outside the criteria {criteria}")
                known = state.monitors.get(monitoring["id"])
                monitor = Monitor(monitoring["id"], item["component"], item["variable"], monitoring["type"],
                                  monitoring["value"], monitoring["severity"], monitoring["transaction"],
                                  known.origin if known else "reported")
                state.monitors[monitor.id] = monitor
                report.monitors.append(monitor)
        if not payload.get("tbc", False):
            report.complete = True
        return {}

    async def on_NotifyEvent(self, station, connection, payload):
        state = monitoring_state(station)
        for event in payload["eventData"]:
            state.events.append(event)
            key = _variable_key(event["component"], event["variable"], event.get("variableMonitoringId"))
            if event["trigger"] == "Periodic":
                state.periodic[key] = event
            elif event.get("cleared"):
                # N07: the monitored value is back within its limits (also reported after a reboot).
                state.alerts.pop(key, None)
            elif event["trigger"] == "Alerting":
                state.alerts[key] = event
            monitor_id = event.get("variableMonitoringId")
            if event["eventNotificationType"] == "CustomMonitor" and monitor_id is not None:
                monitor = state.monitors.get(monitor_id)
                if monitor is None or not _same_variable(dataclasses.asdict(monitor), event):
                    state.problems.append(f"NotifyEvent from custom monitor {monitor_id}, "
                                          f"which this CSMS did not set on that variable")
        parent = getattr(super(), "on_NotifyEvent", None)
        answer = await parent(station, connection, payload) if parent else {}
        if self.faults.notify_event_custom_data:
            answer = dict(answer, customData={"vendorId": "org.example.reference-csms"})
        return answer
