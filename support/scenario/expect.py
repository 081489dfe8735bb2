"""Matching what a peer sent against what a step expects, in the words testers write.

Fields are dotted paths into an OCPP payload (`idTokenInfo.groupIdToken.idToken`,
`getVariableData[0].component.name`). Expected values are text: `Accepted`, `"Invalid" or "Unknown"`,
`(absent)`, `(present)`, `> 0`, `<GROUP_ID>` (a configured value). Expected enum values are
checked against the OCPP schema at that path, so a typo is reported as a typo, not as a failure.
"""
import difflib
import json
import re

from ..rpc import schemas

ABSENT = object()
_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")


class StepError(AssertionError):
    """The step itself is wrong (a misspelled enum value, an unknown field): say so plainly."""


def resolve(payload, path):
    node = payload
    for part in path.split("."):
        m = _INDEX.match(part)
        name, index = (m.group(1), int(m.group(2))) if m else (part, None)
        if not isinstance(node, dict) or name not in node:
            return ABSENT
        node = node[name]
        if index is not None:
            if not isinstance(node, list) or index >= len(node):
                return ABSENT
            node = node[index]
    return node


def schema_node(version, action, is_request, path):
    """(schema node, definition name) at a dotted path of an action's payload, or (None, None)."""
    v = schemas.validator(version, action, is_request)
    if v is None:
        return None, None
    root = v.schema
    node, def_name = root, None
    for part in path.split("."):
        m = _INDEX.match(part)
        name = m.group(1) if m else part
        node, def_name = _deref(node, root, def_name)
        props = node.get("properties", {})
        if name not in props:
            known = ", ".join(sorted(props)) or "none"
            hint = difflib.get_close_matches(name, list(props), 1)
            raise StepError(f"'{name}' is not a field of {action}{'Request' if is_request else 'Response'} "
                            f"at '{path}'" + (f"; did you mean {hint[0]}?" if hint else f" (fields: {known})"))
        node = props[name]
        node, def_name = _deref(node, root, def_name)
        if node.get("type") == "array" and (m or True) and "items" in node and m:
            node, def_name = _deref(node["items"], root, def_name)
    node, def_name = _deref(node, root, def_name)
    if node.get("type") == "array" and "items" in node:
        node, def_name = _deref(node["items"], root, def_name)
    return node, def_name


def _deref(node, root, def_name):
    if "$ref" in node:
        def_name = node["$ref"].rsplit("/", 1)[-1]
        return root["definitions"][def_name], def_name
    return node, def_name


def enum_name(def_name):
    return (def_name or "value").replace("EnumType", "").replace("Type", "")


def check_enum(value, allowed, def_name):
    if value in allowed:
        return
    hint = difflib.get_close_matches(value, allowed, 1, 0.5)
    name = enum_name(def_name)
    article = "an" if name[:1] in "AEIOU" else "a"
    raise StepError(f"'{value}' is not {article} {name}"
                    + (f"; did you mean {hint[0]}?" if hint else f"; it is one of {', '.join(allowed)}"))


def substitute(text, config):
    """Replace <NAME> with a configured value: <GROUP_ID>, <VALID_ID_TOKEN>, <CONFIGURED_EVSE_ID>, ..."""
    def repl(m):
        name = m.group(1)
        for setting_key, value in config.values.items():
            from ..config import BY_KEY
            if BY_KEY[setting_key].env == name or setting_key == name.lower():
                return value
        raise StepError(f"<{name}> is not a configured value; use the name of an environment variable "
                        f"such as <GROUP_ID> or <VALID_ID_TOKEN>")
    return re.sub(r"<([A-Z0-9_]+)>", repl, text)


def _alternatives(expected):
    parts = re.split(r'\s+or\s+', expected.strip())
    return [p.strip().strip('"') for p in parts]


def _same(actual, text):
    if text == "(absent)":
        return actual is ABSENT
    if text == "(empty)":
        # absent, or there and empty: an empty list, string or object (OCTT's "<Empty>")
        return actual is ABSENT or actual in ([], "", {})
    if text == "(not empty)":
        # there, and not an empty list, string or object (OCTT's "Not empty", "not omitted AND not empty")
        return actual is not ABSENT and actual not in ([], "", {})
    if actual is ABSENT:
        return False
    if text == "(present)":
        return True
    m = re.match(r"^(>=|<=|>|<)\s*(-?\d+(\.\d+)?)$", text)
    if m:
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        op, bound = m.group(1), float(m.group(2))
        return {">": actual > bound, ">=": actual >= bound, "<": actual < bound, "<=": actual <= bound}[op]
    if text == "(integer)":
        return isinstance(actual, int) and not isinstance(actual, bool)
    if isinstance(actual, bool):
        return text.lower() == str(actual).lower()
    if isinstance(actual, (int, float)):
        try:
            return float(text) == float(actual)
        except ValueError:
            return False
    if isinstance(actual, (dict, list)):
        try:
            return json.loads(text) == actual
        except ValueError:
            return False
    return str(actual) == text


def check_expected_words(version, action, is_request, path, expected):
    """The words of one | field | value | row, without a payload: the field path is one of the
    action's schema (StepError with "did you mean" otherwise) and an enum value is one of its values.
    Returns the expected alternatives. `--dry-run` runs this on every field a step names."""
    node, def_name = schema_node(version, action, is_request, path)
    # OCPP 1.6 schemas have no enum definitions: the field names the enumeration
    def_name = def_name or re.sub(r"\[\d+\]$", "", path.split(".")[-1])
    options = _alternatives(expected)
    if node is not None and "enum" in node:
        for option in options:
            if option.startswith("["):
                try:
                    values = json.loads(option)
                except ValueError:
                    raise StepError(f"{option} is not a JSON list") from None
                for value in values:
                    check_enum(value, node["enum"], def_name)
            elif not option.startswith("(") and not option[:1] in "<>" and not re.search(r"<[A-Z0-9_]+>", option):
                check_enum(option, node["enum"], def_name)
    return options


def field_mismatch(version, action, is_request, payload, path, expected, config=None):
    """None when payload[path] matches the expected text, else a one-line description."""
    text = substitute(expected, config) if config is not None else expected
    options = check_expected_words(version, action, is_request, path, text)
    actual = resolve(payload, path)
    if any(_same(actual, option) for option in options):
        return None
    shown = "absent" if actual is ABSENT else json.dumps(actual)
    return f"{path} is {shown}, expected {' or '.join(options)}"


def fields_mismatches(version, action, is_request, payload, rows, config=None):
    return [m for m in (field_mismatch(version, action, is_request, payload, path, value, config)
                        for path, value in rows) if m]
