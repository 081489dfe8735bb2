"""Steps about vendor-specific data (block P): DataTransfer to the CSMS and customData in messages."""
from behave import when

from support.station import data_transfer
from support.scenario.words import enum_value


@when("the test station sends DataTransfer with the configured vendorId and messageId")
def step_data_transfer(context):
    """Send DataTransfer with CONFIGURED_VENDOR_ID and CONFIGURED_MESSAGE_ID, a vendor extension the
    CSMS does not implement (TC_P_02).

    Example: When the test station sends DataTransfer with the configured vendorId and messageId
    """
    data_transfer.send_configured_data_transfer(context.session)


@when('the test station sends StatusNotification "{status}" with customData')
def step_status_custom_data(context, status):
    """Send a StatusNotification for the configured connector carrying the customData of the doc
    string (a JSON object with a vendorId and any other properties).

    Example:
        When the test station sends StatusNotification "Available" with customData
          \"\"\"
          {"vendorId": "com.example", "cableLength": 5}
          \"\"\"
    """
    custom_data = data_transfer.parse_custom_data(context.session, context.text)
    data_transfer.send_status_notification_with_custom_data(
        context.session, context.settings.integer("evse_id"), context.settings.integer("connector_id"),
        enum_value("ConnectorStatus", status), custom_data)


@when("the test station starts a transaction with customData")
def step_transaction_custom_data(context):
    """Send TransactionEvent Started (CablePluggedIn) on the configured EVSE with the customData of
    the doc string both in the message and in transactionInfo.

    Example:
        When the test station starts a transaction with customData
          \"\"\"
          {"vendorId": "com.example", "tariff": "night"}
          \"\"\"
    """
    custom_data = data_transfer.parse_custom_data(context.session, context.text)
    data_transfer.start_transaction_with_custom_data(
        context.session, context.settings.integer("evse_id"), context.settings.integer("connector_id"), custom_data)
