"""In-memory data of the reference CSMS: stations with passwords, idTokens, transactions, reports."""
import itertools
from dataclasses import dataclass, field


@dataclass
class StationRecord:
    station_id: str
    password: str
    security_profile: int = 1
    registration: str = None          # last BootNotificationResponse status sent
    next_boot_status: list = field(default_factory=list)  # statuses for the next boots, then Accepted
    items_per_message: dict = field(default_factory=dict)  # get_variables / set_variables / get_report
    connectors: dict = field(default_factory=dict)         # (evseId, connectorId) -> connectorStatus
    boot_info: dict = None
    reports: dict = field(default_factory=dict)            # requestId -> list of reportData
    variables: dict = field(default_factory=dict)          # (component, variable) -> value the station reported
    last_heartbeat: str = None
    firmware: object = None    # FirmwareRecord of reference/firmware.py (L), made on first use
    display: object = None     # DisplayRecord of reference/display.py (O), made on first use
    security: dict = field(default_factory=dict)  # A/M: reference/security.py and certificates.py


@dataclass
class TokenRecord:
    id_token: str
    type: str
    status: str = "Accepted"          # AuthorizationStatusEnumType
    group_id: str = None              # groupIdToken.idToken
    cache_expiry: str = None          # cacheExpiryDateTime, RFC 3339
    language: str = None


@dataclass
class TransactionRecord:
    transaction_id: str
    station_id: str
    evse_id: int = None
    id_token: str = None
    group_id: str = None
    started: str = None
    ended: str = None
    stopped_reason: str = None
    last_seq_no: int = None
    events: list = field(default_factory=list)
    # E Transactions / J MeterValues / I Tariff (support/reference/csms/transactions.py, meter_values.py, tariff.py)
    connector_id: int = None
    seq_nos: set = field(default_factory=set)          # every seqNo received
    answers: dict = field(default_factory=dict)        # seqNo -> the answer given (a repeated seqNo gets it again)
    started_seq_no: int = None                         # seqNo of the Started event, when it came
    charging_state: str = None                         # of the event with the highest seqNo
    stop_id_token: str = None                          # the idToken that stopped it (StopAuthorized)
    offline_events: int = 0                            # events with offline = true
    missing_seq_nos: list = field(default_factory=list)  # seqNos still missing once it ended
    status_requested: bool = False                     # GetTransactionStatus sent for the missing seqNos
    ongoing_at_station: bool = None                    # GetTransactionStatus ongoingIndicator
    messages_in_queue: bool = None                     # GetTransactionStatus messagesInQueue
    energy_readings: list = field(default_factory=list)  # (timestamp, Wh, context) of Energy.Active.Import.Register
    total_cost: float = None                           # the last cost told to the station


class CsmsStore:
    def __init__(self):
        self.stations = {}
        self.tokens = {}
        self.transactions = {}
        self._request_ids = itertools.count(1)

    def next_request_id(self):
        return next(self._request_ids)

    def add_station(self, station_id, password, security_profile=None):
        record = self.stations.get(station_id)
        if record is None:
            record = self.stations[station_id] = StationRecord(station_id, password, security_profile or 1)
        else:
            record.password = password
            if security_profile is not None:
                record.security_profile = security_profile
        return record

    def add_token(self, id_token, type_="ISO14443", status="Accepted", group_id=None, cache_expiry=None):
        record = TokenRecord(id_token, type_, status, group_id, cache_expiry)
        self.tokens[id_token] = record
        return record

    def token(self, id_token):
        return self.tokens.get(id_token)
