"""OCPP 1.6 Remote Trigger on the test station (Central System under test: OCTT TC_054, TC_055): how it
answers TriggerMessage (ocpp16.answers.DEFAULTS16), making the Central System trigger a message (with
ExtendedTriggerMessage for the messages of the security whitepaper), and the status notifications
the station sends when triggered."""
from ...scenario.expect import StepError
from .common import ask, require16


# ---------------------------------------------------------------------- default answers (ocpp16.answers.DEFAULTS16)

def _trigger_message(model, payload):
    """5.17: a connectorId the Charge Point does not have is Rejected."""
    connector_id = payload.get("connectorId")
    if connector_id is not None and not 0 <= connector_id <= len(model.connectors):
        return {"status": "Rejected"}
    return {"status": "Accepted"}


ANSWERS16 = {
    "TriggerMessage": _trigger_message,
}


# ---------------------------------------------------------------------- making the Central System act

EXTENDED_ONLY = ("SignChargePointCertificate", "LogStatusNotification")


def ask_trigger(session, message, connector_id=None):
    """TriggerMessage (5.17) for a MessageTrigger, with a connectorId when one is given; the messages of
    the security extension (SignChargePointCertificate, LogStatusNotification) with ExtendedTriggerMessage."""
    action = "ExtendedTriggerMessage" if message in EXTENDED_ONLY else "TriggerMessage"
    payload = {"requestedMessage": message}
    if connector_id is not None:
        payload["connectorId"] = connector_id
    where = f" for connector {connector_id}" if connector_id is not None else ""
    return ask(require16(session), f"make the Central System trigger {message}{where}", action, payload)


def missing_connector(session):
    """NumberOfConnectors + 1: a connector the test station does not have (TC_055)."""
    return len(session.station.model.connectors) + 1


def check_trigger_for_missing_connector(session, message):
    connector_id = missing_connector(session)
    session.expect_request("TriggerMessage", [("requestedMessage", message), ("connectorId", str(connector_id))])


def send_triggered(session, action, status):
    """A DiagnosticsStatusNotification or FirmwareStatusNotification with only a status, as a Charge
    Point sends one the CSMS triggered."""
    from ...scenario.words import enum_value
    kinds = {"DiagnosticsStatusNotification": "DiagnosticsStatus", "FirmwareStatusNotification": "FirmwareStatus"}
    if action not in kinds:
        raise StepError(f"'{action}' is not a status notification the station sends when triggered; use "
                               f"{' or '.join(kinds)}")
    status = enum_value(kinds[action], status, "1.6")
    return require16(session).send_expecting_answer(action, {"status": status})
