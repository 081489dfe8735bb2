"""OCPP 1.6J Core profile sentences of the @csms features for the non-happy flows (OCTT TC_017 -
TC_040): the Central System made to unlock a connector and to read or change configuration keys; a
Charge Point that goes offline and queues its transactions, or loses power during one; and what the
Central System recorded of it all. Remote start and stop use the sentences of v16_remote_control_steps.py."""
from behave import given, then, when

from support.station.ocpp16 import core as core16
from support.scenario.words import enum_value, id_token


def _session16(context):
    session = context.session
    if session.version != "1.6":
        raise AssertionError("this sentence is for OCPP 1.6 scenarios: tag the scenario or feature @ocpp16")
    return session


def _id_tag(context, token):
    return id_token(context.settings, token)["idToken"]


# ---------------------------------------------------------------------- making the Central System act

@when("the CSMS is asked to unlock connector {connector:d} of the test Charge Point")
def step_unlock16(context, connector):
    """OCPP 1.6: make the Central System send UnlockConnector for a connector (trigger API
    unlock-connector).

    Example: When the CSMS is asked to unlock connector 1 of the test Charge Point
    """
    core16.ask_unlock(_session16(context), connector)


@when("the CSMS is asked for all configuration keys of the test Charge Point")
def step_get_all_configuration16(context):
    """OCPP 1.6: make the Central System send GetConfiguration without a key list (every key;
    trigger API get-configuration).

    Example: When the CSMS is asked for all configuration keys of the test Charge Point
    """
    core16.ask_configuration(_session16(context))


@when('the CSMS is asked for the configuration key "{key}"')
def step_get_configuration16(context, key):
    """OCPP 1.6: make the Central System send GetConfiguration for one key.

    Example: When the CSMS is asked for the configuration key "SupportedFeatureProfiles"
    """
    core16.ask_configuration(_session16(context), [key])


@when('the CSMS is asked to change the configuration key "{key}" to "{value}"')
def step_change_configuration16(context, key, value):
    """OCPP 1.6: make the Central System send ChangeConfiguration with a key and a value (trigger API
    change-configuration).

    Example: When the CSMS is asked to change the configuration key "MeterValueSampleInterval" to "60"
    """
    core16.ask_change_configuration(_session16(context), key, value)


# ---------------------------------------------------------------------- the station

@given('the test Charge Point has the configuration key "{key}" set to "{value}"')
def step_station_configuration16(context, key, value):
    """OCPP 1.6: a configuration key of the test station (what it reports in GetConfiguration and
    changes on ChangeConfiguration); a key it did not have becomes one it supports.

    Example: Given the test Charge Point has the configuration key "StopTransactionOnInvalidId" set to "true"
    """
    core16.set_configuration(_session16(context).station, key, value)


@when("the test Charge Point goes offline")
def step_offline16(context):
    """OCPP 1.6: connectivity to the Central System is lost (the WebSocket closes); from now on the
    station queues its transaction-related messages.

    Example: When the test Charge Point goes offline
    """
    session = _session16(context)
    core16.go_offline(session, session.station)


@when("the driver starts a transaction on connector {connector:d} with the {token} idTag while the test Charge Point is offline")
def step_start_offline16(context, connector, token):
    """OCPP 1.6: while offline, the station starts a transaction for a configured idTag (authorized
    locally); its StartTransaction.req is queued with the time of the start.

    Example: When the driver starts a transaction on connector 1 with the valid idTag while the test Charge Point is offline
    """
    session = _session16(context)
    core16.start_offline(session.station, connector, _id_tag(context, token))


@when("the driver stops the transaction on connector {connector:d} with the {token} idTag and unplugs while the station is offline")
def step_stop_offline16(context, connector, token):
    """OCPP 1.6: while offline, the driver stops the transaction with an idTag (reason Local) and
    unplugs the cable; the StopTransaction.req is queued with the time of the stop, the meter reading
    and the transaction's meter values in transactionData.

    Example: When the driver stops the transaction on connector 1 with the valid idTag and unplugs while the station is offline
    """
    session = _session16(context)
    core16.stop_offline(session.station, connector, _id_tag(context, token))


@when("the test Charge Point comes back online")
def step_online16(context):
    """OCPP 1.6: connectivity is restored: the station reconnects (no BootNotification: it did not
    reboot) and sends its queued transaction-related messages in order; a queued StopTransaction
    carries the transactionId the Central System gave the queued StartTransaction.

    Example: When the test Charge Point comes back online
    """
    session = _session16(context)
    core16.come_back_online(session, session.station)


@when("the test Charge Point loses power")
def step_power_loss16(context):
    """OCPP 1.6: the Charge Point loses power; its running transactions end at that moment and the
    connection is gone. "When the test Charge Point boots" brings it back.

    Example: When the test Charge Point loses power
    """
    session = _session16(context)
    core16.lose_power(session, session.station)


@when("the test Charge Point reports its connectors after the power loss")
def step_connectors_after_power_loss16(context):
    """OCPP 1.6: StatusNotification for connector 0 and every connector after the boot: Finishing
    where the power loss ended a transaction, Available elsewhere.

    Example: When the test Charge Point reports its connectors after the power loss
    """
    session = _session16(context)
    core16.report_connectors_after_power_loss(session, session.station)


@when("the test Charge Point reports the transaction on connector {connector:d} stopped by the power loss")
def step_stop_power_loss16(context, connector):
    """OCPP 1.6: StopTransaction.req for the transaction the power loss ended: reason PowerLoss, the
    time of the power loss and the meter reading then, no idTag.

    Example: When the test Charge Point reports the transaction on connector 1 stopped by the power loss
    """
    session = _session16(context)
    core16.stop_after_power_loss(session, session.station, connector)


# ---------------------------------------------------------------------- what the Central System recorded

@then("the CSMS records every configuration key the test Charge Point reported")
def step_check_all_configuration16(context):
    """OCPP 1.6: the Central System's configuration record of the station (trigger API
    configuration-record) holds every key of the station's GetConfiguration.conf with its value and
    accessibility (readonly). Without such a record the scenario is skipped as a manual check.

    Example: Then the CSMS records every configuration key the test Charge Point reported
    """
    core16.check_every_configuration_key(_session16(context))


@then('the CSMS records the configuration key "{key}" of the test Charge Point as "{value}"')
def step_check_configuration16(context, key, value):
    """OCPP 1.6: the Central System's configuration record of the station has this value for the key.

    Example: Then the CSMS records the configuration key "MeterValueSampleInterval" of the test Charge Point as "60"
    """
    core16.check_configuration_value(_session16(context), key, value)


@then('the CSMS does not record "{value}" as the value of the configuration key "{key}"')
def step_check_configuration_not16(context, value, key):
    """OCPP 1.6: a value the station did not accept is not in the Central System's configuration record.

    Example: Then the CSMS does not record "-1" as the value of the configuration key "MeterValueSampleInterval"
    """
    core16.check_configuration_not_value(_session16(context), key, value)


@then('the CSMS records that the test Charge Point does not support the configuration key "{key}"')
def step_check_configuration_unsupported16(context, key):
    """OCPP 1.6: after a NotSupported answer the key is among the Central System's unknown keys of the
    station, with no value.

    Example: Then the CSMS records that the test Charge Point does not support the configuration key "OcttUnknownKey"
    """
    core16.check_configuration_unsupported(_session16(context), key)


@then("the CSMS records the transaction on connector {connector:d} as running")
def step_check_running16(context, connector):
    """OCPP 1.6: the Central System's transaction record (trigger API transaction-record) has the
    station's last transaction on the connector as running, with the connector, idTag, meterStart
    and start time of its StartTransaction.req.

    Example: Then the CSMS records the transaction on connector 1 as running
    """
    core16.check_transaction(_session16(context), connector, running=True)


@then('the CSMS records the transaction on connector {connector:d} as stopped with reason "{reason}"')
def step_check_stopped16(context, connector, reason):
    """OCPP 1.6: the Central System's transaction record has the station's last transaction on the
    connector as stopped with this Reason, with the start of its StartTransaction.req and the
    meterStop, time and meter values (transactionData) of its StopTransaction.req.

    Example: Then the CSMS records the transaction on connector 1 as stopped with reason "PowerLoss"
    """
    core16.check_transaction(_session16(context), connector, running=False,
                                 reason=enum_value("Reason", reason, "1.6"))
