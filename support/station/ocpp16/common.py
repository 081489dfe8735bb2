"""What the OCPP 1.6 feature-profile modules of the test station share: the Charge Point's clock, the
1.6 trigger route that makes the Central System act (POST /api/octt/1.6/{station}/{kebab-action},
the body being the 1.6 payload, as the public 1.6 suites send it), and reading what the Central
System recorded (POST /api/octt/1.6/{station}/{name}-record)."""
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from ...scenario import csms_commands
from ...scenario.expect import StepError
from ..firmware import parse_time  # noqa: F401  (the station's reading of RFC 3339 date-times)


def now16(offset=0.0):
    moment = datetime.now(timezone.utc) + timedelta(seconds=offset)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------- the station's transactions

def running_transactions(model):
    """connectorId -> transactionId of the test station's running transactions (TestStation16 keeps
    them on its model as transactions16)."""
    return {c: tx.transaction_id for c, tx in getattr(model, "transactions16", {}).items()
            if not tx.stopped and tx.transaction_id is not None}


# ---------------------------------------------------------------------- making the Central System act

def require16(session):
    if session.version != "1.6":
        raise StepError("this sentence is for OCPP 1.6 scenarios: tag the scenario or feature @ocpp16")
    return session


def ask(session, description, action, payload):
    """Make the Central System send `action` with this 1.6 payload (trigger API
    POST /api/octt/1.6/{station}/{kebab-action}); its report of the station's answer is kept for
    'the CSMS reports that the station answered ...'."""
    from ...csms.trigger_api import kebab
    future = session.trigger(description, "call16", session.station.station_id, kebab(action), payload)
    csms_commands._keep(session, action, future, description)
    return future


def ask_connected(session, description, action, payload):
    """ask(), connecting the test station first when it is not connected."""
    session.require_connected()
    return ask(session, description, action, payload)


# ---------------------------------------------------------------------- what the Central System recorded

def csms_record(session, command, description):
    """The CSMS's own record of the 1.6 station (POST /api/octt/1.6/{station}/{command}). A CSMS
    without it: the check is printed for an operator and not judged (None)."""
    session.wait_triggers()     # the CSMS has the station's answers to what it was asked to send
    client = session.target.trigger
    if client is None:
        not_judged(f"{description} (no trigger API to read its record)")
        return None
    station_id = session.station.station_id
    response = client.post(f"/api/octt/1.6/{quote(str(station_id), safe='')}/{command}")
    if response.status_code in csms_commands.NO_SUCH_COMMAND:
        not_judged(f"{description} (its trigger API has no {command})")
        return None
    if not response.ok or not isinstance(response.body, dict):
        session.fail(f"could not read the CSMS's {command}: {response.describe()}")
    return response.body


def not_judged(what):
    """A record the CSMS cannot show: OCTT's 1.6 cases list no CSMS-side validation of it, so the check
    is printed for the operator and left out (the scenario's other checks still judge)."""
    from ...scenario.outcomes import live
    live(f"    manual check on the CSMS, not judged by the suite: {what}")
