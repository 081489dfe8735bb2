"""Block N (Diagnostics) against a station under test: log uploads and customer information (OCTT
TC_N_xx_CS). The steps in features/steps/station_diagnostics_steps.py call these with the scenario's
StationScenarioSession.

- GetLog to a location the station cannot reach, with retries (N01.FR.10; TC_N_26_CS), and how the
  station gives up the upload: each attempt reported with a failure status, retryInterval apart;
- CustomerInformation for a configured idToken or customerIdentifier (N09, N10), and what every
  NotifyCustomerInformation of that request holds;
- the memory state of TC_N_62_CS: the station holds data of a customer (the tester entered it at the
  station; the embedded reference station is given it).

Uploads: the test CSMS runs no file server. The embedded reference station simulates an upload (see
support/reference/station/station.py: a loopback location is really connected to, any other counts as
reachable); a real station needs station_upload_location, OCTT's configured log location.
"""
import json
import random
import re

from . import expect
from .words import id_token

FAILURE_STATUSES = ("UploadFailure", "BadMessage", "PermissionDenied", "NotSupportedOperation")
WHOM = re.compile(r'^the (?:(?P<kind>[\w ]+?) idToken|customer "?(?P<customer>[^"]+?)"?)$')


# ---------------------------------------------------------------------- log upload (N01)

def unreachable_location(scheme="ftp", path="logs/upload"):
    """A location on a loopback port nothing listens on (a transfer there must fail)."""
    from ..targets.station import closed_port
    return f"{scheme}://127.0.0.1:{closed_port()}/{path.lstrip('/')}"


def get_log_unreachable(session, log_type, retries, seconds):
    """GetLog of this logType to a location the station cannot reach, with `retries` and retryInterval
    `seconds` (protocol seconds, a number or a configured value)."""
    log_type = session.enum_at("GetLog", "logType", expect.substitute(log_type, session.config))
    try:
        interval = int(float(expect.substitute(str(seconds), session.config)))
    except ValueError:
        raise expect.StepError(f"'{seconds}' is not a number of seconds") from None
    session.command("GetLog", {"logType": log_type, "requestId": random.randint(1, 2 ** 31 - 1),
                               "log": {"remoteLocation": unreachable_location()},
                               "retries": retries, "retryInterval": interval})


def expect_failed_upload(session, attempts):
    """N01.FR.10 (OCTT TC_N_26_CS, errata 2023-12: four times): after its answer to the last GetLog the
    station reports the upload of that requestId: Uploading first, then each attempt failed
    (UploadFailure, BadMessage, PermissionDenied or NotSupportedOperation; Uploading again before a retry
    is allowed), `attempts` times, each at least retryInterval after the one before (so the first Uploading
    and the last failure are (attempts - 1) x retryInterval apart or more), and no further attempt within
    one more retryInterval."""
    request = session.command_request("GetLog")
    request_id = request["requestId"]
    interval = float(request.get("retryInterval") or 0)
    wall = session.protocol_seconds(interval)
    answer = session.command_answer_entry("GetLog")

    def of_request(payload):
        return payload.get("requestId") == request_id
    what = f" for the GetLog request (requestId {request_id})"
    first = session.expect_message("LogStatusNotification", [("status", "Uploading")], after=answer, what=what,
                                   matches=of_request)
    previous, failures = first, []
    while len(failures) < attempts:
        wait = (wall * 1.5 if failures else 0) + session.wait_timeout("LogStatusNotification")
        entry = session.expect_message("LogStatusNotification", after=previous, timeout=wait, matches=of_request,
                                       what=f"{what} reporting attempt {len(failures) + 1} of {attempts} "
                                            f"(retries {request.get('retries')}, retryInterval {interval:g} protocol "
                                            f"seconds)")
        status = entry.frame.payload.get("status")
        if status in FAILURE_STATUSES:
            if failures and entry.at - failures[-1].at < 0.9 * wall:
                session.fail(f"the station reported failed upload attempt {len(failures) + 1} "
                             f"{entry.at - failures[-1].at:.3f} s after the one before; the GetLog's retryInterval is "
                             f"{interval:g} protocol seconds ({wall:.3f} s) (N01.FR.10)")
            failures.append(entry)
        elif status != "Uploading":
            session.fail(f"the station reported the upload to a location it cannot reach as {status} "
                         f"(after {len(failures)} failed attempt(s)); expected "
                         f"{' or '.join(FAILURE_STATUSES)} for each of {attempts} attempts: {entry.text}")
        previous = entry
    spent = failures[-1].at - first.at
    if spent < 0.9 * (attempts - 1) * wall:
        session.fail(f"the station's first Uploading and its last failure are {spent:.3f} s apart; "
                     f"{attempts - 1} retries retryInterval ({wall:.3f} s) apart take {(attempts - 1) * wall:.3f} s")
    extra = session.trace.wait_for(lambda e: e.seq not in session.consumed
                                   and session._from_station(e, "LogStatusNotification")
                                   and of_request(e.frame.payload) and e.frame.payload.get("status") != "Idle",
                                   1.5 * wall + 0.1, previous.seq + 1)
    if extra is not None:
        session.fail(f"the station tried the upload again after {attempts} attempts (the GetLog allows "
                     f"{request.get('retries')} retries): {extra.text}")


# ---------------------------------------------------------------------- customer information (N09, N10)

def _whom(session, whom):
    match = WHOM.match(whom.strip())
    if match is None:
        raise expect.StepError(f"'{whom}' is neither 'the <kind> idToken' nor 'the customer \"<identifier>\"'")
    if match.group("kind"):
        return {"idToken": id_token(session.config, match.group("kind"))}
    identifier = expect.substitute(match.group("customer"), session.config)
    return {"customerIdentifier": identifier}


def customer_information(session, whom, rows):
    """CustomerInformation for a configured idToken or customerIdentifier; rows report and clear
    (true/false), a new requestId."""
    flags = {}
    for field, value in rows:
        if field not in ("report", "clear") or value.lower() not in ("true", "false"):
            raise expect.StepError(f"| {field} | {value} |: the rows are report and clear, each true or false")
        flags[field] = value.lower() == "true"
    if set(flags) != {"report", "clear"}:
        raise expect.StepError("give both rows, report and clear (true or false)")
    payload = {"requestId": random.randint(1, 2 ** 31 - 1), **flags, **_whom(session, whom)}
    session.command("CustomerInformation", payload)


def hold_customer_data(session, identifier):
    """Memory state of OCTT TC_N_62_CS: "the tester needs manually store the <Configured CustomerIdentifier>
    at the Charging Station". The embedded reference station is given it; a real station must hold it
    already (the tester's preparation, as in OCTT)."""
    identifier = expect.substitute(identifier, session.config)
    if session.config.station_embedded:
        if session.driver is None:
            session.driver = session.make_driver()
        session.driver.station.customer_identifiers.add(identifier)
    elif session.config.station_has_customer_data.strip().lower() != "true":
        from .outcomes import NotRun
        raise NotRun(f"the case needs data of the customer {identifier} stored at the station by the tester first "
                     f"(OCTT memory state); store it and set station_has_customer_data=true")


def expect_every_message_of_request(session, action, command, rows):
    """Every message of `action` the station sent for the CSMS's last `command` request (same requestId,
    after its answer) fits the rows; at least one comes."""
    session.action(action)
    for path, value in rows:                 # the words first: a typo is a step error, not a wait
        expect.check_expected_words(session.version, action, True, path, expect.substitute(value, session.config))
    request_id = session.command_request(command).get("requestId")
    answer = session.command_answer_entry(command)

    def of_request(entry):
        return session._from_station(entry, action) and session._counts(entry) \
            and entry.frame.payload.get("requestId") == request_id
    if session.trace.wait_for(of_request, session.wait_timeout(action), answer.seq + 1) is None:
        session.fail(f"the station sent no {action}Request for the {command} request (requestId {request_id})")
    for entry in [e for e in list(session.trace.entries[answer.seq + 1:]) if of_request(e)]:
        problems = expect.fields_mismatches(session.version, action, True, entry.frame.payload, rows, session.config)
        if problems:
            session.fail(f"the station sent {action}Request {json.dumps(entry.frame.payload)[:600]} for the {command} "
                         f"request (requestId {request_id})\n  " + "\n  ".join(problems))
