"""OCTT 1.6 reusable states (test-case document 3.22, Central System as system under test),
played by the 1.6 test station, with their tool validations."""


def _status(session, station, connector_id, status):
    session.send_expecting_answer("StatusNotification", station.status_notification16(connector_id, status), station)


def booted(session, station):
    """Booted: BootNotification accepted, then StatusNotification Available per connector and for 0."""
    session.require_connected(station)
    session.send_expecting_answer("BootNotification", station.boot_payload(), station)
    session.check_answer("BootNotification", [("status", "Accepted")], station)
    for connector_id in sorted(station.connector_status):
        _status(session, station, connector_id, "Available")


def authorized(session, station, id_tag):
    """Authorized: Authorize with the idTag; idTagInfo.status must be Accepted."""
    session.require_connected(station)
    session.send_expecting_answer("Authorize", station.authorize16(id_tag), station)
    session.check_answer("Authorize", [("idTagInfo.status", "Accepted")], station)


def charging(session, station, connector_id, id_tag):
    """Charging: (Authorized,) Preparing, StartTransaction (must be Accepted), Charging."""
    last = station.last_outcome("Authorize")
    if last is None or last.request.get("idTag") != id_tag:
        authorized(session, station, id_tag)
    _status(session, station, connector_id, "Preparing")
    outcome = session.send_expecting_answer("StartTransaction", station.start_transaction16(connector_id, id_tag),
                                            station)
    session.check_answer("StartTransaction", [("idTagInfo.status", "Accepted")], station)
    station.started16(connector_id, outcome.response)
    _status(session, station, connector_id, "Charging")


STATES16 = ("Booted", "Authorized", "Charging")
