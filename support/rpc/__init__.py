"""OCPP-J RPC layer shared by the station and CSMS engines (OCPP 2.0.1 Part 4, OCPP-J 1.6)."""
from .errors import CallError, ErrorCodes, error_codes
from .frames import CALL, CALLERROR, CALLRESULT, Frame, FrameError, parse_frame
from .connection import OcppConnection, CallOutcome, Subprotocol

__all__ = ["CallError", "ErrorCodes", "error_codes", "CALL", "CALLRESULT", "CALLERROR", "Frame",
           "FrameError", "parse_frame", "OcppConnection", "CallOutcome", "Subprotocol"]
