"""The suite's vocabulary: token names, enum values and tables as testers write them."""
import difflib

from ocpp.v201 import enums as enums201

from .expect import StepError

TOKEN_KINDS = {
    "valid": "valid",
    "second valid": "valid_2",
    "invalid": "invalid",
    "unknown": "invalid",
    "blocked": "blocked",
    "expired": "expired",
    "group": "group",
    "master pass": "masterpass",
    "emaid": "emaid",          # the EV contract certificate's eMAID (C07)
}


def token_kind(words):
    key = words.strip().lower()
    if key in TOKEN_KINDS:
        return TOKEN_KINDS[key]
    hint = difflib.get_close_matches(key, list(TOKEN_KINDS), 1, 0.5)
    raise StepError(f"'{words}' is not a configured idToken kind" +
                    (f"; did you mean the {hint[0]} idToken?" if hint else f"; use one of: {', '.join(TOKEN_KINDS)}"))


def id_token(config, words):
    """The idToken object (idToken + type) of a configured token kind: 'valid', 'blocked', ..."""
    value, type_ = config.token(token_kind(words))
    return {"idToken": value, "type": type_}


def enum_value(type_name, value, version="2.0.1"):
    """Check a value against an OCPP enum named as in the spec (RegistrationStatus, ResetEnumType, ...)."""
    if version.startswith("1.6"):
        from ocpp.v16 import enums as enums16
        module = enums16
    else:
        module = enums201
    cls = getattr(module, f"{type_name}EnumType", None) or getattr(module, type_name, None)
    if cls is None:
        raise StepError(f"{type_name} is not an OCPP {version} enumeration")
    allowed = [m.value for m in cls]
    if value in allowed:
        return value
    hint = difflib.get_close_matches(value, allowed, 1, 0.5)
    article = "an" if type_name[:1] in "AEIOU" else "a"
    raise StepError(f"'{value}' is not {article} {type_name}" +
                    (f"; did you mean {hint[0]}?" if hint else f"; it is one of {', '.join(allowed)}"))


def reusable_state(name, version="2.0.1"):
    """Check the name of an OCTT reusable state (Booted, Authorized, ...) of the version."""
    if version.startswith("1.6"):
        from ..station.ocpp16.states import STATES16 as known
        what = "an OCPP 1.6 reusable state"
    else:
        from ..station.states import STATES as known
        what = "a reusable state"
    if name in known:
        return name
    hint = difflib.get_close_matches(name, list(known), 1, 0.5)
    raise StepError(f"'{name}' is not {what}" +
                    (f"; did you mean {hint[0]}?" if hint else f"; use one of {', '.join(known)}"))


def field_rows(table):
    """A two-column table | field | value | as [(path, expected)] (a header row is required)."""
    if table is None:
        raise StepError("this step needs a table with the columns | field | value |")
    return [(row[0].strip(), row[1].strip()) for row in table]


def split_list(text):
    return [part.strip().strip('"') for part in text.replace(" and ", ",").split(",") if part.strip()]
