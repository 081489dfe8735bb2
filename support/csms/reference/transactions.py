"""E Transactions: TransactionEvent Started/Updated/Ended, tracked per transactionId."""
from ..store import TransactionRecord


class Transactions:
    async def on_TransactionEvent(self, station, connection, payload):
        info = payload["transactionInfo"]
        tx_id = info["transactionId"]
        tx = self.store.transactions.get(tx_id)
        if tx is None:
            tx = self.store.transactions[tx_id] = TransactionRecord(tx_id, station.station_id,
                                                                    started=payload["timestamp"])
        tx.events.append(payload)
        tx.last_seq_no = payload["seqNo"]
        if "evse" in payload:
            tx.evse_id = payload["evse"]["id"]
        if payload["eventType"] == "Ended":
            tx.ended = payload["timestamp"]
            tx.stopped_reason = info.get("stoppedReason", "Local")
        answer = {}
        if "idToken" in payload:
            id_info = self.id_token_info(payload["idToken"])
            tx.id_token = payload["idToken"]["idToken"]
            if "groupIdToken" in id_info:
                tx.group_id = id_info["groupIdToken"]["idToken"]
            answer["idTokenInfo"] = id_info
        return answer

