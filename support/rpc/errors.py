"""RPC framework error codes as each OCPP-J version spells them."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCodes:
    """The CALLERROR code to use for each kind of failure, per OCPP version."""
    format_violation: str
    occurrence_violation: str
    property_violation: str
    type_violation: str
    protocol_error: str
    not_implemented: str
    not_supported: str
    internal_error: str
    generic_error: str
    security_error: str
    rpc_framework_error: str
    message_type_not_supported: str
    all: tuple


# OCPP 2.0.1 Part 4, table 8.
OCPP201 = ErrorCodes(
    format_violation="FormatViolation",
    occurrence_violation="OccurrenceConstraintViolation",
    property_violation="PropertyConstraintViolation",
    type_violation="TypeConstraintViolation",
    protocol_error="ProtocolError",
    not_implemented="NotImplemented",
    not_supported="NotSupported",
    internal_error="InternalError",
    generic_error="GenericError",
    security_error="SecurityError",
    rpc_framework_error="RpcFrameworkError",
    message_type_not_supported="MessageTypeNotSupported",
    all=("FormatViolation", "GenericError", "InternalError", "MessageTypeNotSupported",
         "NotImplemented", "NotSupported", "OccurrenceConstraintViolation",
         "PropertyConstraintViolation", "ProtocolError", "RpcFrameworkError", "SecurityError",
         "TypeConstraintViolation"),
)

# OCPP-J 1.6 section 4.2.3; the 1.6 spec spells "FormationViolation" and "OccurenceConstraintViolation".
OCPP16 = ErrorCodes(
    format_violation="FormationViolation",
    occurrence_violation="OccurenceConstraintViolation",
    property_violation="PropertyConstraintViolation",
    type_violation="TypeConstraintViolation",
    protocol_error="ProtocolError",
    not_implemented="NotImplemented",
    not_supported="NotSupported",
    internal_error="InternalError",
    generic_error="GenericError",
    security_error="SecurityError",
    rpc_framework_error="FormationViolation",
    message_type_not_supported="ProtocolError",
    all=("NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError",
         "FormationViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation",
         "TypeConstraintViolation", "GenericError"),
)


def error_codes(version):
    return OCPP16 if version.startswith("1.6") else OCPP201


class CallError(Exception):
    """Raised by a handler to answer a CALL with a CALLERROR."""

    def __init__(self, code, description="", details=None):
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.details = details or {}
