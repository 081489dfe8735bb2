"""Block N (diagnostics) on the test side: how the test station answers the CSMS's log, monitoring
and customer-information requests by default, the messages it sends back (NotifyMonitoringReport and
NotifyCustomerInformation pages with seqNo and tbc, LogStatusNotification, NotifyEvent from a
monitor), the requests the steps ask the CSMS to send, and the checks of what the CSMS did.
"""
import hashlib
import json
import time
from datetime import datetime, timezone

from ..scenario import csms_commands, expect


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Where the CSMS is asked to have logs uploaded (GetLogRequest log.remoteLocation).
LOG_LOCATION = "https://logs.example.com/ocpp/upload"

# customerCertificate of TC_N_63: the hash data of a customer's contract certificate.
CUSTOMER_CERTIFICATE = {
    "hashAlgorithm": "SHA256",
    "issuerNameHash": hashlib.sha256(b"CN=Conformance Suite Contract Sub-CA 2, O=OCPP Conformance").hexdigest(),
    "issuerKeyHash": hashlib.sha256(b"Conformance Suite Contract Sub-CA 2 public key").hexdigest(),
    "serialNumber": "5a3c9e01",
}

# The monitors the test station has when a scenario starts (id -> monitor), evse 1 = the configured EVSE.
DEFAULT_MONITORS = {
    1: {"component": {"name": "ChargingStation"}, "variable": {"name": "Power"},
        "type": "UpperThreshold", "value": 100.0, "severity": 5, "transaction": False},
    2: {"component": {"name": "ChargingStation"}, "variable": {"name": "Power"},
        "type": "LowerThreshold", "value": 0.0, "severity": 5, "transaction": False},
    3: {"component": {"name": "EVSE", "evse": {"id": 1}}, "variable": {"name": "AvailabilityState"},
        "type": "Delta", "value": 1.0, "severity": 8, "transaction": False},
    4: {"component": {"name": "ChargingStation"}, "variable": {"name": "AvailabilityState"},
        "type": "Delta", "value": 1.0, "severity": 8, "transaction": False},
    5: {"component": {"name": "EVSE", "evse": {"id": 1}}, "variable": {"name": "Power"},
        "type": "Periodic", "value": 60.0, "severity": 7, "transaction": False},
}
CRITERIA_TYPES = {
    "ThresholdMonitoring": {"UpperThreshold", "LowerThreshold"},
    "DeltaMonitoring": {"Delta"},
    "PeriodicMonitoring": {"Periodic", "PeriodicClockAligned"},
}
MONITORED_COMPONENTS = ("ChargingStation", "EVSE", "Connector", "MonitoringCtrlr")


# ---------------------------------------------------------------------- the station's monitors

def monitors(model):
    """The test station's monitors (id -> monitor), made from DEFAULT_MONITORS on first use."""
    found = model.__dict__.get("monitors")
    if found is None:
        found = model.__dict__["monitors"] = json.loads(json.dumps(DEFAULT_MONITORS), object_hook=_int_keys)
    return found


def _int_keys(obj):
    return {int(k) if k.isdigit() else k: v for k, v in obj.items()}


def _same_component(wanted, component):
    if wanted["name"] != component["name"]:
        return False
    evse = wanted.get("evse")
    return evse is None or evse == component.get("evse")


def matching_monitors(model, request, strict=True):
    """Monitors a GetMonitoringReportRequest selects: by componentVariable and by monitoringCriteria.
    strict=False drops the criteria when nothing fits both (what an Accepted answer reports then)."""
    wanted = request.get("componentVariable")
    types = set().union(*(CRITERIA_TYPES[c] for c in request.get("monitoringCriteria", []))) \
        if request.get("monitoringCriteria") else None
    found = {}
    for monitor_id, monitor in sorted(monitors(model).items()):
        if wanted and not any(_same_component(cv["component"], monitor["component"])
                              and cv.get("variable", {}).get("name", monitor["variable"]["name"])
                              == monitor["variable"]["name"] for cv in wanted):
            continue
        if types is not None and monitor["type"] not in types:
            continue
        found[monitor_id] = monitor
    if not found and not strict and types is not None:
        return matching_monitors(model, dict(request, monitoringCriteria=[]), strict=True)
    return found


# ---------------------------------------------------------------------- default answers (answers.DEFAULTS)

def _set_variable_monitoring(model, payload):
    results = []
    table = monitors(model)
    for item in payload["setMonitoringData"]:
        result = {"type": item["type"], "severity": item["severity"], "component": item["component"],
                  "variable": item["variable"]}
        if item["component"]["name"] not in MONITORED_COMPONENTS and not model.knows_component(item["component"]):
            result["status"] = "UnknownComponent"
        elif "id" in item and item["id"] not in table:
            result["status"] = "Rejected"          # replacing a monitor that does not exist
        else:
            monitor_id = item.get("id", max(table, default=0) + 1)
            table[monitor_id] = {k: item[k] for k in ("component", "variable", "type", "value", "severity")}
            table[monitor_id]["transaction"] = item.get("transaction", False)
            result.update(id=monitor_id, status="Accepted")
        results.append(result)
    return {"setMonitoringResult": results}


def _clear_variable_monitoring(model, payload):
    table = monitors(model)
    results = []
    for monitor_id in payload["id"]:
        results.append({"id": monitor_id, "status": "Accepted" if table.pop(monitor_id, None) else "NotFound"})
    return {"clearMonitoringResult": results}


def _get_monitoring_report(model, payload):
    return {"status": "Accepted" if matching_monitors(model, payload) else "EmptyResultSet"}


def _get_log(model, payload):
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    kind = "security" if payload["logType"] == "SecurityLog" else "diagnostics"
    return {"status": "Accepted", "filename": f"{kind}-{stamp}.log"}


ANSWERS = {
    "SetVariableMonitoring": _set_variable_monitoring,
    "ClearVariableMonitoring": _clear_variable_monitoring,
    "GetMonitoringReport": _get_monitoring_report,
    "GetLog": _get_log,
}


def set_monitoring_items_per_message(station, action, limit):
    """MonitoringCtrlr.ItemsPerMessage<action>, which the CSMS reads from the station (N06.FR.04)."""
    station.model.variables[("MonitoringCtrlr", "ItemsPerMessage", action)] = str(limit)


# ---------------------------------------------------------------------- requests the CSMS is asked to send

def get_log_request(request_id, log_type):
    return {"requestId": request_id, "logType": log_type, "log": {"remoteLocation": LOG_LOCATION}}


def get_monitoring_report_request(request_id, criteria=(), component_variables=()):
    payload = {"requestId": request_id}
    if criteria:
        payload["monitoringCriteria"] = list(criteria)
    if component_variables:
        payload["componentVariable"] = list(component_variables)
    return payload


def component_variables(rows, config):
    """Table rows | component | evse | variable | (evse may be empty or <CONFIGURED_EVSE_ID>)."""
    items = []
    for row in rows:
        component = {"name": row["component"].strip()}
        evse = expect.substitute(row.get("evse", "").strip(), config)
        if evse:
            component["evse"] = {"id": int(evse)}
        items.append({"component": component, "variable": {"name": row["variable"].strip()}})
    return items


def set_monitoring_data(rows, config):
    """Table rows | component | evse | variable | type | value | severity | as setMonitoringData."""
    data = []
    for row, item in zip(rows, component_variables(rows, config)):
        entry = dict(item, type=row["type"].strip(), value=float(row["value"]), severity=int(row["severity"]))
        if row.get("transaction", "").strip():
            entry["transaction"] = row["transaction"].strip().lower() == "true"
        data.append(entry)
    return data


def customer_information_request(request_id, report, clear, reference):
    return dict({"requestId": request_id, "report": report, "clear": clear}, **reference)


def describe_reference(reference):
    if "idToken" in reference:
        return f"idToken {reference['idToken']['idToken']}"
    if "customerIdentifier" in reference:
        return f"customer {reference['customerIdentifier']}"
    return f"certificate {reference['customerCertificate']['serialNumber']}"


def local_list_request(version, id_token):
    """A full local authorization list with one accepted idToken (the precondition of TC_N_46)."""
    return {"versionNumber": version, "updateType": "Full",
            "localAuthorizationList": [{"idToken": id_token, "idTokenInfo": {"status": "Accepted"}}]}


# ---------------------------------------------------------------------- what the station sends

def split(items, pages):
    """`items` spread over `pages` pages (some may be empty)."""
    size, extra = divmod(len(items), pages)
    out, start = [], 0
    for page in range(pages):
        end = start + size + (1 if page < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def monitoring_report_pages(model, request, pages=1):
    """NotifyMonitoringReport pages (seqNo 0.., tbc on all but the last) for a GetMonitoringReportRequest."""
    grouped = {}
    for monitor_id, monitor in matching_monitors(model, request, strict=False).items():
        key = json.dumps([monitor["component"], monitor["variable"]], sort_keys=True)
        entry = grouped.setdefault(key, {"component": monitor["component"], "variable": monitor["variable"],
                                         "variableMonitoring": []})
        entry["variableMonitoring"].append({"id": monitor_id, "transaction": monitor["transaction"],
                                            "value": monitor["value"], "type": monitor["type"],
                                            "severity": monitor["severity"]})
    payloads = []
    for seq_no, part in enumerate(split(list(grouped.values()), pages)):
        payload = {"requestId": request["requestId"], "seqNo": seq_no, "generatedAt": now_iso(),
                   "tbc": seq_no < pages - 1}
        if part:
            payload["monitor"] = part
        payloads.append(payload)
    return payloads


def customer_data(station_id, reference):
    return (f"Customer data held by {station_id} for {describe_reference(reference)}: 2 charging sessions, "
            f"last one on EVSE 1 with 12.4 kWh; no personal data beyond the identifier.")


def customer_information_pages(station_id, request, pages=1, with_data=True):
    """NotifyCustomerInformation pages (seqNo 0.., tbc on all but the last) for a CustomerInformationRequest."""
    reference = {k: request[k] for k in ("idToken", "customerCertificate", "customerIdentifier") if k in request}
    text = customer_data(station_id, reference) if with_data else ""
    size = -(-len(text) // pages) if text else 0
    chunks = [text[i * size:(i + 1) * size] for i in range(pages)] if size else [""] * pages
    return [{"requestId": request["requestId"], "seqNo": seq_no, "tbc": seq_no < pages - 1, "generatedAt": now_iso(),
             "data": chunk} for seq_no, chunk in enumerate(chunks)]


EVENT_FIELDS = {"trigger", "actualValue", "cleared", "eventNotificationType", "component", "evse", "connector",
                "variable", "variableMonitoringId", "cause", "techCode", "techInfo", "transactionId"}


def monitoring_event(station, fields, config):
    """A NotifyEvent with one eventData from table fields (trigger, actualValue, cleared,
    eventNotificationType, component, evse, connector, variable, variableMonitoringId, ...)."""
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise expect.StepError(f"unknown event fields {', '.join(sorted(unknown))}; use {', '.join(sorted(EVENT_FIELDS))}")
    values = {k: expect.substitute(v, config) for k, v in fields.items()}
    component = {"name": values.get("component", "ChargingStation")}
    if values.get("evse"):
        component["evse"] = {"id": int(values["evse"])}
        if values.get("connector"):
            component["evse"]["connectorId"] = int(values["connector"])
    event = {"eventId": next(station._event_ids), "timestamp": now_iso(), "trigger": values.get("trigger", "Alerting"),
             "actualValue": values.get("actualValue", ""), "eventNotificationType":
             values.get("eventNotificationType", "HardWiredMonitor"), "component": component,
             "variable": {"name": values.get("variable", "AvailabilityState")}}
    if "cleared" in values:
        event["cleared"] = values["cleared"].lower() == "true"
    for key in ("variableMonitoringId", "cause"):
        if values.get(key):
            event[key] = int(values[key])
    for key in ("techCode", "techInfo", "transactionId"):
        if values.get(key):
            event[key] = values[key]
    return {"generatedAt": now_iso(), "seqNo": 0, "tbc": False, "eventData": [event]}


# ---------------------------------------------------------------------- the scenario's side (steps call these)

ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}


def request_of_csms(session, action, ordinal="last"):
    """The payload of one request of `action` the CSMS sent in this scenario (first, second, ..., last)."""
    requests = sorted(session.station.requests_from_csms(action), key=lambda e: e.seq)
    if ordinal not in ORDINALS:
        raise expect.StepError(f"'{ordinal}' is not an ordinal; use one of {', '.join(ORDINALS)}")
    index = ORDINALS[ordinal]
    if not requests or index >= len(requests):
        session.fail(f"the CSMS has sent {len(requests)} {action}Request(s) in this scenario; "
                     f"there is no {ordinal} one to answer")
    return requests[index].frame.payload


def ask_csms(session, description, action, payload, decided=(), unless_seen=None):
    """Make the CSMS send `action` with `payload` (trigger API call/{Action}); the trigger API's report
    of the station's answer is kept for csms_commands.check_reported_answer. `decided`: fields the
    CSMS should decide itself (a request it passes on with them as written is no verdict on it)."""
    return csms_commands.ask(session, description, f"call/{action}", payload, action, decided=decided,
                             unless_seen=unless_seen)


def clear_monitors_decided(station, ids):
    """ClearVariableMonitoring with more ids than the station takes in one message: how to split them
    is the CSMS's decision (N06.FR.04), so a CSMS that passes the suite's list on as it is has not
    decided it (unless it read the station's limit first: then what it sent is its own decision)."""
    limit = station.model.variables.get(("MonitoringCtrlr", "ItemsPerMessage", "ClearVariableMonitoring"))
    return ("id",) if limit is not None and len(ids) > int(limit) else ()


def check_reported_answer(session, action, rows):
    return csms_commands.check_reported_answer(session, action, rows)


def check_new_log_request(session):
    """The CSMS sends another GetLog, with a requestId none of its earlier GetLog requests had."""
    earlier = {e.frame.payload.get("requestId") for e in session.station.requests_from_csms("GetLog")
               if e.seq in session.station.consumed}
    payload = session.expect_request("GetLog")
    if session.provenance.supplied_as_is("GetLog", payload) is not None:
        from ..scenario.outcomes import live
        live("    the requestId of this GetLog was written by the suite (call/GetLog): not judged")
        return payload
    if payload["requestId"] in earlier:
        session.fail(f"the CSMS sent GetLogRequest with requestId {payload['requestId']}, which its earlier "
                     f"GetLog request already had; a new log request needs a new requestId")
    return payload


def check_cleared_in_parts(session, ids, limit):
    """ClearVariableMonitoring requests of the CSMS clear exactly `ids`, none with more than `limit`
    ids (N06.FR.04); after the last expected id the step keeps watching for further parts for
    followup_request_wait seconds, as OCTT does, and checks those too."""
    expected, seen, sizes = set(ids), [], []

    def take(payload):
        part = payload["id"]
        sizes.append(len(part))
        if len(part) > limit:
            session.fail(f"the CSMS put {len(part)} ids {part} in one ClearVariableMonitoringRequest; the station "
                         f"allows at most {limit} (MonitoringCtrlr.ItemsPerMessage ClearVariableMonitoring, N06.FR.04)")
        stray = [i for i in part if i not in expected]
        twice = [i for i in part if i in seen]
        if stray or twice:
            session.fail(f"the CSMS asked to clear {part}: " + "; ".join(
                filter(None, [stray and f"{stray} were not to be cleared", twice and f"{twice} cleared twice"])))
        seen.extend(part)

    while not expected <= set(seen):
        take(session.expect_request("ClearVariableMonitoring"))
    deadline = time.monotonic() + session.config.seconds("followup_request_wait")
    while True:
        remaining = deadline - time.monotonic()
        entry = session.station.wait_for_request("ClearVariableMonitoring", remaining) if remaining > 0 else None
        if entry is None:
            break
        take(entry.frame.payload)
    return sizes


def send_pages(session, action, payloads):
    """Send the pages in order; each must get a CALLRESULT before the next goes out."""
    for payload in payloads:
        outcome = session.send(action, payload)
        if not outcome.ok:
            session.fail(f"the CSMS did not answer {action} seqNo {payload['seqNo']} with a CALLRESULT: "
                         f"{outcome.describe()}")


def check_empty_answers(session, action):
    """Every `action` the station sent was answered with an empty payload (e.g. N07.FR.03, N08.FR.02)."""
    outcomes = [o for o in session.station.outcomes if o.action == action]
    if not outcomes:
        session.fail(f"the station has not sent {action} in this scenario")
    for outcome in outcomes:
        if not outcome.ok:
            session.fail(f"expected an empty CALLRESULT to {action}, but: {outcome.describe()}")
        if outcome.violations:
            session.fail(f"the CSMS's {action}Response breaks the schema: {'; '.join(outcome.violations)}")
        if outcome.response != {}:
            session.fail(f"the CSMS answered {action} with {json.dumps(outcome.response)}, expected an empty payload {{}}")
    session.check_peer_violations()
