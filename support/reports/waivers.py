"""Waivers: known, accepted deviations of the product under test (-D waivers=FILE, a TOML file).

    [TC_B_01_CSMS]
    reason = "boots Pending by design until the site is commissioned"
    ticket = "CSMS-1234"          # optional
    expires = 2026-06-30          # optional: a TOML date, or a "YYYY-MM-DD" string

    TC_C_06_CSMS = "answers Invalid, not Blocked (accepted deviation)"   # short form: the reason

A failing waived case is reported "waived" with its reason and does not fail the run; a waived
case that passes is reported "waiver no longer needed" (a warning); after its expiry date (the last
day it applies) a waiver no longer waives, and the failure says it expired.
"""
import datetime
import difflib
import tomllib
from dataclasses import dataclass

from support.reports import catalog

KEYS = ("reason", "ticket", "expires")


class WaiverError(ValueError):
    """A waiver file that cannot be used as it is: the message says which entry and why."""


@dataclass(frozen=True)
class Waiver:
    case: str
    reason: str
    ticket: str = ""
    expires: datetime.date = None

    def expired(self, today=None):
        return self.expires is not None and (today or datetime.date.today()) > self.expires

    def label(self):
        """'waived: REASON (TICKET)': the JUnit <skipped message=...> and the report's words."""
        return f"waived: {self.reason}" + (f" ({self.ticket})" if self.ticket else "")

    def expiry_note(self):
        ticket = f" ({self.ticket})" if self.ticket else ""
        return f"the waiver for {self.case} expired on {self.expires.isoformat()}: {self.reason}{ticket}"


def load(path, known_cases=()):
    """case id -> Waiver from the TOML file at path. known_cases: the case ids besides the catalogs'
    (the feature files' case tags) a waiver may name; any other id is an error, with the nearest ids."""
    where = f"waivers file {path}"
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise WaiverError(f"{where}: no such file") from None
    except OSError as exc:
        raise WaiverError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise WaiverError(f"{where}: not valid TOML: {exc} (a date is written 2026-06-30, "
                          f"a reason in quotes)") from None
    known = set(catalog.cases()) | set(known_cases)
    waivers = {}
    for case, entry in data.items():
        if case not in known:
            near = difflib.get_close_matches(case, sorted(known), n=3, cutoff=0.75)
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            raise WaiverError(f"{where}: [{case}] is no case id of the catalogs (docs/catalog/) or of the feature "
                              f"files{hint}")
        if isinstance(entry, str):
            entry = {"reason": entry}
        if not isinstance(entry, dict):
            raise WaiverError(f"{where}: {case} must be a table (reason, ticket, expires) or a reason string")
        unknown = sorted(set(entry) - set(KEYS))
        if unknown:
            raise WaiverError(f"{where}: [{case}] has {', '.join(unknown)}: a waiver has only "
                              f"{', '.join(KEYS)}")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise WaiverError(f"{where}: [{case}] needs a reason (reason = \"why this deviation is accepted\")")
        ticket = entry.get("ticket", "")
        if not isinstance(ticket, (str, int)):
            raise WaiverError(f"{where}: [{case}] ticket must be a string")
        waivers[case] = Waiver(case, reason.strip(), str(ticket).strip(), _date(entry.get("expires"), where, case))
    return waivers


def _date(value, where, case):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise WaiverError(f"{where}: [{case}] expires = {value!r} is not a date (write it as 2026-06-30)")

