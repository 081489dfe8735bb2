"""Schema validation of OCPP payloads with the JSON schemas that the `ocpp` package ships."""
import functools
import json
import os

import jsonschema
import ocpp

_PACKAGE_DIR = os.path.dirname(ocpp.__file__)

# Which CALLERROR a schema failure maps to, by the JSON-schema keyword that failed.
_KEYWORD_TO_KIND = {
    "required": "occurrence_violation",
    "minItems": "occurrence_violation",
    "maxItems": "occurrence_violation",
    "type": "type_violation",
    "enum": "property_violation",
    "maxLength": "property_violation",
    "minLength": "property_violation",
    "minimum": "property_violation",
    "maximum": "property_violation",
    "pattern": "property_violation",
    "format": "property_violation",
    "multipleOf": "property_violation",
    "additionalProperties": "format_violation",
}


def _schema_path(version, action, is_request):
    if version.startswith("1.6"):
        return os.path.join(_PACKAGE_DIR, "v16", "schemas", f"{action}{'' if is_request else 'Response'}.json")
    return os.path.join(_PACKAGE_DIR, "v201", "schemas", f"{action}{'Request' if is_request else 'Response'}.json")


@functools.lru_cache(maxsize=None)
def validator(version, action, is_request):
    """The validator for an action's request or response, or None when the version has no such action."""
    path = _schema_path(version, action, is_request)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@functools.lru_cache(maxsize=None)
def actions(version):
    """Every action the version defines, from the shipped schema file names."""
    folder = os.path.join(_PACKAGE_DIR, "v16" if version.startswith("1.6") else "v201", "schemas")
    names = set()
    for file_name in os.listdir(folder):
        if not file_name.endswith(".json"):
            continue
        base = file_name[:-5]
        if version.startswith("1.6"):
            if not base.endswith("Response"):
                names.add(base)
        elif base.endswith("Request"):
            names.add(base[:-7])
    return frozenset(names)


def is_known_action(version, action):
    return action in actions(version)


def check(version, action, payload, is_request):
    """Schema problems of a payload as (kind, message) pairs; empty when valid."""
    v = validator(version, action, is_request)
    if v is None:
        return [("not_implemented", f"{action} is not an OCPP {version} action")]
    problems = []
    for error in sorted(v.iter_errors(payload), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(payload)"
        kind = _KEYWORD_TO_KIND.get(error.validator, "format_violation")
        problems.append((kind, f"{action}{'Request' if is_request else 'Response'} {where}: {error.message}"))
    return problems
