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


# ---------------------------------------------------------------------- the fast path
#
# A conformant payload is by far the common case, and jsonschema's iter_errors is slow for it (a
# few hundred microseconds per message, most of a loaded CSMS's time). The schemas the `ocpp`
# package ships use a handful of keywords; each is compiled once into a plain predicate that says
# "certainly valid". Anything it is not sure of (a keyword it does not know, an enum value that is
# not a string, multipleOf) counts as "not sure", and jsonschema then decides and words the
# problems as before: the fast path can only skip the work for a valid payload, never change a verdict.

_IGNORED = frozenset(("$schema", "$id", "id", "comment", "$comment", "description", "javaType", "title",
                      "default", "definitions", "additionalItems", "examples"))
_PY_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def _never(_instance):
    return False


def _always(_instance):
    return True


class _Compiler:
    def __init__(self, root, validator_):
        self.root = root
        self.validator = validator_
        self.integral_floats = validator_.TYPE_CHECKER.is_type(1.0, "integer")
        self.refs = {}

    def ref(self, pointer):
        if not pointer.startswith("#/definitions/") or "/" in pointer[len("#/definitions/"):]:
            return _never
        if pointer not in self.refs:
            target = self.root.get("definitions", {}).get(pointer[len("#/definitions/"):])
            if target is None:
                return _never
            cell = []
            self.refs[pointer] = lambda instance: cell[0](instance)   # recursion-safe placeholder
            cell.append(self.compile(target))
            self.refs[pointer] = cell[0]
        return self.refs[pointer]

    def type_check(self, name):
        if name in _PY_TYPES:
            cls = _PY_TYPES[name]
            if cls is bool:
                return lambda i: i is True or i is False
            return lambda i: isinstance(i, cls)
        if name == "integer":
            if self.integral_floats:
                return lambda i: (isinstance(i, int) and not isinstance(i, bool)) or \
                    (isinstance(i, float) and i.is_integer())
            return lambda i: isinstance(i, int) and not isinstance(i, bool)
        if name == "number":
            return lambda i: isinstance(i, (int, float)) and not isinstance(i, bool)
        if name == "null":
            return lambda i: i is None
        return None

    def compile(self, schema):
        """A predicate: True when the instance is certainly valid against schema."""
        if schema is True or schema == {}:
            return _always
        if not isinstance(schema, dict):
            return _never
        if "$ref" in schema:          # drafts 4 and 6: a $ref's siblings are ignored
            return self.ref(schema["$ref"])
        checks = []
        for key, value in schema.items():
            if key in _IGNORED:
                continue
            if key == "type":
                names = value if isinstance(value, list) else [value]
                tests = [self.type_check(n) for n in names]
                if any(t is None for t in tests):
                    return _never
                checks.append(tests[0] if len(tests) == 1 else (lambda i, ts=tuple(tests): any(t(i) for t in ts)))
            elif key == "properties":
                compiled = {name: self.compile(sub) for name, sub in value.items()}

                def properties(i, compiled=compiled):
                    if isinstance(i, dict):
                        for name, item in i.items():
                            test = compiled.get(name)
                            if test is not None and not test(item):
                                return False
                    return True
                checks.append(properties)
            elif key == "additionalProperties":
                known = frozenset(schema.get("properties", ()))
                if value is False:
                    checks.append(lambda i, known=known: not isinstance(i, dict) or known.issuperset(i))
                elif value is not True:
                    extra = self.compile(value)
                    checks.append(lambda i, known=known, extra=extra: not isinstance(i, dict) or
                                  all(extra(v) for k, v in i.items() if k not in known))
            elif key == "required":
                names = tuple(value)
                checks.append(lambda i, names=names: not isinstance(i, dict) or all(n in i for n in names))
            elif key in ("maxLength", "minLength"):
                if key == "maxLength":
                    checks.append(lambda i, n=value: not isinstance(i, str) or len(i) <= n)
                else:
                    checks.append(lambda i, n=value: not isinstance(i, str) or len(i) >= n)
            elif key == "enum":
                if not all(isinstance(v, str) for v in value):
                    return _never
                allowed = frozenset(value)
                checks.append(lambda i, allowed=allowed: isinstance(i, str) and i in allowed)
            elif key == "format":
                conforms = self.validator.format_checker.conforms if self.validator.format_checker else None
                if conforms is not None:
                    checks.append(lambda i, f=value, conforms=conforms: conforms(i, f))
            elif key == "items":
                if not isinstance(value, dict):
                    return _never
                item = self.compile(value)
                checks.append(lambda i, item=item: not isinstance(i, list) or all(item(x) for x in i))
            elif key in ("minItems", "maxItems"):
                if key == "minItems":
                    checks.append(lambda i, n=value: not isinstance(i, list) or len(i) >= n)
                else:
                    checks.append(lambda i, n=value: not isinstance(i, list) or len(i) <= n)
            elif key in ("minimum", "maximum"):
                if key == "minimum":
                    checks.append(lambda i, n=value: not isinstance(i, (int, float)) or isinstance(i, bool) or i >= n)
                else:
                    checks.append(lambda i, n=value: not isinstance(i, (int, float)) or isinstance(i, bool) or i <= n)
            elif key == "multipleOf":
                checks.append(lambda i: not isinstance(i, (int, float)) or isinstance(i, bool))
            else:
                return _never      # a keyword this does not know: jsonschema decides
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        checks = tuple(checks)
        return lambda i: all(c(i) for c in checks)


@functools.lru_cache(maxsize=None)
def fast_check(version, action, is_request):
    """A predicate that is True only for a payload the schema certainly accepts (None: no schema)."""
    v = validator(version, action, is_request)
    if v is None:
        return None
    try:
        return _Compiler(v.schema, v).compile(v.schema)
    except Exception:   # a schema shape this does not foresee: always ask jsonschema
        return _never


def is_known_action(version, action):
    return action in actions(version)


def check(version, action, payload, is_request):
    """Schema problems of a payload as (kind, message) pairs; empty when valid."""
    fast = fast_check(version, action, is_request)
    if fast is None:
        return [("not_implemented", f"{action} is not an OCPP {version} action")]
    try:
        if fast(payload):
            return []
    except Exception:   # e.g. a too deeply nested payload: jsonschema words the problem
        pass
    v = validator(version, action, is_request)
    problems = []
    for error in sorted(v.iter_errors(payload), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(payload)"
        kind = _KEYWORD_TO_KIND.get(error.validator, "format_violation")
        problems.append((kind, f"{action}{'Request' if is_request else 'Response'} {where}: {error.message}"))
    return problems
