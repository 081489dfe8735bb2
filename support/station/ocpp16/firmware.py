"""OCPP 1.6 Firmware Management on the test station (Central System under test: OCTT TC_044, TC_045):
how it answers UpdateFirmware and GetDiagnostics (ocpp16.answers.DEFAULTS16) and the requests it keeps
(ocpp16.answers.AFTER16); making the Central System update the firmware or get the diagnostics; the
status notifications the station sends; the checks of the Central System's firmware-record and
diagnostics-record. The signed firmware update of the 1.6 security whitepaper is in security.py."""
from .common import ask_connected, csms_record, now16

DIAGNOSTICS_FILE_NAME = "diagnostics.log"     # the file the station says it uploads (GetDiagnostics.conf)


def requests(model):
    """The firmware and diagnostics requests the station took on: [{"action", "request", "answer"}]."""
    return model.__dict__.setdefault("maintenance16", [])


def _remember(action):
    def remember(model, payload, response):
        requests(model).append({"action": action, "request": payload, "answer": response})
    return remember


ANSWERS16 = {
    "UpdateFirmware": lambda model, payload: {},
    "GetDiagnostics": lambda model, payload: {"fileName": DIAGNOSTICS_FILE_NAME},
}
AFTER16 = {
    "UpdateFirmware": _remember("UpdateFirmware"),
    "GetDiagnostics": _remember("GetDiagnostics"),
}


# ---------------------------------------------------------------------- making the Central System act

def ask_update_firmware(session):
    """UpdateFirmware.req for the configured firmware location, to be retrieved now."""
    payload = {"location": session.config.firmware_location, "retrieveDate": now16()}
    return ask_connected(session, f"make the Central System update the firmware from {payload['location']}",
                         "UpdateFirmware", payload)


def ask_get_diagnostics(session):
    """GetDiagnostics.req with the configured upload location."""
    payload = {"location": session.config.diagnostics_location}
    return ask_connected(session, f"make the Central System get the diagnostics to {payload['location']}",
                         "GetDiagnostics", payload)


# ---------------------------------------------------------------------- the station

def report_firmware_status(session, status):
    """FirmwareStatusNotification.req; the Central System must answer it with a CALLRESULT."""
    session.send_expecting_answer("FirmwareStatusNotification", {"status": status})


def report_diagnostics_status(session, status):
    """DiagnosticsStatusNotification.req; the Central System must answer it with a CALLRESULT."""
    session.send_expecting_answer("DiagnosticsStatusNotification", {"status": status})


# ---------------------------------------------------------------------- what the Central System recorded

def _this_scenario(session, updates):
    """The updates the CSMS sent in this scenario (a CSMS that lives on keeps earlier ones)."""
    from datetime import datetime
    start = session.trace.wall_t0 - 1

    def sent_at(update):
        try:
            return datetime.fromisoformat(str(update.get("sent", "")).replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return [u for u in updates if sent_at(u) is None or sent_at(u) >= start]


def check_firmware_record(session, states):
    """The Central System's firmware updates of the scenario end in these states, in order."""
    record = csms_record(session, "firmware-record", f"the firmware updates of the station are {' then '.join(states)}")
    if record is None:
        return
    actual = [u.get("state") for u in _this_scenario(session, record.get("updates", []))]
    if actual != list(states):
        session.fail(f"the CSMS records the firmware updates of the station as {actual}, expected {list(states)}\n"
                     f"  its record: {record}")
    if record.get("anomalies"):
        session.fail(f"the CSMS took a conformant sequence of firmware statuses as out of order: "
                     f"{record['anomalies']}")


def check_diagnostics_record(session, state):
    """The Central System's last diagnostics request: the configured location, the fileName the
    station answered, and this upload state."""
    record = csms_record(session, "diagnostics-record", f"the diagnostics upload of the station is {state}")
    if record is None:
        return
    requests_ = record.get("requests") or [{}]
    last = requests_[-1]
    answered = [r["answer"] for r in requests(session.station.model) if r["action"] == "GetDiagnostics"]
    problems = []
    if last.get("state") != state:
        problems.append(f"its upload state is {last.get('state')}, expected {state}")
    if last.get("location") != session.config.diagnostics_location:
        problems.append(f"its location is {last.get('location')}, expected {session.config.diagnostics_location}")
    if answered and last.get("file_name") != answered[-1].get("fileName"):
        problems.append(f"its fileName is {last.get('file_name')}, the station answered {answered[-1].get('fileName')}")
    if record.get("anomalies"):
        problems.append(f"it took a conformant sequence of statuses as out of order: {record['anomalies']}")
    if problems:
        session.fail("the CSMS's record of the diagnostics request is wrong: " + "; ".join(problems)
                     + f"\n  its record: {record}")
