"""The test station speaking OCPP 1.6J: the same engine (connection, answers, expectations) as
the 2.0.1 test station, with 1.6 messages: connectors instead of EVSEs, StartTransaction /
StopTransaction with the CSMS's integer transactionId, idTag / idTagInfo."""
from datetime import datetime, timezone

from ..test_station import TestStation


def now16():
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Transaction16:
    def __init__(self, connector_id, id_tag, meter_start):
        self.connector_id = connector_id
        self.id_tag = id_tag
        self.meter_start = meter_start
        self.transaction_id = None      # given by the CSMS in StartTransaction.conf
        self.stopped = False


class TestStation16(TestStation):
    __test__ = False

    def __init__(self, *args, **kwargs):
        kwargs["version"] = "1.6"
        super().__init__(*args, **kwargs)
        self.connector_status = {c: "Available" for c in range(0, len(self.model.connectors) + 1)}
        self.meters = {c: 1000 for c in range(1, len(self.model.connectors) + 1)}   # Wh registers
        self.transactions16 = {}        # connectorId -> Transaction16 (the current one)
        self.model.transactions16 = self.transactions16   # seen by the default answers (ocpp16/core.py)
        self.model.connector_status16 = self.connector_status   # seen by ReserveNow's answer (ocpp16/reservation.py)

    # ------------------------------------------------------------------ 1.6 payloads

    def boot_payload(self, reason=None):
        return {"chargePointVendor": "ocpp-suite",
                "chargePointModel": self.charging_station["model"],
                "chargePointSerialNumber": f"{self.station_id}-SN", "firmwareVersion": "1.0.0"}

    def status_notification16(self, connector_id, status, error_code="NoError"):
        self.connector_status[connector_id] = status
        return {"connectorId": connector_id, "errorCode": error_code, "status": status, "timestamp": now16()}

    @staticmethod
    def authorize16(id_tag):
        return {"idTag": id_tag}

    def start_transaction16(self, connector_id, id_tag, reservation_id=None):
        self.meters[connector_id] = self.meters.get(connector_id, 1000) + 10
        tx = self.transactions16[connector_id] = Transaction16(connector_id, id_tag, self.meters[connector_id])
        payload = {"connectorId": connector_id, "idTag": id_tag, "meterStart": tx.meter_start, "timestamp": now16()}
        if reservation_id is None:      # a transaction that uses a reservation names it (5.13, ocpp16/reservation.py)
            from .reservation import reservation_for
            reservation_id = reservation_for(self, connector_id, id_tag)
        if reservation_id is not None:
            payload["reservationId"] = reservation_id
        return payload

    def started16(self, connector_id, response):
        """Remember the transactionId the CSMS gave in StartTransaction.conf."""
        tx = self.transactions16.get(connector_id)
        if tx is not None and response and "transactionId" in response:
            tx.transaction_id = response["transactionId"]

    def current_transaction16(self, connector_id):
        tx = self.transactions16.get(connector_id)
        if tx is None or tx.stopped or tx.transaction_id is None:
            raise AssertionError(f"the test station has no running transaction on connector {connector_id} "
                                 f"(was StartTransaction answered with a transactionId?)")
        return tx

    def stop_transaction16(self, connector_id, reason=None, id_tag=None, transaction_id=None):
        tx = self.current_transaction16(connector_id) if transaction_id is None else None
        self.meters[connector_id] = self.meters.get(connector_id, 1000) + 5000
        payload = {"transactionId": transaction_id if transaction_id is not None else tx.transaction_id,
                   "meterStop": self.meters[connector_id], "timestamp": now16()}
        if reason:
            payload["reason"] = reason
        if id_tag:
            payload["idTag"] = id_tag
        if tx is not None:
            tx.stopped = True
        return payload

    def meter_values16(self, connector_id, context="Sample.Periodic", with_transaction=True):
        self.meters[connector_id] = self.meters.get(connector_id, 1000) + 250
        payload = {"connectorId": connector_id, "meterValue": [{"timestamp": now16(), "sampledValue": [{
            "value": str(self.meters[connector_id]), "context": context,
            "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}
        tx = self.transactions16.get(connector_id)
        if with_transaction and tx is not None and not tx.stopped and tx.transaction_id is not None:
            payload["transactionId"] = tx.transaction_id
        return payload
