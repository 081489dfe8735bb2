"""Making the CSMS act with a command of its own, keeping the trigger API's report of the answer.

Some manual actions leave a decision to the CSMS: the version of a local list, the remoteStartId
of a remote start, the transactionId to stop. They go to the trigger API's engine commands
(send-local-list, request-start-transaction, ...; docs/trigger-api.md), so that the scenario checks
what the CSMS decided. A trigger API without the command (the public OCTT-style suites only know
call/{Action}) gets call/{Action} with a payload the suite builds instead, as those suites do.

The trigger API's answer carries the station's answer; `check_reported_answer` compares it with
what the scenario expects (OCTT: what the CSMS got back from the station). Without a trigger API
(an operator acted) the CSMS's report cannot be read, so the station's answer in the trace is
checked instead.
"""
from urllib.parse import quote

from . import expect
from ..rpc import CALL, CALLRESULT
from ..csms.trigger_api import kebab
from .trace import RECEIVED, SENT

# An HTTP status that means "this trigger API has no such command".
NO_SUCH_COMMAND = (404, 405, 501)


def _path(station_id, command):
    return f"/api/octt/2.0.1/{quote(str(station_id), safe='')}/{command}"


def _command_or_call(client, station_id, command, body, action, fallback_payload, note=None):
    response = client.post(_path(station_id, command), body)
    if response.status_code in NO_SUCH_COMMAND and fallback_payload is not None:
        if note:
            note(f"{client.name} call/{action} (it has no {command} command)")
        return client.call(station_id, action, fallback_payload)
    return response


def _command_or_call16(client, station_id, command, body, action, fallback_payload, note=None):
    """OCPP 1.6: an engine command at /api/octt/1.6/{station}/{command}, else the plain 1.6 CALL."""
    response = client.post(f"/api/octt/1.6/{quote(str(station_id), safe='')}/{command}", body)
    if response.status_code in NO_SUCH_COMMAND and fallback_payload is not None:
        kebab_action = kebab(action)
        if note:
            note(f"{client.name} {kebab_action} (it has no {command} command)")
        return client.call16(station_id, kebab_action, fallback_payload)
    return response


def ask(session, description, command, body, action, fallback_payload=None, decided=(), unless_seen=None):
    """Ask the CSMS to act (without waiting); its report is kept per action for the checks.
    `decided` names fields of a call/{Action} payload that the CSMS should decide itself.
    In an OCPP 1.6 session call/{Action} goes to the 1.6 route (/api/octt/1.6/{station}/{kebab-action})."""
    station_id = session.station.station_id
    if command.startswith("call/"):
        if session.target.trigger is not None and decided:
            # fields of this forwarded payload the CSMS should have decided (support/scenario/provenance.py); the
            # "call" below records the payload as supplied too, this record comes first
            session.provenance.supplied(action, body, f"{session.target.trigger.name} {command}", decided,
                                        unless_seen)
        # the adapter's call (trigger API: call/{Action}, or /api/octt/1.6/{station}/{kebab-action})
        future = session.trigger(description, "call", station_id, command[len("call/"):], body)
    elif session.version == "1.6":
        future = session.trigger(description, _command_or_call16, station_id, command, body, action,
                                 fallback_payload, _noter(session, action, body, fallback_payload))
    else:
        future = session.trigger(description, _command_or_call, station_id, command, body, action,
                                 fallback_payload, _noter(session, action, body, fallback_payload))
    _keep(session, action, future, description)
    return future


def _noter(session, action, body, fallback_payload):
    """Records, when the suite falls back to building the request itself, which fields it wrote that
    the CSMS should have decided (support/scenario/provenance.py)."""
    from .provenance import decided_fields

    def note(route):
        session.provenance.supplied(action, fallback_payload, route, decided_fields(body or {}, fallback_payload))
    return note if fallback_payload is not None else None


def _keep(session, action, future, description):
    session.__dict__.setdefault("asked_csms", []).append((action, future))


def ask_to_trigger(session, requested_message, evse=None):
    """TriggerMessage through the trigger API's trigger-message (the public one)."""
    evse_text = f" for EVSE {evse['id']}" if evse else ""
    description = f"make the CSMS trigger {requested_message}{evse_text}"
    future = session.trigger(description, "trigger_message", session.station.station_id, requested_message, evse)
    _keep(session, "TriggerMessage", future, description)
    return future


def reported_answer(session, action):
    """The trigger API's report (TriggerResponse) of the station's answer to the last `action` the
    CSMS was asked to send in this scenario; None when an operator acted (no trigger API)."""
    asked = [future for name, future in session.__dict__.get("asked_csms", []) if name == action]
    if not asked:
        session.fail(f"no step of this scenario asked the CSMS to do something that sends {action}, so it "
                     f"has nothing to report")
    if asked[-1] is None:
        return None
    try:
        return asked[-1].result(session.config.seconds("action_timeout") + 10)
    except Exception as exc:    # the trigger API did not answer at all
        session.fail(f"the trigger API did not report the station's answer to {action}: {exc}")


def _answer_in_trace(session, action):
    """The test station's CALLRESULT to the last `action` the CSMS sent it (None when there is none)."""
    station = session.station
    requests = [e for e in session.trace.entries if e.peer == station.station_id and e.direction == RECEIVED
                and e.frame is not None and e.frame.type == CALL and e.frame.action == action]
    if not requests:
        session.fail(f"the CSMS did not send {action} to {station.station_id}")
    unique_id = requests[-1].frame.unique_id
    answer = session.trace.wait_for(lambda e: e.peer == station.station_id and e.direction == SENT
                                    and e.frame is not None and e.frame.type == CALLRESULT
                                    and e.frame.unique_id == unique_id, session.config.seconds("message_timeout"))
    return answer.frame.payload if answer is not None else None


def call_error_in_trace(session, action):
    """The test station's CALLERROR to the last `action` the CSMS sent it, as {"errorCode", ...}."""
    from ..rpc import CALLERROR
    station = session.station
    requests_seen = [e for e in session.trace.entries if e.peer == station.station_id and e.direction == RECEIVED
                     and e.frame is not None and e.frame.type == CALL and e.frame.action == action]
    if not requests_seen:
        return None
    unique_id = requests_seen[-1].frame.unique_id
    for e in session.trace.entries:
        if e.peer == station.station_id and e.direction == SENT and e.frame is not None \
                and e.frame.type == CALLERROR and e.frame.unique_id == unique_id:
            return {"errorCode": e.frame.error_code, "errorDescription": e.frame.error_description}
    return None


def check_reported_answer(session, action, rows):
    """The CSMS reports that the station answered `action` with a CALLRESULT whose fields hold every
    row [(path, expected)]; returns that answer."""
    for path, _ in rows:        # a typo in the step fails as a typo
        expect.schema_node(session.version, action, False, path)
    response = reported_answer(session, action)
    if response is None:
        body = _answer_in_trace(session, action)
        if body is None:
            session.fail(f"the test station did not answer the CSMS's {action}")
        shown = f"(no trigger API: the station's answer in the trace) {body}"
    else:
        if not response.ok or not isinstance(response.body, dict):
            session.fail(f"the CSMS did not report a CALLRESULT of the station to {action}: {response.describe()}")
        body, shown = response.body, response.describe()
    problems = expect.fields_mismatches(session.version, action, False, body, rows, session.config)
    if problems:
        session.fail(f"the CSMS reported the station's answer to {action} as {shown}\n  " + "\n  ".join(problems))
    return body
