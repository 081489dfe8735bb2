"""OCPP 1.6 Core profile on the test station (OCTT TC_003-TC_014, TC_024): how it answers
RemoteStartTransaction, RemoteStopTransaction and Reset, and the scenario actions around them
(asking the Central System to start, stop or reset through the 1.6 trigger route, checking the
transactionId it asks to stop, letting ConnectionTimeOut pass)."""
from .. import csms_commands


# ---------------------------------------------------------------------- default answers (answers16.DEFAULTS16)

def _running(model):
    """connectorId -> transactionId of the test station's running transactions (TestStation16 keeps
    them on its model as transactions16)."""
    return {c: tx.transaction_id for c, tx in getattr(model, "transactions16", {}).items()
            if not tx.stopped and tx.transaction_id is not None}


def _remote_start(model, payload):
    # 1.6 section 5.11: a connectorId the station does not have, or one already in a transaction,
    # cannot take the remote start.
    connector_id = payload.get("connectorId")
    if connector_id is not None and not 1 <= connector_id <= len(model.connectors):
        return {"status": "Rejected"}
    if connector_id is not None and connector_id in _running(model):
        return {"status": "Rejected"}
    return {"status": "Accepted"}


def _remote_stop(model, payload):
    # 1.6 section 5.12: Accepted only for a transaction that runs on the station (TC_028: Rejected).
    return {"status": "Accepted" if payload["transactionId"] in _running(model).values() else "Rejected"}


ANSWERS16 = {
    "RemoteStartTransaction": _remote_start,
    "RemoteStopTransaction": _remote_stop,
}


# ---------------------------------------------------------------------- making the Central System act

def _ask16(session, description, action, payload):
    """Ask the CSMS to send a 1.6 CALL (trigger API /api/octt/1.6/{station}/{kebab-action}); the
    trigger API's report of the station's answer is kept for 'the CSMS reports that ...'."""
    future = session.trigger(description, "call", session.station.station_id, action, payload)
    csms_commands._keep(session, action, future, description)
    return future


def ask_remote_start(session, id_tag, connector_id=None):
    payload = {"idTag": id_tag}
    where = ""
    if connector_id is not None:
        payload["connectorId"] = connector_id
        where = f" on connector {connector_id}"
    return _ask16(session, f"make the Central System start a transaction{where} for idTag {id_tag}",
                  "RemoteStartTransaction", payload)


def ask_remote_stop(session, connector_id):
    """Ask the CSMS to stop the transaction it gave the station on this connector."""
    station = session.station
    tx = station.current_transaction16(connector_id)
    return _ask16(session, f"make the Central System stop transaction {tx.transaction_id} (connector "
                           f"{connector_id})", "RemoteStopTransaction", {"transactionId": tx.transaction_id})


def check_remote_stop(session, connector_id):
    """The CSMS sends RemoteStopTransaction for the transactionId it gave on this connector."""
    tx = session.station.current_transaction16(connector_id)
    payload = session.expect_request("RemoteStopTransaction")
    if payload.get("transactionId") != tx.transaction_id:
        session.fail(f"the Central System asked to stop transaction {payload.get('transactionId')}, but the "
                     f"transaction on connector {connector_id} is {tx.transaction_id} (the transactionId of its "
                     f"StartTransaction.conf)")
    return payload


# ---------------------------------------------------------------------- the station

def report_every_connector(session, station, status):
    """StatusNotification with this status for connector 0 and every connector (a Charge Point after
    its boot); each must be answered with a CALLRESULT."""
    for connector_id in sorted(station.connector_status):
        session.send_expecting_answer("StatusNotification", station.status_notification16(connector_id, status),
                                      station)


def wait_connection_timeout(session):
    """Let the configured ConnectionTimeOut pass with no cable plugged in (OCTT's wait in TC_004_2
    and TC_011_2); the trace wakes the wait, so it ends on time whatever arrives meanwhile."""
    session.trace.wait_until(lambda: False, session.config.seconds("connection_timeout"))
