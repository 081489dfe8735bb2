"""What a station knows about itself: EVSEs and connectors, a small device model, transactions."""
import uuid
from dataclasses import dataclass, field


@dataclass
class Connector:
    evse_id: int
    connector_id: int
    connector_type: str = "cType2"
    status: str = "Available"


@dataclass
class Transaction:
    transaction_id: str
    evse_id: int
    connector_id: int
    seq_no: int = -1
    id_token: dict = None
    ended: bool = False

    def next_seq_no(self):
        self.seq_no += 1
        return self.seq_no


# Variables the test station reports when asked: (component, variable, instance) -> value.
DEFAULT_VARIABLES = {
    ("OCPPCommCtrlr", "OfflineThreshold", None): "60",
    ("OCPPCommCtrlr", "HeartbeatInterval", None): "300",
    ("OCPPCommCtrlr", "NetworkConfigurationPriority", None): "0",
    ("OCPPCommCtrlr", "MessageTimeout", "Default"): "30",
    ("AuthCtrlr", "AuthorizeRemoteStart", None): "false",
    ("AuthCtrlr", "AuthEnabled", None): "true",
    ("AuthCacheCtrlr", "Enabled", None): "true",
    ("LocalAuthListCtrlr", "Enabled", None): "true",
    ("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"): "4",
    ("DeviceDataCtrlr", "ItemsPerMessage", "SetVariables"): "4",
    ("DeviceDataCtrlr", "ItemsPerMessage", "GetReport"): "4",
    ("DeviceDataCtrlr", "BytesPerMessage", "GetVariables"): "4096",
    ("DeviceDataCtrlr", "BytesPerMessage", "SetVariables"): "4096",
    ("DeviceDataCtrlr", "BytesPerMessage", "GetReport"): "4096",
    ("SecurityCtrlr", "SecurityProfile", None): "1",
    ("SecurityCtrlr", "Identity", None): "",
    ("TxCtrlr", "TxStartPoint", None): "EVConnected,Authorized",
    ("TxCtrlr", "TxStopPoint", None): "EVConnected",
    ("MonitoringCtrlr", "Enabled", None): "true",
    ("MonitoringCtrlr", "ItemsPerMessage", "ClearVariableMonitoring"): "10",
    ("MonitoringCtrlr", "ItemsPerMessage", "SetVariableMonitoring"): "10",
}
READ_ONLY = {("SecurityCtrlr", "Identity", None),
             ("MonitoringCtrlr", "ItemsPerMessage", "ClearVariableMonitoring"),
             ("MonitoringCtrlr", "ItemsPerMessage", "SetVariableMonitoring"), ("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"),
             ("DeviceDataCtrlr", "ItemsPerMessage", "SetVariables"), ("DeviceDataCtrlr", "ItemsPerMessage", "GetReport"),
             ("DeviceDataCtrlr", "BytesPerMessage", "GetVariables"), ("DeviceDataCtrlr", "BytesPerMessage", "SetVariables"),
             ("DeviceDataCtrlr", "BytesPerMessage", "GetReport")}


@dataclass
class StationModel:
    connectors: dict = field(default_factory=dict)     # (evseId, connectorId) -> Connector
    variables: dict = field(default_factory=lambda: dict(DEFAULT_VARIABLES))
    transactions: dict = field(default_factory=dict)   # evseId -> Transaction (the current one)
    reservations: dict = field(default_factory=dict)   # reservationId -> ReserveNowRequest it accepted (H)
    offline_queue: list = field(default_factory=list)  # TransactionEvent payloads kept while offline, in order
    certificates: object = None   # A/M: StationCertificates of support/station/certificates.py, made on first use

    @classmethod
    def with_evses(cls, number_of_evses, connector_type="cType2"):
        model = cls()
        for evse_id in range(1, number_of_evses + 1):
            model.connectors[(evse_id, 1)] = Connector(evse_id, 1, connector_type)
        return model

    def connector(self, evse_id, connector_id=1):
        key = (evse_id, connector_id)
        if key not in self.connectors:
            raise AssertionError(f"the test station has no EVSE {evse_id} connector {connector_id}; "
                                 f"it has {sorted(self.connectors)} (see number_of_evses)")
        return self.connectors[key]

    def transaction(self, evse_id, create=True):
        """The current transaction on an EVSE; a new one (new transactionId, seqNo from 0) if none."""
        tx = self.transactions.get(evse_id)
        if (tx is None or tx.ended) and create:
            tx = Transaction(str(uuid.uuid4()), evse_id, 1)
            self.transactions[evse_id] = tx
        return tx

    def lookup(self, component, variable):
        key = (component.get("name"), variable.get("name"), variable.get("instance"))
        if key in self.variables:
            return key
        return None

    def knows_component(self, component):
        return any(k[0] == component.get("name") for k in self.variables) or component.get("name") in (
            "EVSE", "Connector", "ChargingStation")
