"""What the OCPP 1.6 feature-profile mixins of the reference CSMS share: the clock, the status of an
answer, and the record each profile keeps on a station record."""
from datetime import datetime, timezone

from ..firmware import parse_time  # noqa: F401  (the reference CSMS's reading of RFC 3339 date-times)


def now():
    return datetime.now(timezone.utc)


def iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z") if moment else None


def status_of(outcome):
    return outcome.response.get("status") if outcome.ok and isinstance(outcome.response, dict) else None


def station_record(station, name, kind):
    """The 1.6 record `name` of a station record, made on first use (so each scenario's fresh store
    starts it empty)."""
    record = station.__dict__.get(name)
    if record is None:
        record = station.__dict__[name] = kind()
    return record
