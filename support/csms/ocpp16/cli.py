"""The OCPP 1.6 flags of `python -m support.csms --ocpp-version 1.6` (see support/csms/cli.py).

They follow the 1.6 mock server of the e-mobility charging stations simulator
(tests/ocpp-server/server16.py): --connector-id, --auth-parent-id-tag, --reset-type Hard|Soft,
--availability-type, --reserve-connector-id, --reserve-id-tag, plus --change-configuration and
--get-configuration for the configuration keys.
"""
import argparse

from .scripted import COMMAND_ACTIONS16, ID_TAG_LENGTH, schema_enum16

VERSION = "1.6"
RESET_TYPES16 = schema_enum16("Reset", "type")
AVAILABILITY_TYPES16 = schema_enum16("ChangeAvailability", "type")
TRIGGER_MESSAGES16 = schema_enum16("TriggerMessage", "requestedMessage")

# A flag of one version given under the other: what to use instead.
ONLY_201 = {
    "total_cost": ("--total-cost", "a 1.6 Central System reports no running cost"),
    "auth_group_id": ("--auth-group-id", "use --auth-parent-id-tag"),
    "trigger_evse_id": ("--trigger-evse-id", "use --connector-id"),
    "reset_evse_id": ("--reset-evse-id", "a 1.6 Reset is for the whole Charge Point"),
    "availability_status": ("--availability-status", "use --availability-type"),
    "availability_evse_id": ("--availability-evse-id", "use --connector-id"),
    "set_variables": ("--set-variables", "use --change-configuration"),
    "get_variables": ("--get-variables", "use --get-configuration"),
    "reserve_evse_id": ("--reserve-evse-id", "use --reserve-connector-id"),
    "reserve_id_token": ("--reserve-id-token", "use --reserve-id-tag"),
}
ONLY_16 = {
    "connector_id": ("--connector-id", "use --trigger-evse-id, --availability-evse-id or --reserve-evse-id"),
    "auth_parent_id_tag": ("--auth-parent-id-tag", "use --auth-group-id"),
    "availability_type": ("--availability-type", "use --availability-status"),
    "reserve_connector_id": ("--reserve-connector-id", "use --reserve-evse-id"),
    "change_configuration": ("--change-configuration", "use --set-variables"),
    "get_configuration": ("--get-configuration", "use --get-variables"),
}
# The same thing under another name in the other version, for a clearer error on --command.
COUNTERPARTS = {
    "RequestStartTransaction": "RemoteStartTransaction", "RequestStopTransaction": "RemoteStopTransaction",
    "SetVariables": "ChangeConfiguration", "GetVariables": "GetConfiguration", "GetBaseReport": "GetConfiguration",
}
COUNTERPARTS.update({v: k for k, v in list(COUNTERPARTS.items()) if k != "GetBaseReport"})


def _id_tag(value):
    if not value or len(value) > ID_TAG_LENGTH:
        raise argparse.ArgumentTypeError(f"{value!r} must be an idTag of 1 to {ID_TAG_LENGTH} characters")
    return value


def _configuration_key(value):
    value = value.strip()
    if not value or len(value) > 50:
        raise argparse.ArgumentTypeError(f"invalid configuration key {value!r}: 1 to 50 characters")
    return value


def _change_configuration(value):
    if "=" not in value:
        raise argparse.ArgumentTypeError(f"invalid setting {value!r}: expected 'Key=Value' (one key; "
                                         "ChangeConfiguration sets one key at a time)")
    key, setting = value.split("=", 1)
    key = _configuration_key(key)
    if len(setting) > 500:
        raise argparse.ArgumentTypeError(f"invalid setting {value!r}: the value is longer than 500 characters")
    return key, setting.strip()


def _configuration_keys(value):
    keys = [_configuration_key(k) for k in value.split(",") if k.strip()]
    if not keys:
        raise argparse.ArgumentTypeError("needs at least one key (leave the flag out to ask for every key)")
    return keys


def add_arguments(parser, integer, choice):
    """The 1.6 command-payload flags (integer(minimum) and choice(what, choices) are cli.py's types)."""
    opts = parser.add_argument_group("OCPP 1.6 command payloads (with --ocpp-version 1.6)")
    opts.add_argument("--connector-id", type=integer(0), default=1,
                      help="connectorId of TriggerMessage, RemoteStartTransaction, ChangeAvailability, UnlockConnector, "
                           "SetChargingProfile, GetCompositeSchedule (default 1)")
    opts.add_argument("--auth-parent-id-tag", type=_id_tag, default=None, metavar="TAG",
                      help="parentIdTag in idTagInfo answers (Authorize, StartTransaction, StopTransaction)")
    opts.add_argument("--availability-type", type=choice("availability type", AVAILABILITY_TYPES16),
                      default="Operative", help="ChangeAvailability type (default Operative)")
    opts.add_argument("--reserve-connector-id", type=integer(0), default=1,
                      help="ReserveNow connectorId; 0 reserves the Charge Point (default 1)")
    opts.add_argument("--change-configuration", type=_change_configuration, default=None, metavar="KEY=VALUE",
                      help="ChangeConfiguration key and value (default HeartbeatInterval=30)")
    opts.add_argument("--get-configuration", type=_configuration_keys, default=None, metavar="KEYS",
                      help="GetConfiguration keys, comma-separated (default: every key)")


def check_command(value):
    """An action a 1.6 mock server can send; raises ArgumentTypeError with a suggestion."""
    from ..cli import _suggest
    from ...rpc import schemas
    if value in COMMAND_ACTIONS16:
        return value
    if schemas.is_known_action(VERSION, value):
        raise argparse.ArgumentTypeError(
            f"{value!r} is an OCPP 1.6 action the mock server does not send on its own "
            f"(it can send: {', '.join(COMMAND_ACTIONS16)})")
    if value in COUNTERPARTS and COUNTERPARTS[value] in COMMAND_ACTIONS16:
        raise argparse.ArgumentTypeError(f"{value!r} is an OCPP 2.0.1 action; in OCPP 1.6 it is "
                                         f"{COUNTERPARTS[value]!r} (it can send: {', '.join(COMMAND_ACTIONS16)})")
    raise argparse.ArgumentTypeError(f"unknown action {value!r}{_suggest(value, COMMAND_ACTIONS16)} "
                                     f"(it can send: {', '.join(COMMAND_ACTIONS16)})")


def apply(args, script):
    """Fill the 1.6 settings of a CsmsScript from parsed flags (already checked for the version)."""
    v16 = script.v16
    v16.connector_id = args.connector_id
    v16.reset_type = args.reset_type
    v16.availability_type = args.availability_type
    v16.trigger_message = args.trigger_message
    v16.reserve_connector_id = args.reserve_connector_id
    if args.reserve_id_tag is not None:
        v16.reserve_id_tag = args.reserve_id_tag
    if args.change_configuration is not None:
        v16.change_configuration = args.change_configuration
    if args.get_configuration is not None:
        v16.get_configuration = args.get_configuration
    if args.auth_parent_id_tag is not None:
        script.auth_group_id = args.auth_parent_id_tag
