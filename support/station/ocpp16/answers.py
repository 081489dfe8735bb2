"""How the test station answers OCPP 1.6 requests by default: a configuration-key store for
GetConfiguration / ChangeConfiguration; everything else accepts (the schema-minimal answer)."""

# Configuration keys of the test station (OCPP 1.6 section 9): key -> (value, readonly).
DEFAULT_CONFIGURATION = {
    "HeartbeatInterval": ("300", False),
    "ConnectionTimeOut": ("60", False),
    "MeterValueSampleInterval": ("60", False),
    "MeterValuesSampledData": ("Energy.Active.Import.Register", False),
    "ClockAlignedDataInterval": ("0", False),
    "NumberOfConnectors": ("2", True),
    "AuthorizeRemoteTxRequests": ("false", False),
    "LocalAuthorizeOffline": ("true", False),
    "LocalPreAuthorize": ("false", False),
    "AuthorizationCacheEnabled": ("true", False),
    "StopTransactionOnEVSideDisconnect": ("true", False),
    "StopTransactionOnInvalidId": ("true", False),
    "UnlockConnectorOnEVSideDisconnect": ("true", False),
    "ConnectorPhaseRotation": ("0.RST,1.RST,2.RST", False),     # the rest of TC_019_1's required keys
    "GetConfigurationMaxKeys": ("50", True),
    "MeterValuesAlignedData": ("Energy.Active.Import.Register", False),
    "StopTxnAlignedData": ("Energy.Active.Import.Register", False),
    "StopTxnSampledData": ("Energy.Active.Import.Register", False),
    "TransactionMessageAttempts": ("3", False),
    "TransactionMessageRetryInterval": ("60", False),
    "ResetRetries": ("1", False),
    "SupportedFeatureProfiles": ("Core,FirmwareManagement,LocalAuthListManagement,Reservation,"
                                 "SmartCharging,RemoteTrigger", True),
    "LocalAuthListEnabled": ("true", False),
    "LocalAuthListMaxLength": ("100", True),
    "SendLocalListMaxLength": ("100", True),
    "ChargeProfileMaxStackLevel": ("10", True),
    "ChargingScheduleAllowedChargingRateUnit": ("Current,Power", True),
    "ChargingScheduleMaxPeriods": ("24", True),
    "MaxChargingProfilesInstalled": ("10", True),
    "SecurityProfile": ("1", False),
    "ReserveConnectorZeroSupported": ("true", True),
}


def configuration(model):
    """The station's configuration keys, kept on its model (made on first use)."""
    if not hasattr(model, "configuration16"):
        model.configuration16 = dict(DEFAULT_CONFIGURATION)
    return model.configuration16


def _get_configuration(model, payload):
    keys = configuration(model)
    wanted = payload.get("key")
    answer = {"configurationKey": [], "unknownKey": []}
    for key in (wanted if wanted else sorted(keys)):
        if key in keys:
            value, readonly = keys[key]
            answer["configurationKey"].append({"key": key, "readonly": readonly, "value": value})
        else:
            answer["unknownKey"].append(key)
    return {k: v for k, v in answer.items() if v}


def _change_configuration(model, payload):
    keys = configuration(model)
    key, value = payload["key"], payload["value"]
    if key not in keys:
        return {"status": "NotSupported"}
    if keys[key][1]:
        return {"status": "Rejected"}
    if key.endswith(("Interval", "TimeOut", "Attempts", "Retries")) and not value.isdigit():
        return {"status": "Rejected"}      # not a whole number of seconds/times, or negative (TC_040_2: -1)
    keys[key] = (value, False)
    return {"status": "Accepted"}


DEFAULTS16 = {
    "GetConfiguration": _get_configuration,
    "ChangeConfiguration": _change_configuration,
}

# What the station keeps of the answer it gave, whoever chose it (answers.apply): action -> callable(model,
# request payload, response payload).
AFTER16 = {}

from . import register as _register  # noqa: E402  (the feature profiles read DEFAULTS16's module)
_register(DEFAULTS16, AFTER16)               # each 1.6 feature profile's answers (ocpp16/<profile>.py)
