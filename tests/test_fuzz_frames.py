"""Property-based fuzzing of the OCPP-J frame handling of the suite's two CSMSs (issue "Hardening").

Hypothesis generates malformed and odd frames -- not JSON, JSON that is no array, wrong or unknown
MessageTypeIds, bad MessageIds, unknown actions, payloads that are no object or break the schema,
deep nesting, answers nobody asked for, binary frames, very long frames, odd strings -- and sends
them, each as a station would, to four targets:

  - the reference CSMS (`python -m support.reference.csms.playground`), OCPP 2.0.1 and 1.6;
  - the mock CSMS (`python -m support.csms`), OCPP 2.0.1 (with its JSON log) and 1.6 (text log).

Every answer is judged against OCPP-J itself (OCPP 2.0.1 Part 4 sections 4.1-4.4 and table 8;
OCPP-J 1.6 sections 4.1-4.2 and table 7), not against what the implementations happen to do:

  - a frame that is not a valid CALL gets a CALLERROR with a code whose table description fits it
    (several where the table has no single code, as in the @robustness features), carrying the
    frame's MessageId when it can be read (a string of at most 36 characters), else "-1"
    (2.0.1 4.2.3; OCPP-J 1.6 names no id for that case, so any id is taken there);
  - 2.0.1 answers an unknown MessageTypeId with MessageTypeNotSupported (4.4); 1.6 ignores it
    (4.1.3: no answer at all);
  - a CALLRESULT or CALLERROR for no pending CALL is ignored;
  - a schema-valid CALL is answered with a schema-valid CALLRESULT or a CALLERROR that is neither
    InternalError (a handler that crashed) nor a code for a frame or payload that is wrong;
  - every frame the CSMS sends is a text frame of strict JSON in the OCPP-J shape;
  - and after every frame the connection is still open and serving: a Heartbeat gets its CALLRESULT
    (also how "ignored" is told from "slow": the answer to the bad frame would come first).

One server process per implementation and one persistent connection per target serve the whole
module; frames go over that connection without reconnecting. Hypothesis runs derandomized (the same
frames on every run, in CI too): 2,648 frames per target in 13 categories, 10,592 in all, and the
frames that once broke a CSMS (test_frames_that_broke_a_csms_once). The servers' output must stay
free of Python tracebacks and logged errors (checked after each test). About 25 s on a busy 2-core
machine.
"""
import base64
import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from support.csms.scripted import STATION_TO_CSMS
from support.csms.ocpp16.scripted import STATION_TO_CSMS16
from support.rpc import schemas
from support.rpc.errors import error_codes
from support.rpc.frames import MAX_ID_LENGTH

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "fuzz-0123456789abcdef"
STATION = {"2.0.1": "FUZZ201", "1.6": "FUZZ16"}
BOOT = {"2.0.1": {"reason": "PowerUp", "chargingStation": {"model": "Fuzz", "vendorName": "Suite"}},
        "1.6": {"chargePointVendor": "Suite", "chargePointModel": "Fuzz"}}
ANSWER_TIMEOUT = 15.0        # a busy 2-core machine and a 3 MB frame
MAX_FRAME = 3_000_000        # the CSMS server reads messages up to 4 MiB (support/csms/server.py)
# A Heartbeat probe follows every frame that may be ignored (its answer tells "ignored" from "slow"),
# every PROBE_EVERY-th answered frame and the end of each batch; a connection the CSMS closes after
# any other answer shows at the next frame.
PROBE_EVERY = 10
RUN = 8                      # frames per Hypothesis example

# Frames per target, by category (each category is one test per target; multiples of RUN):
# 2,648 per target, 10,592 in all.
EXAMPLES = {
    "not_json": 240, "not_an_array": 184, "message_type": 280, "message_id": 224, "bad_call": 280,
    "payload_not_object": 144, "schema_invalid": 464, "schema_valid": 280, "deep_nesting": 40,
    "stray_answers": 200, "binary": 104, "long_frames": 32, "odd_strings": 176,
}
TARGETS = [("reference", "2.0.1"), ("reference", "1.6"), ("mock", "2.0.1"), ("mock", "1.6")]


# ====================================================================== what OCPP-J expects

@dataclass(frozen=True)
class Expect:
    """What may answer a frame. kinds: ErrorCodes attribute names (rpc_framework_error, ...) of the
    CALLERROR codes that fit; ids: MessageIds that CALLERROR may carry (None: any); result: the
    action whose CALLRESULT is right (a valid CALL); ignore: no answer at all is right too."""
    kinds: tuple = ()
    ids: frozenset = None
    result: str = None
    ignore: bool = False
    any_code_but: tuple = ()     # for a valid CALL: CALLERROR codes (kinds) it must not get

    @property
    def must_answer(self):
        return not self.ignore


@dataclass(frozen=True)
class Case:
    message: object              # str (a text frame) or bytes (a binary frame)
    expect: Expect
    what: str                    # the category and mutation, for the failure message


def refused(*kinds, ids=None, ignore=False):
    return Expect(kinds=kinds, ids=None if ids is None else frozenset(ids), ignore=ignore)


IGNORED = Expect(ignore=True)
# Frame-level codes, by version wording: what a frame that is no valid CALL may get.
NOT_RPC = ("rpc_framework_error",)


def unreadable_ids(version, lenient=None):
    """MessageIds for a CALLERROR to a frame whose id cannot be read: 2.0.1 4.2.3 says "-1" (or the
    id a lenient reader picks out of broken JSON); OCPP-J 1.6 names none, so any."""
    if version == "1.6":
        return None
    return {"-1"} | ({lenient} if lenient is not None else set())


def readable(unique_id):
    return isinstance(unique_id, str) and len(unique_id) <= MAX_ID_LENGTH


def id_of(version, unique_id):
    return {unique_id} if readable(unique_id) else unreadable_ids(version)


# ====================================================================== JSON helpers

def strict_loads(text):
    def constant(name):
        raise ValueError(f"{name} is not JSON")

    def finite(literal):
        number = float(literal)
        if not math.isfinite(number):
            raise ValueError("number out of range")
        return number
    return json.loads(text, parse_constant=constant, parse_float=finite)


def is_json(text):
    try:
        strict_loads(text)
        return True
    except (ValueError, RecursionError):
        return False


def dumps(data, ascii_only=False, spaced=False):
    """JSON text of `data`; with ascii_only (or when a lone surrogate cannot go as UTF-8) escaped."""
    separators = (", ", ": ") if spaced else (",", ":")
    text = json.dumps(data, ensure_ascii=ascii_only, separators=separators)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, separators=separators)
    return text


_LEADING_ID = re.compile(r'^\s*\[\s*-?\d+\s*,\s*"([^"\\]*)"')


def lenient_id(text):
    """The id a lenient reader could still pick out of a frame that is not valid JSON."""
    match = _LEADING_ID.match(text)
    return match.group(1) if match and len(match.group(1)) <= MAX_ID_LENGTH else None


def short(message, limit=160):
    text = message if isinstance(message, str) else repr(message)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


# ====================================================================== strategies: building blocks

json_scalars = (st.none() | st.booleans() | st.integers(-10 ** 20, 10 ** 20)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12))
# Odd JSON values picked from a list (cheap to draw), or generated.
JSON_POOL = (None, True, False, 0, 1, -1, 2, 3, 4, 5, 2 ** 31, -2 ** 63, 2 ** 64, 10 ** 30, 0.5, -0.0, 1e-300,
             1.7976931348623157e308, "", " ", "2", "x", "null", "é", "😀", "\u0000", "\ud800", "\u202e", "a" * 300,
             [], [None], [2], ["2"], [[[]]], [2, "id", "Heartbeat", {}], list(range(40)), {}, {"": None}, {"a": 1},
             {"a": {"b": {"c": [1, {"d": None}]}}}, {"customData": {"vendorId": "x"}}, {"\u0000": "\ud800"})
json_values = st.sampled_from(JSON_POOL) | st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=4)
non_objects = json_values.filter(lambda v: not isinstance(v, dict))
non_strings = json_values.filter(lambda v: not isinstance(v, str))
# MessageIds that can be read: a string of at most 36 characters (any Unicode, empty included).
good_ids = st.text(max_size=MAX_ID_LENGTH) | st.uuids().map(str)
long_ids = st.integers(MAX_ID_LENGTH + 1, 300).flatmap(lambda n: st.text(min_size=n, max_size=n)) \
    | st.integers(MAX_ID_LENGTH + 1, 20_000).map(lambda n: "i" * n)
bad_ids = non_strings | long_ids
spelling = st.sampled_from([{"ascii_only": a, "spaced": b} for a in (False, True) for b in (False, True)])


def actions(version):
    return sorted(schemas.actions(version))


def station_actions(version):
    return sorted(STATION_TO_CSMS if version == "2.0.1" else STATION_TO_CSMS16)


def csms_actions(version):
    return sorted(schemas.actions(version) - set(station_actions(version)))


# ====================================================================== strategies: schema-driven payloads

def _schema(version, action):
    return schemas.validator(version, action, True).schema


def _resolve(root, node):
    while "$ref" in node:
        node = root["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


DATE_TIMES = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
                          timezones=st.just(dt.timezone.utc)).map(lambda d: d.isoformat().replace("+00:00", "Z"))


def _valid(root, node):
    """A strategy for values valid against a schema node (the keywords OCPP's schemas use)."""
    node = _resolve(root, node)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        required = node.get("required", [])
        # customData (2.0.1: on every object, optional) is left out: it is everywhere and would make the
        # payloads slow to generate; odd_strings and deep_nesting send it
        return st.fixed_dictionaries({k: _valid(root, properties[k]) for k in required},
                                     optional={k: _valid(root, v) for k, v in properties.items()
                                               if k not in required and k != "customData"})
    if kind == "array":
        return st.lists(_valid(root, node["items"]), min_size=node.get("minItems", 0),
                        max_size=max(min(node.get("maxItems", 2), 2), node.get("minItems", 0)))
    if kind == "integer":
        return st.integers(node.get("minimum", -2 ** 63), node.get("maximum", 2 ** 63))
    if kind == "number" and "multipleOf" in node:
        step = node["multipleOf"]
        return st.integers(0, 10_000).map(lambda k: round(k * step, 6)).filter(lambda v: (v / step) == int(v / step))
    if kind == "number":
        return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if node.get("format") == "date-time":
        return DATE_TIMES
    if node.get("format") == "uri":
        return st.sampled_from(["https://example.com/x", "ftp://files.example.com/fw.bin"])
    return st.text(max_size=min(node.get("maxLength", 20), 20))


_VALID_CACHE = {}


def valid_payloads(version, action):
    key = (version, action)
    if key not in _VALID_CACHE:
        root = _schema(version, action)
        _VALID_CACHE[key] = _valid(root, root)
    return _VALID_CACHE[key]


def _wrong_type(kind):
    """A JSON value whose type the schema type `kind` does not allow (an integral float would still
    be an integer to JSON schema, so no floats for integer and number)."""
    options = {
        "string": non_strings,
        "integer": st.text(max_size=6) | st.booleans() | st.none() | st.lists(json_scalars, max_size=2)
        | st.dictionaries(st.text(max_size=4), json_scalars, max_size=2),
        "boolean": st.text(max_size=6) | st.integers() | st.none() | st.just([]) | st.just({}),
        "array": st.text(max_size=6) | st.integers() | st.booleans() | st.none()
        | st.dictionaries(st.text(max_size=4), json_scalars, max_size=2),
        "object": st.text(max_size=6) | st.integers() | st.booleans() | st.none()
        | st.lists(json_scalars, max_size=2),
    }
    options["number"] = options["integer"]
    return options[kind]


BAD_DATE_TIMES = st.sampled_from(["", "yesterday", "2024-13-01T00:00:00Z", "2024-01-32T00:00:00Z",
                                  "2024-01-01T25:00:00Z", "2024-01-01", "2024-01-01 00:00:00",
                                  "01/02/2024 10:00", "2024-01-01T00:00:00", "T00:00:00Z"]) \
    | st.text(max_size=20).map(lambda s: "x" + s)

# The codes (ErrorCodes attribute names) table 8 / table 7 give for each kind of schema violation,
# as in the @robustness features (ROB_201_09..14, ROB_16_09..14).
SCHEMA_CODES = {
    "type": ("type_violation",),
    "enum": ("property_violation",),
    "maxLength": ("property_violation", "type_violation"),
    "format": ("property_violation", "type_violation"),
    "minimum": ("property_violation",),
    "maximum": ("property_violation",),
    "required": ("occurrence_violation", "protocol_error"),
    "minItems": ("occurrence_violation", "protocol_error"),
    "maxItems": ("occurrence_violation", "protocol_error"),
    "extra": ("format_violation", "protocol_error"),
}


def _sites(root, node, value, path):
    """Where a valid value can be broken, and how: (mutation, path, schema node)."""
    node = _resolve(root, node)
    kind = node.get("type")
    if path and kind:
        yield "type", path, node
    if "enum" in node:
        yield "enum", path, node
    if kind == "string" and "maxLength" in node:
        yield "maxLength", path, node
    if kind == "string" and node.get("format") == "date-time":
        yield "format", path, node
    if kind in ("integer", "number"):
        if "minimum" in node:
            yield "minimum", path, node
        if "maximum" in node:
            yield "maximum", path, node
    if kind == "object" and isinstance(value, dict):
        for key in node.get("required", []):
            yield "required", path + (key,), node
        if node.get("additionalProperties") is False:
            yield "extra", path, node
        for key, sub in value.items():
            yield from _sites(root, node["properties"][key], sub, path + (key,))
    if kind == "array" and isinstance(value, list):
        if node.get("minItems", 0) > 0:
            yield "minItems", path, node
        if "maxItems" in node:
            yield "maxItems", path, node
        for index, item in enumerate(value):
            yield from _sites(root, node["items"], item, path + (index,))


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


def _remove(value, path):
    copy = dict(value) if isinstance(value, dict) else list(value)
    if len(path) == 1:
        del copy[path[0]]
    else:
        copy[path[0]] = _remove(value[path[0]], path[1:])
    return copy


def _get(value, path):
    for step in path:
        value = value[step]
    return value


@st.composite
def broken_payloads(draw, version, action):
    """(payload, mutation, where): a valid payload with exactly one thing broken."""
    root = _schema(version, action)
    payload = draw(valid_payloads(version, action))
    sites = list(_sites(root, root, payload, ()))
    mutation, path, node = draw(st.sampled_from(sites))
    if mutation == "type":
        return _replace(payload, path, draw(_wrong_type(node["type"]))), mutation, path
    if mutation == "enum":
        bad = draw(st.text(max_size=30).filter(lambda s: s not in node["enum"]))
        return _replace(payload, path, bad), mutation, path
    if mutation == "maxLength":
        extra = draw(st.integers(1, 40) | st.sampled_from([1000, 100_000]))
        too_long = draw(st.sampled_from("xé€😀")) * (node["maxLength"] + extra)
        return _replace(payload, path, too_long), mutation, path
    if mutation == "format":
        return _replace(payload, path, draw(BAD_DATE_TIMES)), mutation, path
    if mutation == "minimum":
        return _replace(payload, path, node["minimum"] - draw(st.integers(1, 10 ** 6))), mutation, path
    if mutation == "maximum":
        return _replace(payload, path, node["maximum"] + draw(st.integers(1, 10 ** 6))), mutation, path
    if mutation == "required":
        return _remove(payload, path), mutation, path
    if mutation == "extra":
        known = node.get("properties", {})
        key = draw(st.text(max_size=20).filter(lambda k: k not in known))
        target = dict(_get(payload, path))
        target[key] = draw(json_values)
        return _replace(payload, path, target), mutation, path
    items = _get(payload, path)
    if mutation == "minItems":
        return _replace(payload, path, items[:node["minItems"] - 1]), mutation, path
    return _replace(payload, path, (items * (node["maxItems"] + 1))[:node["maxItems"] + 1]), mutation, path


# ====================================================================== strategies: the categories

def call_text(unique_id, action, payload, how):
    return dumps([2, unique_id, action, payload], **how)


def not_json(version):
    def case(text):
        return Case(text, refused(*NOT_RPC, ids=unreadable_ids(version, lenient_id(text))), "not JSON")
    valid = st.builds(call_text, good_ids, st.sampled_from(station_actions(version)), st.just({}), spelling)
    truncated = st.tuples(valid, st.integers(0, 200)).map(lambda t: t[0][:t[1]])
    junk_start = st.tuples(st.sampled_from(list("x}]',;:<#@\\=") + ["\ufeff", "\x00", "True", "None", "//"]),
                           st.text(max_size=40)).map("".join)
    not_json_constants = st.tuples(good_ids, st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999"])) \
        .map(lambda t: f'[2,{json.dumps(t[0])},"Heartbeat",{{"value":{t[1]}}}]')
    broken_syntax = st.tuples(good_ids, st.sampled_from([
        "[2,'{id}','Heartbeat',{{}}]", '[2,"{id}","Heartbeat",{{}},]', '[2,"{id}","Heartbeat",{{a:1}}]',
        '[2,"{id}","Heartbeat",{{}}] trailing', '[2,"{id}","Heartbeat",{{}}]]', '[2,"{id}" "Heartbeat",{{}}]',
        '[2,"{id}","Heartbeat",{{"a":01}}]', '[2,"{id}","Heartbeat",{{"a":"\\x41"}}]',
        '[2,"{id}","Heartbeat",{{"a":"unterminated}}]', '[2,"{id}","Heartbeat",{{/*c*/}}]',
        '[2,"{id}","Heartbeat",{{"a":.5}}]', '[2,"{id}","Heartbeat",{{"a":+1}}]',
        '[2,"{id}","Heartbeat",{{"a":"tab\there"}}]'])).map(lambda t: t[1].format(id=t[0].replace('"', "")))
    anything = st.text(max_size=60)
    return st.one_of(truncated, junk_start, not_json_constants, broken_syntax, anything) \
        .filter(lambda t: not is_json(t)).map(case)


def not_an_array(version):
    values = json_values.filter(lambda v: not isinstance(v, list)) | st.just([])
    return st.tuples(values, spelling).map(
        lambda t: Case(dumps(t[0], **t[1]), refused(*NOT_RPC, ids=unreadable_ids(version)), "JSON but no array"))


def message_type(version):
    rests = st.lists(json_values, max_size=3)
    ids = good_ids | bad_ids

    def unknown(t):
        number, unique_id, rest, how = t
        frame = [number, unique_id, *rest] if unique_id is not None else [number]
        if version == "1.6":      # OCPP-J 1.6 4.1.3: a Message Type Number not in table 2 is ignored
            return Case(dumps(frame, **how), IGNORED, "unknown MessageTypeId (ignored in 1.6)")
        ids_ = id_of(version, unique_id)
        return Case(dumps(frame, **how), refused("message_type_not_supported", ids=ids_),
                    "unknown MessageTypeId")

    def not_integer(t):
        kind, unique_id, rest, how = t
        frame = [kind, unique_id, *rest]
        # ROB_201_05 / ROB_16_05: no valid RPC request, or a type not in the table
        if version == "1.6":
            return Case(dumps(frame, **how), refused("format_violation", ids=id_of(version, unique_id), ignore=True),
                        "MessageTypeId not an integer")
        return Case(dumps(frame, **how), refused("rpc_framework_error", "message_type_not_supported",
                                                 ids=id_of(version, unique_id)), "MessageTypeId not an integer")
    numbers = st.integers(-10 ** 30, 10 ** 30).filter(lambda n: n not in (2, 3, 4)) \
        | st.sampled_from([0, 1, 5, 6, -2, 99])
    kinds = st.one_of(st.text(max_size=4), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                      st.none(), st.lists(json_scalars, max_size=2), st.dictionaries(st.text(max_size=3), json_scalars,
                                                                                     max_size=2))
    return st.one_of(st.tuples(numbers, st.none() | ids, rests, spelling).map(unknown),
                     st.tuples(kinds, ids, rests, spelling).map(not_integer))


def message_id(version):
    rpc = ("rpc_framework_error", "protocol_error")       # ROB_201_13 / ROB_16_13

    def call(t):
        unique_id, action, how = t
        frame = [2, unique_id, action, {}] if unique_id is not None else [2]
        return Case(dumps(frame, **how), refused(*rpc, ids=unreadable_ids(version)), "CALL with a bad MessageId")

    def answer(t):
        unique_id, kind, how = t
        frame = [3, unique_id, {}] if kind == 3 else [4, unique_id, "GenericError", "", {}]
        # an answer to no CALL that can be read: ignored, or refused as a frame that is no valid RPC message
        return Case(dumps(frame, **how), refused(*rpc, "format_violation", ids=unreadable_ids(version), ignore=True),
                    "CALLRESULT/CALLERROR with a bad MessageId")
    return st.one_of(st.tuples(st.none() | bad_ids, st.sampled_from(["Heartbeat", "Authorize"]), spelling).map(call),
                     st.tuples(bad_ids, st.sampled_from([3, 4]), spelling).map(answer))


def bad_call(version):
    known = schemas.actions(version)
    shape = ("rpc_framework_error", "protocol_error", "format_violation")     # ROB_201_04 / ROB_16_04

    def unknown_action(t):
        unique_id, action, payload, how = t
        return Case(call_text(unique_id, action, payload, how), refused("not_implemented", ids={unique_id}),
                    "CALL of an unknown action")

    def non_string_action(t):
        unique_id, action, how = t
        return Case(dumps([2, unique_id, action, {}], **how), refused(*shape, ids={unique_id}),
                    "CALL whose action is no string")

    def wrong_length(t):
        unique_id, action, extra, how = t
        frame = [2, unique_id, action, {}, *extra] if extra else [2, unique_id, action][:2 + len(unique_id) % 2]
        return Case(dumps(frame, **how), refused(*shape, ids={unique_id}), "CALL with the wrong number of elements")

    other = "1.6" if version == "2.0.1" else "2.0.1"
    unknown_names = st.one_of(st.text(max_size=40), st.sampled_from(actions(other)),
                              st.sampled_from(actions(version)).map(lambda a: a.lower()),
                              st.sampled_from(actions(version)).map(lambda a: a + "Request"),
                              st.sampled_from(actions(version)).map(lambda a: " " + a)).filter(lambda a: a not in known)

    @st.composite
    def wrong_direction(draw):
        # an action only the CSMS sends: recognized but not supported by the receiver (ROB_201_08)
        action = draw(st.sampled_from(csms_actions(version)))
        unique_id = draw(good_ids)
        payload = draw(valid_payloads(version, action))
        return Case(call_text(unique_id, action, payload, draw(spelling)),
                    refused("not_supported", "not_implemented", ids={unique_id}), f"CALL of {action} (CSMS to station)")
    return st.one_of(
        st.tuples(good_ids, unknown_names, st.just({}) | st.dictionaries(st.text(max_size=6), json_scalars, max_size=3),
                  spelling).map(unknown_action),
        st.tuples(good_ids, non_strings, spelling).map(non_string_action),
        # [2, id] or [2, id, action] (no extra elements), or [2, id, action, {}, extra...]
        st.tuples(good_ids, st.sampled_from(station_actions(version)), st.lists(json_values, max_size=2),
                  spelling).map(wrong_length),
        wrong_direction())


def payload_not_object(version):
    # table 8 FormatViolation "syntactically incorrect", ProtocolError "not conform the PDU structure",
    # TypeConstraintViolation: the payload has the wrong type
    kinds = ("format_violation", "protocol_error", "type_violation")
    return st.tuples(good_ids, st.sampled_from(station_actions(version)), non_objects, spelling).map(
        lambda t: Case(call_text(*t), refused(*kinds, ids={t[0]}), "CALL whose payload is no object"))


def schema_invalid(version):
    @st.composite
    def cases(draw):
        action = draw(st.sampled_from(station_actions(version)))
        payload, mutation, path = draw(broken_payloads(version, action))
        unique_id = draw(good_ids)
        where = "/".join(str(p) for p in path) or "(payload)"
        return Case(call_text(unique_id, action, payload, draw(spelling)),
                    refused(*SCHEMA_CODES[mutation], ids={unique_id}), f"{action} with {mutation} broken at {where}")
    return cases()


def schema_valid(version):
    # a valid CALL must be taken: a CALLRESULT, or a CALLERROR the handler chose, but none that says
    # the frame or payload is wrong, and no InternalError (a crashed handler)
    wrong = ("internal_error", "rpc_framework_error", "message_type_not_supported", "not_implemented",
             "format_violation", "type_violation")

    @st.composite
    def cases(draw):
        action = draw(st.sampled_from([a for a in station_actions(version) if a != "BootNotification"]))
        unique_id = draw(good_ids)
        payload = draw(valid_payloads(version, action))
        return Case(call_text(unique_id, action, payload, draw(spelling)),
                    Expect(result=action, ids=frozenset({unique_id}), any_code_but=wrong), f"valid {action}")
    return cases()


def nested(depth, kind):
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def deep_nesting(version):
    depths = st.integers(900, 1100) | st.sampled_from([1000, 10_000, 100_000])

    def case(t):
        depth, kind, where, unique_id = t
        deep = nested(depth, kind)
        quoted = json.dumps(unique_id)
        # whatever the reader's depth limit: readable and served, or unreadable ("-1", or its id)
        either = {unique_id, "-1"}
        if where == "frame":
            return Case(deep, refused(*NOT_RPC, ids=unreadable_ids(version)), f"frame nested {depth} deep")
        if where == "message id":
            return Case(f"[2,{deep},\"Heartbeat\",{{}}]", refused(*NOT_RPC, "protocol_error",
                                                                  ids=unreadable_ids(version)),
                        f"MessageId nested {depth} deep")
        if where == "payload":
            kinds = NOT_RPC + ("format_violation", "protocol_error", "type_violation") if kind == "array" \
                else NOT_RPC + ("format_violation", "protocol_error")
            return Case(f"[2,{quoted},\"Heartbeat\",{deep}]", refused(*kinds, ids=either),
                        f"payload nested {depth} deep")
        if where == "data":
            text = f'[2,{quoted},"DataTransfer",{{"vendorId":"fuzz","data":{deep}}}]'
            if version == "2.0.1":     # data is anyType: a CALL to take, if it can be read
                return Case(text, Expect(kinds=NOT_RPC + ("format_violation",), ids=frozenset(either),
                                         result="DataTransfer"), f"DataTransfer data nested {depth} deep")
            return Case(text, refused(*NOT_RPC, "type_violation", ids=either), f"DataTransfer data nested {depth} deep")
        text = f'[2,{quoted},"Heartbeat",{{"customData":{{"vendorId":"fuzz","deep":{deep}}}}}]'
        if version == "2.0.1":         # customData takes any further property
            return Case(text, Expect(kinds=NOT_RPC + ("format_violation",), ids=frozenset(either), result="Heartbeat"),
                        f"customData nested {depth} deep")
        return Case(text, refused(*NOT_RPC, "format_violation", "protocol_error", ids=either),
                    f"unknown field nested {depth} deep")
    return st.tuples(depths, st.sampled_from(["array", "object"]),
                     st.sampled_from(["frame", "message id", "payload", "data", "customData"]),
                     st.uuids().map(str)).map(case)


def stray_answers(version):
    shape = ("rpc_framework_error", "protocol_error", "format_violation")
    unknown_ids = good_ids.map(lambda i: "stray-" + i[:30])

    def result(t):
        unique_id, payload, how = t
        return Case(dumps([3, unique_id, payload], **how), IGNORED, "CALLRESULT for no CALL")

    def error(t):
        unique_id, code, description, details, how = t
        return Case(dumps([4, unique_id, code, description, details], **how), IGNORED, "CALLERROR for no CALL")

    # [3, id, payload] and [4, id, errorCode, errorDescription, errorDetails] with something wrong
    malformed_shapes = [
        (lambda i, j: [3], None), (lambda i, j: [3, i], None), (lambda i, j: [3, i, j], dict),
        (lambda i, j: [3, i, {}, j], None), (lambda i, j: [4, i], None), (lambda i, j: [4, i, j, "", {}], str),
        (lambda i, j: [4, i, "GenericError", j, {}], str), (lambda i, j: [4, i, "GenericError", "", j], dict),
        (lambda i, j: [4, i, "GenericError", "", {}, j], None)]

    def malformed(t):
        unique_id, (build, must_not_be), junk, how = t
        frame = build(unique_id, junk)
        # an answer to no CALL that is also malformed: ignored, or refused as no valid RPC message
        ids = id_of(version, unique_id) if len(frame) > 1 else unreadable_ids(version)
        return Case(dumps(frame, **how), refused(*shape, ids=ids, ignore=True), "malformed CALLRESULT/CALLERROR")
    return st.one_of(
        st.tuples(unknown_ids, st.dictionaries(st.text(max_size=8), json_values, max_size=4), spelling).map(result),
        st.tuples(unknown_ids, st.sampled_from(error_codes(version).all) | st.text(max_size=30), st.text(max_size=300),
                  st.dictionaries(st.text(max_size=8), json_values, max_size=3), spelling).map(error),
        st.tuples(unknown_ids, st.sampled_from(malformed_shapes), json_values, spelling)
        .filter(lambda t: t[1][1] is None or not isinstance(t[2], t[1][1])).map(malformed))


def binary(version):
    def case(data):
        return Case(data, refused("rpc_framework_error", "format_violation", ids=unreadable_ids(version)),
                    "binary frame")
    frames = st.builds(call_text, good_ids, st.sampled_from(station_actions(version)), st.just({}), spelling) \
        .map(lambda t: t.encode("utf-8"))
    return (st.binary(max_size=200) | frames).map(case)


def long_frames(version):
    sizes = st.integers(1_000, 200_000) | st.sampled_from([1_000_000, MAX_FRAME])
    v201 = version == "2.0.1"

    @st.composite
    def cases(draw):
        size = draw(sizes)
        unique_id = draw(st.uuids().map(str))
        kind = draw(st.sampled_from(["data", "data array", "vendorId", "extra field", "action", "id",
                                     "unknown type", "stray result", "big integer"]))
        fill = draw(st.sampled_from("xé€😀"))
        width = len(fill.encode("utf-8"))
        size = max(size // width, 1)          # the frame stays under the server's 4 MiB
        if kind == "data":
            payload = {"vendorId": "fuzz", "data": fill * size}
            return Case(call_text(unique_id, "DataTransfer", payload, {}),
                        Expect(result="DataTransfer", ids=frozenset({unique_id}), any_code_but=("internal_error",)),
                        f"DataTransfer with {size} characters of data")
        if kind == "data array":      # 2.0.1 data is anyType; 1.6 data is a string
            payload = {"vendorId": "fuzz", "data": [fill] * (size // 4)}      # '"x",' per item
            expect = Expect(result="DataTransfer", ids=frozenset({unique_id}), any_code_but=("internal_error",)) \
                if v201 else refused("type_violation", ids={unique_id})
            return Case(call_text(unique_id, "DataTransfer", payload, {}), expect,
                        f"DataTransfer data of {size // 4} items")
        if kind == "vendorId":        # vendorId is string[255]
            return Case(call_text(unique_id, "DataTransfer", {"vendorId": fill * size}, {}),
                        refused("property_violation", "type_violation", ids={unique_id}),
                        f"vendorId of {size} characters")
        if kind == "extra field":
            return Case(call_text(unique_id, "Heartbeat", {fill * 10: fill * size}, {}),
                        refused("format_violation", "protocol_error", ids={unique_id}),
                        f"unknown field of {size} characters")
        if kind == "action":
            return Case(call_text(unique_id, fill * size, {}, {}), refused("not_implemented", ids={unique_id}),
                        f"action of {size} characters")
        if kind == "id":
            return Case(call_text(fill * size, "Heartbeat", {}, {}),
                        refused("rpc_framework_error", "protocol_error", ids=unreadable_ids(version)),
                        f"MessageId of {size} characters")
        if kind == "unknown type":
            frame = dumps([7, unique_id, fill * size])
            return Case(frame, IGNORED if not v201 else refused("message_type_not_supported", ids={unique_id}),
                        f"unknown MessageTypeId with {size} characters")
        if kind == "stray result":
            return Case(dumps([3, "stray-" + unique_id[:30], {"x": fill * size}]), IGNORED,
                        f"stray CALLRESULT of {size} characters")
        # an integer of more digits than Python reads (4300): unreadable, or a wrong value
        digits = "9" * min(size, 100_000)
        text = f'[2,"{unique_id}","Heartbeat",{{"n":{digits}}}]'
        return Case(text, refused(*NOT_RPC, "format_violation", "protocol_error", "type_violation",
                                  "property_violation", ids={"-1", unique_id}), f"integer of {len(digits)} digits")
    return cases()


def odd_strings(version):
    surrogates = st.characters(categories=["Cs"])     # Hypothesis leaves them out unless asked
    odd_chars = st.one_of(surrogates, st.sampled_from(["\x00", "\u202e", "\ufeff", "\u0301", "😀", "\uffff",
                                                        "\n", "\"", "\\", "/", "\u2028"]), st.characters())

    def odd_text(max_size):
        # and for sure a lone surrogate ("\udc00" first or "\ud800" last), which JSON carries as an
        # escape but UTF-8 cannot encode: a high one followed by a low one would read as one character
        text = st.text(odd_chars, max_size=max_size - 1)
        return st.one_of(text, st.tuples(st.characters(min_codepoint=0xDC00, max_codepoint=0xDFFF, categories=["Cs"]),
                                         text).map("".join),
                         st.tuples(text, st.characters(min_codepoint=0xD800, max_codepoint=0xDBFF, categories=["Cs"]))
                         .map("".join))

    @st.composite
    def cases(draw):
        unique_id = draw(odd_text(MAX_ID_LENGTH))
        how = draw(spelling)
        kind = draw(st.sampled_from(["heartbeat", "action", "field"]))
        if kind == "heartbeat":
            return Case(call_text(unique_id, "Heartbeat", {}, how),
                        Expect(result="Heartbeat", ids=frozenset({unique_id}), any_code_but=("internal_error",)),
                        "Heartbeat with an odd MessageId")
        if kind == "action":
            action = draw(st.text(odd_chars, min_size=1, max_size=40)
                          .filter(lambda a: a not in schemas.actions(version)))
            return Case(call_text(unique_id, action, {}, how), refused("not_implemented", ids={unique_id}),
                        "CALL of an odd unknown action")
        value = draw(odd_text(20).filter(bool))
        if version == "2.0.1":
            action, payload = draw(st.sampled_from([
                ("Authorize", {"idToken": {"idToken": value, "type": "Central"}}),
                ("DataTransfer", {"vendorId": value, "messageId": value, "data": value}),
                ("Heartbeat", {"customData": {"vendorId": value, value: value}}),
            ]))
        else:
            action, payload = draw(st.sampled_from([
                ("Authorize", {"idTag": value}),
                ("DataTransfer", {"vendorId": value, "messageId": value, "data": value}),
            ]))
        return Case(call_text(unique_id, action, payload, how),
                    Expect(result=action, ids=frozenset({unique_id}),
                           any_code_but=("internal_error", "rpc_framework_error", "format_violation", "type_violation",
                                         "not_implemented")), f"{action} with odd strings")
    return cases()


def regressions(version):
    """Frames that broke a CSMS once (tests/test_fuzz_frames.py found them), sent to every target
    first, whatever Hypothesis draws."""
    v201 = version == "2.0.1"
    ok = Expect(result="Heartbeat", ids=frozenset({"\ud800"}), any_code_but=("internal_error",))
    cases = [
        # a lone surrogate escape in the MessageId: the answer echoing it could not be sent (connection lost)
        Case('[2,"\\ud800","Heartbeat",{}]', ok, "lone surrogate in the MessageId"),
        Case('[2,"\\udfff\\ud800","MakeCoffee",{}]', refused("not_implemented", ids={"\udfff\ud800"}),
             "lone surrogates in the MessageId of an unknown action"),
        # NaN / Infinity / 1e400 are no JSON (RFC 8259); Python's reader takes them by default
        Case('[2,"nan","Heartbeat",{"value":NaN}]', refused(*NOT_RPC, ids=unreadable_ids(version, "nan")), "NaN"),
        Case('[2,"inf","Heartbeat",{"value":-Infinity}]', refused(*NOT_RPC, ids=unreadable_ids(version, "inf")),
             "-Infinity"),
        Case('[2,"big","Heartbeat",{"value":1e400}]', refused(*NOT_RPC, ids=unreadable_ids(version, "big")),
             "a number out of range"),
        # an empty MessageId is readable: it is echoed, not replaced by "-1"
        Case('[5,""]', refused("message_type_not_supported", ids={""}) if v201 else IGNORED, "empty MessageId"),
        Case('["",""]', refused("rpc_framework_error", "message_type_not_supported", ids={""}) if v201
             else refused("format_violation", ids={""}, ignore=True), "empty MessageId, MessageTypeId no integer"),
    ]
    # a frame nested just less deep than the reader takes: the mock CSMS's JSON log, a few calls
    # deeper, could not read it again (around 975 levels with Python 3.11)
    for depth in range(960, 990, 3):
        cases.append(Case(f'[2,"deep","DataTransfer",{{"vendorId":"fuzz","data":{nested(depth, "array")}}}]',
                          Expect(kinds=NOT_RPC + ("format_violation",), ids=frozenset({"deep", "-1"}),
                                 result="DataTransfer") if v201
                          else refused(*NOT_RPC, "type_violation", ids={"deep", "-1"}),
                          f"DataTransfer data nested {depth} deep"))
    if v201:
        # a transactionId that is a list: the mock CSMS's seqNo rule (E01.FR.07) crashed on it
        event = {"eventType": "Updated", "timestamp": "2030-01-01T00:00:00Z", "triggerReason": "Authorized",
                 "seqNo": 1, "transactionInfo": {"transactionId": []}}
        cases.append(Case(json.dumps([2, "tx", "TransactionEvent", event]), refused("type_violation", ids={"tx"}),
                          "TransactionEvent with a list as transactionId"))
        event = dict(event, transactionInfo="tx-1")
        cases.append(Case(json.dumps([2, "tx2", "TransactionEvent", event]), refused("type_violation", ids={"tx2"}),
                          "TransactionEvent with a string as transactionInfo"))
        # a multiplier whose 10 ** multiplier no float holds: the reference CSMS answered InternalError
        # (OverflowError), and made the huge integer first
        for multiplier in (309, 1_000_000):
            meter = {"evseId": 1, "meterValue": [{"timestamp": "2030-01-01T00:00:00Z", "sampledValue": [
                {"value": 1.5, "unitOfMeasure": {"unit": "Wh", "multiplier": multiplier}}]}]}
            cases.append(Case(json.dumps([2, "mv", "MeterValues", meter]),
                              Expect(result="MeterValues", ids=frozenset({"mv"}), any_code_but=("internal_error",)),
                              f"MeterValues with multiplier {multiplier}"))
    return cases


CATEGORIES = {
    "not_json": not_json, "not_an_array": not_an_array, "message_type": message_type, "message_id": message_id,
    "bad_call": bad_call, "payload_not_object": payload_not_object, "schema_invalid": schema_invalid,
    "schema_valid": schema_valid, "deep_nesting": deep_nesting, "stray_answers": stray_answers, "binary": binary,
    "long_frames": long_frames, "odd_strings": odd_strings,
}
assert set(CATEGORIES) == set(EXAMPLES) and all(n % RUN == 0 for n in EXAMPLES.values())


# ====================================================================== the servers and the connections

def _wait_ready(process, log_path, pattern, deadline):
    while time.monotonic() < deadline:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            match = re.search(pattern, f.read())
        if match:
            return match.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        raise AssertionError(f"{' '.join(process.args[1:])} did not start:\n{f.read()[-3000:]}")


class Link:
    """One target: a persistent WebSocket connection, as a station, to one CSMS in one version."""

    def __init__(self, name, version, url, password=None):
        self.name, self.version = f"{name} CSMS (OCPP {version})", version
        self.url, self.password = url, password
        self.codes = error_codes(version)
        self.ws = None
        self.probes = 0
        self.answered = 0
        self.last = None          # the frame before (a connection closed at once after its answer)
        self.server_calls = 0

    def open(self):
        headers = {}
        if self.password:
            token = base64.b64encode(f"{STATION[self.version]}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        subprotocol = "ocpp2.0.1" if self.version == "2.0.1" else "ocpp1.6"
        self.ws = connect(f"{self.url}/{STATION[self.version]}", subprotocols=[subprotocol], additional_headers=headers,
                          max_size=None, compression=None, ping_interval=None, open_timeout=30, close_timeout=2,
                          legacy=True)
        assert self.ws.subprotocol == subprotocol
        self.ws.send(json.dumps([2, "boot", "BootNotification", BOOT[self.version]]))
        answer = self.next_answer("the boot")
        assert answer[:2] == [3, "boot"] and answer[2]["status"] == "Accepted", f"{self.name} boot: {answer}"

    def close(self):
        if self.ws is not None:
            self.ws.close()

    # ------------------------------------------------------------------ reading what the CSMS sends

    def next_answer(self, after):
        """The next CALLRESULT or CALLERROR (CALLs of the CSMS are skipped), checked for OCPP-J shape."""
        while True:
            try:
                message = self.ws.recv(timeout=ANSWER_TIMEOUT)
            except TimeoutError:
                raise AssertionError(f"{self.name}: nothing within {ANSWER_TIMEOUT:g} s after {after}") from None
            assert isinstance(message, str), f"{self.name} sent a binary frame after {after}: {message[:80]!r}"
            try:
                data = strict_loads(message)
            except (ValueError, RecursionError) as exc:
                raise AssertionError(f"{self.name} sent a frame that is not strict JSON after {after}: "
                                     f"{short(message)} ({exc})") from None
            assert isinstance(data, list) and len(data) >= 3 and data[0] in (2, 3, 4), \
                f"{self.name} sent no OCPP-J message after {after}: {short(message)}"
            if data[0] == 2:
                self.server_calls += 1
                continue
            assert isinstance(data[1], str) and len(data[1]) <= MAX_ID_LENGTH, \
                f"{self.name} answered with a MessageId that is no string[36] after {after}: {short(message)}"
            if data[0] == 3:
                assert len(data) == 3 and isinstance(data[2], dict), f"{self.name}: bad CALLRESULT {short(message)}"
            else:
                assert len(data) == 5 and isinstance(data[2], str) and isinstance(data[3], str) \
                    and isinstance(data[4], dict), f"{self.name}: bad CALLERROR {short(message)}"
                assert data[2] in self.codes.all, \
                    f"{self.name} answered with {data[2]!r}, no OCPP {self.version} error code, after {after}"
                assert len(data[3]) <= 255, f"{self.name}: errorDescription over 255 characters after {after}"
            return data

    # ------------------------------------------------------------------ one frame

    def send(self, case):
        if self.ws is None:
            self.open()      # an earlier frame broke the connection (that frame's example failed)
        frame = short(case.message)
        try:
            self.ws.send(case.message)
            if case.expect.must_answer:
                self.judge(case, self.next_answer(f"{case.what}: {frame}"))
                self.answered += 1
                if self.answered % PROBE_EVERY == 0:
                    self.probe(case, None)
            else:
                self.probe(case, case.expect)
        except ConnectionClosed as exc:
            self.ws = None
            before = f" (or after the frame before it, {self.last})" if self.last else ""
            raise AssertionError(f"{self.name} closed the connection after {case.what}: {frame}{before} "
                                 f"({exc})") from None
        except BaseException:
            # a wrong or missing answer: the next frame starts on a fresh connection, so that a late
            # answer to this one is not taken for the answer to the next
            self.close()
            self.ws = None
            raise
        finally:
            self.last = f"{case.what}: {frame}"

    def judge(self, case, answer):
        expect, frame = case.expect, short(case.message)
        kind = "CALLRESULT" if answer[0] == 3 else f"CALLERROR {answer[2]} ({answer[3]!r})"
        if answer[0] == 3:
            assert expect.result, \
                f"{self.name} accepted {case.what} with a CALLRESULT: {frame} -> {short(json.dumps(answer))}"
            assert answer[1] in expect.ids, \
                f"{self.name} answered {case.what} for MessageId {answer[1]!r}, expected {sorted(expect.ids)}: {frame}"
            problems = schemas.check(self.version, expect.result, answer[2], False)
            assert not problems, f"{self.name}: its {expect.result} CALLRESULT breaks the schema: {problems}"
            return
        codes = {getattr(self.codes, k) for k in expect.kinds}
        if expect.any_code_but:
            wrong = {getattr(self.codes, k) for k in expect.any_code_but}
            assert answer[2] in codes or answer[2] not in wrong, \
                f"{self.name} answered {case.what} with {kind}: {frame}"
        else:
            assert answer[2] in codes, \
                f"{self.name} answered {case.what} with {kind}, expected {' or '.join(sorted(codes))}: {frame}"
        if expect.ids is not None:
            expected = " or ".join(map(repr, sorted(expect.ids)))
            assert answer[1] in expect.ids, (f"{self.name} answered {case.what} with {kind} for MessageId "
                                             f"{answer[1]!r}, expected {expected}: {frame}")

    def probe(self, case, ignorable):
        """A Heartbeat on the same connection gets its CALLRESULT. With `ignorable`, the frame before
        may have been ignored: an answer to it must come before the Heartbeat's, and fit."""
        self.probes += 1
        probe_id = f"probe-{self.probes}"
        self.ws.send(json.dumps([2, probe_id, "Heartbeat", {}]))
        after = f"{case.what}: {short(case.message)}" if case else "the batch"
        answer = self.next_answer(after)
        if answer[1] != probe_id:
            assert ignorable is not None and ignorable.kinds, \
                f"{self.name} answered {after} with {short(json.dumps(answer))}; it must ignore it"
            self.judge(case, answer)
            answer = self.next_answer(after)
        assert answer[0] == 3 and answer[1] == probe_id, \
            f"{self.name} no longer serves the station after {after}: Heartbeat answered {short(json.dumps(answer))}"
        assert not schemas.check(self.version, "Heartbeat", answer[2], False), \
            f"{self.name}: bad HeartbeatResponse {answer}"


# The processes behind the targets: (log file, command line, what its ready line looks like). The
# mock CSMS of 2.0.1 writes its JSON log, the one of 1.6 its text log: both log writers get the frames.
PROCESSES = {
    "reference": ("reference.log", ["-m", "support.reference.csms.playground", "--log-format", "none"]
                  + [arg for station in STATION.values() for arg in ("--station", f"{station}:{PASSWORD}")],
                  r"listening on (ws://\S+)/<stationId>"),
    "mock 2.0.1": ("mock-201.log", ["-m", "support.csms", "--ocpp-version", "2.0.1", "--log-format", "json"],
                   r"listening on (ws://\S+)"),
    "mock 1.6": ("mock-16.log", ["-m", "support.csms", "--ocpp-version", "1.6", "--log-format", "text"],
                 r"listening on (ws://\S+)"),
}


def _process_of(target):
    return "reference" if target[0] == "reference" else f"mock {target[1]}"


class Logs:
    """The processes' log files, read on from where the last check stopped."""

    def __init__(self, paths):
        self.paths = paths
        self.offsets = dict.fromkeys(paths, 0)

    def new_errors(self):
        problems = []
        for name, path in self.paths.items():
            with open(path, encoding="utf-8", errors="replace") as f:
                f.seek(self.offsets[name])
                text = f.read()
                self.offsets[name] = f.tell()
            lines = [line for line in text.splitlines() if line.startswith("Traceback") or " ERROR " in line[:60]]
            problems += [f"{name}: {line.strip()[:300]}" for line in lines[:5]]
        return problems


@pytest.fixture(scope="module")
def servers(request):
    """The reference CSMS (playground, both versions) and the mock CSMS in 2.0.1 and in 1.6: one
    process each (those the selected tests need, started together), on free loopback ports, their
    output in log files that must stay free of tracebacks and logged errors."""
    needed = {_process_of(item.callspec.params["target"]) for item in request.session.items
              if item.module is request.module and "target" in getattr(getattr(item, "callspec", None), "params", {})}
    folder = tempfile.mkdtemp(prefix="ocpp-fuzz-")
    started = {}
    logs = Logs({name: os.path.join(folder, PROCESSES[name][0]) for name in sorted(needed)})
    try:
        for name, path in logs.paths.items():
            with open(path, "w") as log:
                started[name] = subprocess.Popen([sys.executable, *PROCESSES[name][1]], cwd=ROOT, stdout=log,
                                                 stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 120      # a busy machine may take long to start Python
        urls = {name: _wait_ready(process, logs.paths[name], PROCESSES[name][2], deadline)
                for name, process in started.items()}
        servers = {target: (urls[_process_of(target)], PASSWORD if target[0] == "reference" else None)
                   for target in TARGETS if _process_of(target) in urls}
        servers["logs"] = logs
        yield servers
    finally:
        for process in started.values():
            process.terminate()
        for process in started.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        problems = logs.new_errors() if started else []
        for path in logs.paths.values():
            if os.path.exists(path):
                os.remove(path)
        os.rmdir(folder)
    assert not problems, "the CSMS processes logged errors:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def no_server_errors(servers):
    """After each test: the CSMS processes logged no error or traceback meanwhile."""
    yield
    # every test ends with a Heartbeat answered: what the CSMS logs about the frames before is written
    problems = servers["logs"].new_errors()
    assert not problems, "the CSMS processes logged errors:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def links(servers):
    opened = {}

    def link(target):
        if target not in opened:
            url, password = servers[target]
            opened[target] = Link(*target, url, password)
            opened[target].open()
        return opened[target]
    yield link
    for each in opened.values():
        each.close()


# ====================================================================== the tests

@pytest.mark.parametrize("category", list(CATEGORIES))
@pytest.mark.parametrize("target", TARGETS, ids=[f"{n}-{v}" for n, v in TARGETS])
def test_fuzzed_frames_are_answered_as_ocpp_j_says(links, target, category):
    link = links(target)
    strategy = CATEGORIES[category](target[1])
    sent = []

    # Each example is a run of RUN frames sent one after the other: Hypothesis's own cost per example
    # is about a millisecond, as much as a frame's round trip; the failing frame is named in the error.
    @settings(max_examples=math.ceil(EXAMPLES[category] / RUN), deadline=None, derandomize=True, database=None,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck), print_blob=False)
    @given(cases=st.lists(strategy, min_size=RUN, max_size=RUN))
    def fuzz(cases):
        for case in cases:
            sent.append(case.what)
            link.send(case)

    fuzz()
    link.probe(None, None)        # after the batch the connection is alive and serving
    # Hypothesis stops early only when a category has fewer distinct runs than asked for
    assert len(sent) >= EXAMPLES[category], f"only {len(sent)} frames of {category}"


REGRESSIONS = [(target, index) for target in TARGETS for index in range(len(regressions(target[1])))]


@pytest.mark.parametrize("target,index", REGRESSIONS,
                         ids=[f"{n}-{v}-{regressions(v)[i].what}" for (n, v), i in REGRESSIONS])
def test_frames_that_broke_a_csms_once(links, target, index):
    link = links(target)
    link.send(regressions(target[1])[index])
    link.probe(None, None)
