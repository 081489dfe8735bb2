"""Data transfer and custom data sent by the test station (OCPP 2.0.1 P02, TC_P_03)."""
import json


def send_configured_data_transfer(session):
    """DataTransfer with the configured vendorId and messageId (a vendor the CSMS does not implement)."""
    session.send("DataTransfer", {"vendorId": session.config.vendor_id, "messageId": session.config.message_id})


def parse_custom_data(session, text):
    """The doc string of a step as a CustomDataType object (a JSON object with a vendorId)."""
    try:
        custom_data = json.loads(text or "")
    except ValueError as exc:
        session.fail(f"the doc string of this step is not JSON: {exc}")
    if not isinstance(custom_data, dict) or not isinstance(custom_data.get("vendorId"), str):
        session.fail('customData is a JSON object with a vendorId, e.g. {"vendorId": "com.example", "key": 1}')
    return custom_data


def send_status_notification_with_custom_data(session, evse_id, connector_id, status, custom_data):
    station = session.require_connected()
    payload = station.status_notification_payload(evse_id, connector_id, status)
    payload["customData"] = custom_data
    session.send("StatusNotification", payload)


def start_transaction_with_custom_data(session, evse_id, connector_id, custom_data):
    """TransactionEvent Started (cable plugged in) with customData in the message and in transactionInfo."""
    station = session.require_connected()
    payload = station.transaction_event_payload(evse_id, "Started", "CablePluggedIn", charging_state="EVConnected",
                                                connector_id=connector_id, new_transaction=True)
    payload["customData"] = custom_data
    payload["transactionInfo"]["customData"] = dict(custom_data)
    session.send("TransactionEvent", payload)
