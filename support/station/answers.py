"""How the test station answers CSMS-initiated requests: a default per action (accepting), or
what a step set for this scenario (a status, a payload, a CALLERROR, or no answer at all)."""
import copy
from dataclasses import dataclass

from ..rpc import CallError
from ..rpc import schemas
from . import local_list as _local_list
from . import remote_control as _remote_control
from . import diagnostics as _diagnostics
from . import availability as _availability
from . import reservation as _reservation
from . import transactions as _transactions
from . import firmware as _firmware
from . import display as _display
from . import smart_charging as _smart_charging
from . import certificates as _certificates

NO_ANSWER = object()


@dataclass
class Answer:
    """One scripted answer: a status, a whole payload, a CALLERROR code, or NO_ANSWER."""
    status: str = None
    payload: dict = None
    error_code: str = None
    silent: bool = False
    repeat: bool = True     # stays in force for every later request of that action
    build: object = None    # callable(model, request payload) -> response payload (A: SetVariables statuses)

    def describe(self):
        if self.silent:
            return "no answer"
        if self.error_code:
            return f"CALLERROR {self.error_code}"
        if self.payload is not None:
            return str(self.payload)
        return f"status {self.status}"


def _minimal(schema, root, name=None):
    """A minimal instance of a JSON-schema node: required fields only, accepting status first."""
    if "$ref" in schema:
        schema = root["definitions"][schema["$ref"].rsplit("/", 1)[-1]]
    if "enum" in schema:
        return "Accepted" if "Accepted" in schema["enum"] else schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {key: _minimal(schema["properties"][key], root, key) for key in schema.get("required", [])}
    if kind == "array":
        return [_minimal(schema["items"], root)] * max(schema.get("minItems", 0), 1)
    if kind == "integer":
        return max(schema.get("minimum", 0), 0)
    if kind == "number":
        return 0.0
    if kind == "boolean":
        return False
    return ""


def generic_answer(version, action):
    v = schemas.validator(version, action, False)
    return _minimal(v.schema, v.schema) if v else {}


def _get_variables(model, payload):
    results = []
    for item in payload["getVariableData"]:
        key = model.lookup(item["component"], item["variable"])
        result = {"component": item["component"], "variable": item["variable"]}
        if item.get("attributeType", "Actual") != "Actual" and key:
            result["attributeStatus"] = "NotSupportedAttributeType"
        elif key:
            result["attributeStatus"] = "Accepted"
            result["attributeValue"] = model.variables[key]
        elif model.knows_component(item["component"]):
            result["attributeStatus"] = "UnknownVariable"
        else:
            result["attributeStatus"] = "UnknownComponent"
        if "attributeType" in item:
            result["attributeType"] = item["attributeType"]
        results.append(result)
    return {"getVariableResult": results}


def _set_variables(model, payload):
    from .model import READ_ONLY
    results = []
    for item in payload["setVariableData"]:
        key = model.lookup(item["component"], item["variable"])
        result = {"component": item["component"], "variable": item["variable"]}
        if key in READ_ONLY:
            result["attributeStatus"] = "Rejected"
        elif key or model.knows_component(item["component"]):
            key = key or (item["component"]["name"], item["variable"]["name"], item["variable"].get("instance"))
            model.variables[key] = item["attributeValue"]
            result["attributeStatus"] = "Accepted"
        else:
            result["attributeStatus"] = "UnknownComponent"
        if "attributeType" in item:
            result["attributeType"] = item["attributeType"]
        results.append(result)
    return {"setVariableResult": results}


DEFAULTS = {
    "GetVariables": _get_variables,
    "SetVariables": _set_variables,
}
DEFAULTS.update(_local_list.ANSWERS)        # D: SendLocalList, GetLocalListVersion
DEFAULTS.update(_remote_control.ANSWERS)    # F: RequestStart/StopTransaction, UnlockConnector, TriggerMessage
DEFAULTS.update(_diagnostics.ANSWERS)       # N: Set/ClearVariableMonitoring, GetMonitoringReport, GetLog
DEFAULTS.update(_availability.ANSWERS)      # G: ChangeAvailability
DEFAULTS.update(_reservation.ANSWERS)       # H: ReserveNow, CancelReservation
DEFAULTS.update(_firmware.ANSWERS)          # L: UpdateFirmware, PublishFirmware, UnpublishFirmware
DEFAULTS.update(_display.ANSWERS)           # O: Set/Get/ClearDisplayMessage
DEFAULTS.update(_smart_charging.ANSWERS)    # K: Set/Get/ClearChargingProfile(s), GetCompositeSchedule
DEFAULTS.update(_certificates.ANSWERS)      # A/M: Install/DeleteCertificate, GetInstalledCertificateIds, CertificateSigned

# What the station remembers of the answer it gave, whoever chose it (its default, a scripted status
# or payload): action -> callable(model, request payload, response payload).
AFTER = dict(_reservation.AFTER)            # H: the reservations it accepted
AFTER.update(_firmware.ANSWERED)            # L: the firmware requests it took on
AFTER.update(_display.ANSWERED)             # O: the display messages it shows
AFTER.update(_certificates.ANSWERED)        # A/M: its truststore and its new certificates
DEFAULTS.update(_transactions.ANSWERS)      # E: GetTransactionStatus (from the offline queue)


def default_answer(version, action, payload, model):
    if version.startswith("1.6"):
        from .ocpp16.answers import DEFAULTS16
        builder = DEFAULTS16.get(action)
        return builder(model, payload) if builder else generic_answer(version, action)
    builder = DEFAULTS.get(action)
    if builder:
        return builder(model, payload)
    return generic_answer(version, action)


def apply(answer, version, action, payload, model, codes):
    """The response payload for a request under a scripted answer (None means: do not answer)."""
    if answer.silent:
        return None
    if answer.error_code:
        raise CallError(answer.error_code, f"the test station was told to answer {action} with {answer.error_code}")
    if answer.payload is not None:
        response = copy.deepcopy(answer.payload)
    elif answer.build is not None:
        response = answer.build(model, payload)
    else:
        response = default_answer(version, action, payload, model)
        if answer.status is not None:
            response["status"] = answer.status
    after = AFTER
    if version.startswith("1.6"):     # 1.6 payloads differ: the 1.6 station keeps its own (ocpp16.answers.AFTER16)
        from .ocpp16.answers import AFTER16 as after
    if action in after:
        after[action](model, payload, response)
    return response
