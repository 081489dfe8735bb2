"""Machinery of the OCPP conformance suite: runtime, OCPP-J RPC, engines, targets."""
