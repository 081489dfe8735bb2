"""Block L (Firmware management) against a station under test: the OCTT secure firmware update cases
TC_L_xx_CS. The steps in features/steps/station_firmware_steps.py call these with the scenario's
StationScenarioSession.

- The UpdateFirmware of the configured firmware (OCTT's step 1): location, signingCertificate and
  signature as the tester configured them for the station, installDateTime and retrieveDateTime two hours
  ago, with the fields a case changes (a time in the future, the invalid firmware, a generated invalid
  certificate, a field left out).
- The firmware statuses the station reports for it, with the ones a case makes optional; what the
  station does from the verified download to the final status (the reusable states
  RebootBeforeFirmwareInstallation and RebootBeforeFirmwareActivation, the reconnection, its connectors
  set Unavailable for the update and Available again), and, for a station that cannot update its
  firmware during a transaction, that it waited for the transactions to end (L01.FR.06, L01.FR.07).
- What the station is, for the cases whose prerequisite it is: whether it can cancel an update under
  way, what a firmware update does while a transaction is ongoing.

The configured firmware (2023-12 errata wording): <Configured firmware_location> is station_firmware_location
(made up when empty, as every station-direction case has it), <Configured signingCertificate> and
<Configured signature> are CONFIGURED_SIGNING_CERTIFICATE and CONFIGURED_SIGNATURE (made up when both are
empty: a code-signing certificate of the suite's test PKI manufacturer root, certs/manufacturer-root-ca.pem,
and its signature of the made-up firmware image); the invalid firmware of TC_L_06/08_CS is
CONFIGURED_INVALID_FIRMWARE_LOCATION, _SIGNING_CERTIFICATE and _SIGNATURE, made up alike (the embedded
reference station takes a made-up location to hold what support/station/firmware.py made_up_firmware says).
"""
import json
import random
import re
import time
from datetime import datetime, timedelta, timezone

from . import expect
from .outcomes import NotRun
from .station_session import CONNECTED
from ..rpc import CALLRESULT
from ..station import firmware as made_up

ACTION, COMMAND = "FirmwareStatusNotification", "UpdateFirmware"
# What the station may report between a verified download and the end of the installation.
INSTALL_PHASE = ("InstallScheduled", "Installing", "InstallRebooting")
DURING_TRANSACTION = {"neither downloads nor installs": "nothing", "downloads but does not install": "download",
                      "downloads and installs": "install"}
TIME_VALUE = re.compile(r"^\((?:(?P<ago>\d+(?:\.\d+)?) hours ago|in (?P<ahead>.+?) seconds)\)$")
GENERATED_INVALID_CERTIFICATE = "(a generated invalid certificate)"
_MADE = {}


def _iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _read_pem(value):
    value = value.strip()
    if value and not value.startswith("-----BEGIN"):
        with open(value, encoding="ascii") as f:       # a path to a PEM file
            value = f.read()
    return value.rstrip("\n")


# ---------------------------------------------------------------------- the firmware the station is given

def _made_up_invalid_firmware():
    """A trusted signing certificate of its own (issued by the test PKI manufacturer root) and its real signature
    of the corrupt firmware image: OCTT's invalid firmware."""
    if "invalid" not in _MADE:
        from ..pki.store import TestPki
        root = TestPki().manufacturer_root
        certificate, key = made_up.code_signing_certificate(root.certificate.subject, root.key,
                                                            "Conformance Firmware Signing (invalid firmware)")
        _MADE["invalid"] = (certificate, made_up.sign_image(key, made_up.CORRUPT_FIRMWARE_IMAGE))
    return _MADE["invalid"]


def _generated_invalid_certificate():
    """OCTT TC_L_05_CS (2023-12 errata: "a generated invalid certificate"): a self-signed code-signing certificate,
    which no manufacturer root issued."""
    if "untrusted" not in _MADE:
        from cryptography import x509
        from cryptography.x509.oid import NameOID
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OCPP Conformance Suite"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "Untrusted Firmware Signing")])
        _MADE["untrusted"] = made_up.code_signing_certificate(name, None, "Untrusted Firmware Signing")[0]
    return _MADE["untrusted"]


def configured_values(session):
    """<NAME> -> value of the firmware a case names, made up where the configuration leaves it empty."""
    config = session.config
    package = made_up.firmware_package(config)      # CONFIGURED_SIGNING_CERTIFICATE / _SIGNATURE, made up when empty
    location = session.script.firmware_location     # station_firmware_location, else made up
    invalid_location = config.station_invalid_firmware_location.strip()
    if not invalid_location:
        stem = location[:-len(".bin")] if location.endswith(".bin") else location
        invalid_location = f"{stem}-corrupt.bin"
    certificate, signature = _made_up_invalid_firmware()
    return {"STATION_FIRMWARE_LOCATION": location,
            "CONFIGURED_SIGNING_CERTIFICATE": package.signing_certificate,
            "CONFIGURED_SIGNATURE": package.signature,
            "CONFIGURED_INVALID_FIRMWARE_LOCATION": invalid_location,
            "CONFIGURED_INVALID_FIRMWARE_SIGNING_CERTIFICATE":
                _read_pem(config.station_invalid_firmware_signing_certificate) or certificate,
            "CONFIGURED_INVALID_FIRMWARE_SIGNATURE": config.station_invalid_firmware_signature.strip() or signature}


def _needs_invalid_firmware(session, values):
    """The station's own firmware (station_firmware_location) has no made-up invalid twin: OCTT's invalid
    firmware must be configured for it."""
    config = session.config
    missing = [env for env, key in (("CONFIGURED_INVALID_FIRMWARE_LOCATION", "station_invalid_firmware_location"),
                                    ("CONFIGURED_INVALID_FIRMWARE_SIGNING_CERTIFICATE",
                                     "station_invalid_firmware_signing_certificate"),
                                    ("CONFIGURED_INVALID_FIRMWARE_SIGNATURE", "station_invalid_firmware_signature"))
               if not getattr(config, key).strip()]
    if config.station_firmware_location and missing:
        raise NotRun(f"the case sends OCTT's invalid firmware, which only the tester has for this station's firmware "
                     f"(station_firmware_location is set): configure {', '.join(missing)}")


def _value(session, values, path, text):
    """A table value of the UpdateFirmware request: "(2 hours ago)", "(in <CONFIGURED_INSTALL_OFFSET_PERIOD>
    seconds)", <NAME> of the firmware (with text around it: <STATION_FIRMWARE_LOCATION>_does_not_exist),
    "(a generated invalid certificate)"."""
    timed = TIME_VALUE.match(text)
    if timed:
        if timed.group("ago"):
            return _iso(datetime.now(timezone.utc) - timedelta(hours=float(timed.group("ago"))))
        ahead = expect.substitute(timed.group("ahead"), session.config)
        try:
            seconds = float(ahead)
        except ValueError:
            raise expect.StepError(f"'{ahead}' is not a number of seconds ({path})") from None
        return _iso(datetime.now(timezone.utc) + timedelta(seconds=seconds))
    if text == GENERATED_INVALID_CERTIFICATE:
        return _generated_invalid_certificate()
    if "<CONFIGURED_INVALID_FIRMWARE_LOCATION>" in text:
        _needs_invalid_firmware(session, values)       # (a made-up invalid signature is invalid for any firmware)

    def named(match):
        name = match.group(1)
        return values[name] if name in values else expect.substitute(match.group(0), session.config)
    return re.sub(r"<([A-Z0-9_]+)>", named, text)


def trust_made_up_firmware(session):
    """A station other than the embedded one knows nothing of the firmware the suite made up (no
    CONFIGURED_SIGNING_CERTIFICATE, CONFIGURED_SIGNATURE): its signing certificate comes from the suite's test
    manufacturer root, which the station must trust first, or it rightly answers InvalidCertificate. The
    test CSMS installs that root (InstallCertificate ManufacturerRootCertificate, put back after the
    scenario); a station that does not accept it leaves the case not run, with what to configure."""
    from cryptography.hazmat.primitives import serialization
    config = session.config
    made_up.firmware_package(config)
    root = made_up.made_up_manufacturer_root(config)
    if config.station_embedded:
        return
    if config.station_takes_suite_firmware.strip().lower() != "true":
        # a real station downloads from no made-up address, and a made-up signature is over no real firmware
        missing = (["station_firmware_location"] if not config.station_firmware_location.strip() else []) + \
            (["CONFIGURED_SIGNING_CERTIFICATE", "CONFIGURED_SIGNATURE"] if root is not None else [])
        if missing:
            raise NotRun(f"the case updates the station's firmware, which only the tester has: configure "
                         f"{', '.join(missing)} (or station_takes_suite_firmware=true for a station that takes the "
                         f"suite's made-up firmware)")
    if root is None or getattr(session, "made_up_root_installed", False):
        return
    from .station_certificates import _delete_afterwards
    pem = root.public_bytes(serialization.Encoding.PEM).decode()
    future = session.command("InstallCertificate", {"certificateType": "ManufacturerRootCertificate",
                                                    "certificate": pem})
    _delete_afterwards(session, root, "ManufacturerRootCertificate", future)
    answer = session.check_command_answer("InstallCertificate", [("status", "(present)")])
    if answer.get("status") != "Accepted":
        raise NotRun(f"the firmware the suite made up is signed under its test manufacturer root, which the station "
                     f"did not install (InstallCertificate answered {answer.get('status')}); configure the station's "
                     f"own: station_firmware_location, CONFIGURED_SIGNING_CERTIFICATE, CONFIGURED_SIGNATURE")
    session.made_up_root_installed = True


def update_firmware(session, rows=()):
    """OCTT step 1 of the L cases: UpdateFirmware with a new requestId, firmware.installDateTime and
    retrieveDateTime two hours ago, the configured location, signingCertificate and signature; each row
    (| field | value |) sets a field of the request instead, "(absent)" leaves it out."""
    trust_made_up_firmware(session)
    values = configured_values(session)
    ago = _iso(datetime.now(timezone.utc) - timedelta(hours=2))
    payload = {"requestId": random.randint(1, 2 ** 31 - 1),
               "firmware": {"location": values["STATION_FIRMWARE_LOCATION"], "retrieveDateTime": ago,
                            "installDateTime": ago, "signingCertificate": values["CONFIGURED_SIGNING_CERTIFICATE"],
                            "signature": values["CONFIGURED_SIGNATURE"]}}
    for path, text in rows:
        expect.schema_node(session.version, COMMAND, True, path)
        parts = path.split(".")
        node = payload
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if text == "(absent)":
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = _value(session, values, path, text)
    sent = getattr(session, "firmware_requests", None)
    if sent is None:
        sent = session.firmware_requests = {}
    sent[payload["requestId"]] = (datetime.now(timezone.utc), time.monotonic())
    session.command(COMMAND, payload)


# ---------------------------------------------------------------------- what the station reports

def _accepted(session):
    """(the CSMS's CALL entry, the station's answer entry) of the last UpdateFirmware the station accepted
    (Accepted, AcceptedCanceled): "the UpdateFirmware request" whose update goes on (TC_L_11_CS: not the one
    it rejected)."""
    session.command_outcome(COMMAND)            # waits for the answer to the last one
    calls = [(c, a) for c, a in session._csms_calls(COMMAND) if a is not None and a.frame.type == CALLRESULT
             and a.frame.payload.get("status") in ("Accepted", "AcceptedCanceled")]
    if not calls:
        session.fail("the station has accepted no UpdateFirmware in this scenario")
    return calls[-1]


def _request(session):
    """(requestId, the station's answer entry) of the UpdateFirmware whose update goes on."""
    call, answer = _accepted(session)
    return call.frame.payload["requestId"], answer


def _of_request(request_id):
    return lambda payload: payload.get("requestId") == request_id


def _next_status(session, request_id, after, what):
    return session.expect_message(ACTION, [("requestId", str(request_id))], after=after,
                                  matches=_of_request(request_id),
                                  what=f" for the UpdateFirmware request (requestId {request_id}){what}")


def parse_statuses(session, text):
    """'"DownloadScheduled" (optional), "Downloading"' -> [("DownloadScheduled", True), ("Downloading", False)]."""
    items = []
    for part in text.split(","):
        part = part.strip()
        optional = part.endswith("(optional)")
        status = part[:-len("(optional)")].strip() if optional else part
        items.append((session.enum_at(ACTION, "status", status.strip().strip('"')), optional))
    if not items or items[-1][1]:
        raise expect.StepError(f"'{text}': the last status must not be optional (nothing would tell that it is not "
                               f"coming)")
    return items


def expect_statuses(session, items):
    """After its answer to the last UpdateFirmware the station reports these statuses for its requestId, in this
    order and nothing else in between; an optional status may be left out (OCTT: "This step is optional")."""
    request_id, previous = _request(session)
    pending = None
    for status, optional in items:
        if pending is None:
            pending = _next_status(session, request_id, previous, f", status {status}")
        if pending.frame.payload.get("status") == status:
            previous, pending = pending, None
        elif not optional:
            session.fail(f"the station sent FirmwareStatusNotification {json.dumps(pending.frame.payload)}; expected "
                         f"status {status} next for the UpdateFirmware request (requestId {request_id}), after "
                         + (f"{previous.frame.payload.get('status')}" if previous.frame.action == ACTION
                            else "its answer to UpdateFirmware")
                         + " (L01.FR.01: every new state of the update is reported, in the order of the update)")


def _status_entries(session, request_id, statuses):
    return [e for e in session.messages(ACTION)
            if e.frame.payload.get("requestId") == request_id and e.frame.payload.get("status") in statuses]


def check_not_before(session, doing, field):
    """The first FirmwareStatusNotification of the download (Downloading) or installation (Installing,
    InstallRebooting) of the last UpdateFirmware came no sooner than its retrieveDateTime / installDateTime (the
    station's clock runs station_time_scale times the suite's: a real station's, and the suite's, may differ a
    little, so a little early is allowed)."""
    statuses = {"downloading": ("Downloading",), "installing": ("Installing", "InstallRebooting")}.get(doing)
    if statuses is None or field not in ("retrieveDateTime", "installDateTime"):
        raise expect.StepError("say 'did not start downloading before the retrieveDateTime' or 'did not start "
                               "installing before the installDateTime'")
    request = _accepted(session)[0].frame.payload
    request_id = request["requestId"]
    sent_at, sent_monotonic = session.firmware_requests[request_id]
    moment = made_up.parse_time(request["firmware"].get(field))
    if moment is None:
        raise expect.StepError(f"the UpdateFirmware request has no firmware.{field}")
    wait = max(0.0, (moment - sent_at).total_seconds()) * session.time_scale
    started = _status_entries(session, request_id, statuses)
    if not started:
        session.fail(f"the station has not reported {' or '.join(statuses)} for the UpdateFirmware request "
                     f"(requestId {request_id})")
    early = sent_monotonic + wait - started[0].at
    allowed = max(0.05, min(2.0, 0.2 * wait))
    if early > allowed:
        session.fail(f"the station reported {started[0].frame.payload.get('status')} {wait - early:.2f} s after the "
                     f"test CSMS sent UpdateFirmware, {early:.2f} s before firmware.{field} "
                     f"{request['firmware'][field]} "
                     f"({wait:.2f} s on the station's clock): the station {doing.replace('ing', 's')} the firmware "
                     f"only once firmware.{field} has come (OCTT: \"The Charging Station will start "
                     f"{doing} the firmware after the set {field} is reached\")")


DOWNLOAD_ON = ("Downloading", "Downloaded", "DownloadFailed", "SignatureVerified", "InvalidSignature")
INSTALL_ON = ("Installing", "InstallRebooting", "Installed", "InstallVerificationFailed", "InstallationFailed")


def check_waits_for_transactions(session, doing):
    """A station that cannot download (install) a firmware during a transaction (what
    station_firmware_update_during_transaction says of it) reports no download (installation) status for the
    UpdateFirmware request while the scenario's transaction is ongoing: none so far, and none for
    quiet_period (L01.FR.06; OCTT: "The Charging Station will start the firmware update process the moment
    the transaction ends")."""
    statuses = {"downloading": DOWNLOAD_ON + INSTALL_ON, "installing": INSTALL_ON}.get(doing)
    if statuses is None:
        raise expect.StepError(f"'{doing}': say downloading or installing")
    request_id, answer = _request(session)
    running = _transactions_ongoing_at(session)
    if not running:
        raise expect.StepError("no transaction of the station is ongoing: bring the station to state "
                               "EnergyTransferStarted first")

    def started(e):
        return session._from_station(e, ACTION) and e.frame.payload.get("requestId") == request_id \
            and e.frame.payload.get("status") in statuses
    entry = session.trace.wait_for(started, session.config.seconds("quiet_period"), answer.seq + 1)
    if entry is not None:
        session.fail(f"the station reported {entry.frame.payload.get('status')} for the UpdateFirmware request while "
                     f"transaction {', '.join(map(str, running))} was ongoing: a station that does not "
                     f"{doing.replace('ing', '')} a firmware during a transaction waits until every transaction has "
                     f"ended (L01.FR.06; station_firmware_update_during_transaction says it is such a station)")


def _transactions_ongoing_at(session, entry=None):
    """transactionIds the station had started and not ended before this trace entry (None: so far)."""
    running = {}
    for event in session.messages("TransactionEvent"):
        if entry is not None and event.seq >= entry.seq:
            break
        tx = (event.frame.payload.get("transactionInfo") or {}).get("transactionId")
        if event.frame.payload.get("eventType") == "Ended":
            running.pop(tx, None)
        else:
            running[tx] = event
    return sorted(running)


def _connector_statuses_since(session, start):
    """(evseId, connectorId) -> [StatusNotification trace entries] the station sent from trace index `start` on."""
    found = {}
    for entry in session.messages("StatusNotification"):
        if entry.seq > start:
            p = entry.frame.payload
            found.setdefault((p.get("evseId"), p.get("connectorId")), []).append(entry)
    return found


def expect_installation(session, finals, after_transactions=False):
    """OCTT steps from the verified download on (errata 2023-12): the station may set its connectors
    Unavailable, may reboot before the installation (reusable state RebootBeforeFirmwareInstallation:
    InstallRebooting, a BootNotification with reason FirmwareUpdate, Installing once more), reports Installing
    (unless it rebooted before the installation), may reboot before the activation (RebootBeforeFirmwareActivation:
    InstallRebooting optional, a BootNotification with reason FirmwareUpdate), reconnects (at least to
    re-establish the protocol version handshake) and, in any order, reports its connectors Available again and
    the final status. `after_transactions` (TC_L_12..15_CS): InstallScheduled may come first, and the
    installation begins only once the transactions have ended (L01.FR.06)."""
    request_id, answer = _request(session)
    finals = [session.enum_at(ACTION, "status", f) for f in finals]
    last = session.last_matched.get(ACTION)
    previous = last if last is not None and last.seq > answer.seq else answer
    # what the station reported of the installation before (TC_L_16_CS checks Installing with the download)
    phase = [previous] if previous is last and last.frame.payload.get("status") in INSTALL_PHASE else []
    while True:
        entry = _next_status(session, request_id, previous, f", status {' or '.join(finals)} at the end")
        status = entry.frame.payload.get("status")
        if status in finals:
            break
        scheduled_late = status == "InstallScheduled" and (not after_transactions or phase)
        if status not in INSTALL_PHASE or scheduled_late:
            expected = ", ".join(s for s in INSTALL_PHASE if s != "InstallScheduled" or after_transactions)
            session.fail(f"the station sent FirmwareStatusNotification {json.dumps(entry.frame.payload)} while "
                         f"installing the firmware of the UpdateFirmware request; expected {expected} or the final "
                         f"{' or '.join(finals)} (L01.FR.01; OCTT steps Installing, RebootBeforeFirmwareInstallation, "
                         f"RebootBeforeFirmwareActivation)")
        phase.append(entry)
        previous = entry
    final = entry
    installing = [e for e in phase if e.frame.payload["status"] in ("Installing", "InstallRebooting")]
    shown = ", ".join(e.frame.payload["status"] for e in phase + [final])
    if not any(e.frame.payload["status"] == "Installing" for e in phase) and \
            not (installing and installing[0].frame.payload["status"] == "InstallRebooting"):
        session.fail(f"the station reported {shown} for the UpdateFirmware request: no Installing (OCTT: Installing, "
                     f"unless it rebooted before the installation, reusable state RebootBeforeFirmwareInstallation)")
    if after_transactions:
        begun = installing[0] if installing else final
        running = _transactions_ongoing_at(session, begun)
        if running:
            session.fail(f"the station reported {begun.frame.payload['status']} while transaction "
                         f"{', '.join(map(str, running))} was ongoing: a station that cannot install a firmware "
                         f"during a transaction waits until every transaction has ended (L01.FR.06; OCTT: \"The "
                         f"Charging Station will start the firmware update process the moment this transaction "
                         f"ends\"; station_firmware_update_during_transaction says it waits)")
    _check_reboots(session, answer, phase, final)
    if final.frame.payload["status"] == "Installed":
        reconnected = [e for e in session._events(CONNECTED) if answer.seq < e.seq < final.seq]
        if not reconnected:
            session.fail("the station reported Installed without having reconnected since it took the "
                         "UpdateFirmware (OCTT: \"The OCTT waits for the Charging Station to reconnect ... The "
                         "Charging Station should at least reconnect to reestablish the protocol version handshake\")")
    _expect_connectors_back(session, answer)
    return final


def _check_reboots(session, answer, phase, final):
    """RebootBeforeFirmwareInstallation / RebootBeforeFirmwareActivation step 3: the BootNotification of a reboot
    for the update has reason FirmwareUpdate; after an InstallRebooting the station boots before it reports on."""
    boots = [e for e in session.messages("BootNotification") if answer.seq < e.seq < final.seq]
    for boot in boots:
        reason = boot.frame.payload.get("reason")
        if reason != "FirmwareUpdate":
            session.fail(f"the station rebooted for the firmware update with BootNotification reason {reason}; "
                         f"expected FirmwareUpdate (OCTT reusable states RebootBeforeFirmwareInstallation / "
                         f"RebootBeforeFirmwareActivation step 3)")
        session.consumed.add(boot.seq)
    rebooting = [e for e in phase if e.frame.payload["status"] == "InstallRebooting"]
    if rebooting and not any(b.seq > rebooting[-1].seq for b in boots):
        session.fail("the station reported InstallRebooting, but no BootNotification (reason FirmwareUpdate) came "
                     f"before it reported {final.frame.payload['status']} (OCTT reusable states "
                     f"RebootBeforeFirmwareInstallation / RebootBeforeFirmwareActivation step 3)")


def _expect_connectors_back(session, answer):
    """OCTT: a connector the station set Unavailable for the update (and did not report Available since) is
    reported Available again once the update is done."""
    deadline = time.monotonic() + session.wait_timeout("StatusNotification")
    while True:
        waiting = []
        for (evse, connector), entries in sorted(_connector_statuses_since(session, answer.seq).items()):
            statuses = [e.frame.payload.get("connectorStatus") for e in entries]
            if "Unavailable" in statuses and statuses[-1] == "Unavailable":
                waiting.append((evse, connector))
        if not waiting:
            return
        if time.monotonic() >= deadline:
            where = ", ".join(f"EVSE {e} connector {c}" for e, c in waiting)
            session.fail(f"the station set {where} Unavailable for the firmware update and did not report it Available "
                         f"again after the update (OCTT: \"the Charging Station notifies the CSMS about the current "
                         f"state of all connectors ... connectorStatus Available\")")
        session.trace.wait_for(lambda e: session._from_station(e, "StatusNotification") and e.seq > answer.seq,
                               max(0.05, deadline - time.monotonic()), len(session.trace.entries))


def expect_unavailable_free_connectors(session, status):
    """L01.FR.07 (OCTT TC_L_13/15_CS "notifies the CSMS about the current state of its Available connector(s)"):
    every connector of an EVSE without a transaction of the state library reports this status."""
    from .station_availability import expect_status_where_no_transaction
    expect_status_where_no_transaction(session, status, why=", which has no transaction (L01.FR.07: with "
                                       "AllowNewSessionsPendingFirmwareUpdate false, the EVSEs not in use are set "
                                       "Unavailable while a firmware update waits for the transactions)")


def check_canceled_request_silent(session):
    """L01.FR.24 (OCTT TC_L_10_CS step 6: "The requestId at the FirmwareStatusNotificationRequest messages must refer
    to the one from the second UpdateFirmwareRequest from this point on"): once it answered the new UpdateFirmware
    AcceptedCanceled, the station reports nothing more for the request it canceled."""
    calls = [(c, a) for c, a in session._csms_calls(COMMAND) if a is not None and a.frame.type == CALLRESULT]
    if len(calls) < 2:
        session.fail("the test CSMS has not had two UpdateFirmware requests answered in this scenario")
    first, answer = calls[-2][0], calls[-1][1]
    old = first.frame.payload["requestId"]
    late = [e for e in session.messages(ACTION) if e.seq > answer.seq and e.frame.payload.get("requestId") == old]
    if late:
        session.fail(f"after answering the new UpdateFirmware {answer.frame.payload.get('status')} the station still "
                     f"reported on the update it canceled (requestId {old}): {late[0].text} (L01.FR.24: the update "
                     f"under way is canceled; OCTT: the requestId must refer to the second UpdateFirmwareRequest from "
                     f"this point on)")


# ---------------------------------------------------------------------- what the station is

def holds_connectors_unavailable(session):
    """L01.FR.07: whether a connector that becomes free now must report Unavailable, not Available: the scenario
    set ChargingStation.AllowNewSessionsPendingFirmwareUpdate false, and an UpdateFirmware the station accepted has
    no final status yet (its firmware is not installed)."""
    if not getattr(session, "firmware_requests", None) or not _set_false(session):
        return False
    calls = [(c, a) for c, a in session._csms_calls(COMMAND) if a is not None and a.frame.type == CALLRESULT
             and a.frame.payload.get("status") in ("Accepted", "AcceptedCanceled")]
    if not calls:
        return False
    request_id = calls[-1][0].frame.payload["requestId"]
    from .station_session import FINAL_FIRMWARE_STATUSES
    return not _status_entries(session, request_id, FINAL_FIRMWARE_STATUSES)


def expect_held_unavailable(session, evse, connector):
    """Reusable state EVDisconnected while a firmware update waits (holds_connectors_unavailable): the connector the
    EV left reports Unavailable (L01.FR.07), not Available. Returns whether that applied."""
    if not holds_connectors_unavailable(session):
        return False
    # the connector's first status since the update began (at the end of the transaction, or when the EV left)
    rule = ("L01.FR.07: with AllowNewSessionsPendingFirmwareUpdate false, an EVSE that becomes available while a "
            "firmware update waits for the transactions is set Unavailable until the firmware is installed")
    entry = session.expect_message(
        "StatusNotification", [("evseId", str(evse)), ("connectorId", str(connector))], after=_accepted(session)[1],
        matches=lambda p: p.get("evseId") == evse and p.get("connectorId") == connector,
        what=f" for EVSE {evse} connector {connector} once the EV left ({rule})")
    status = entry.frame.payload.get("connectorStatus")
    if status != "Unavailable":
        session.fail(f"the station reported EVSE {evse} connector {connector} {status} once the EV left, while the "
                     f"firmware update waited; expected Unavailable ({rule})")
    return True


def _set_false(session):
    """Whether the scenario's last accepted SetVariables of AllowNewSessionsPendingFirmwareUpdate set it false."""
    value = None
    for action, future in list(session.commands):
        if action != "SetVariables" or not future.done() or future.cancelled():
            continue
        try:
            outcome = future.result(0)
        except Exception:
            continue
        results = (outcome.response or {}).get("setVariableResult") or []
        for data, result in zip(outcome.request.get("setVariableData") or [], results):
            if (data.get("component") or {}).get("name") == "ChargingStation" \
                    and (data.get("variable") or {}).get("name") == "AllowNewSessionsPendingFirmwareUpdate" \
                    and result.get("attributeStatus") == "Accepted":
                value = str(data.get("attributeValue")).lower()
    return value == "false"


def _station_is(session, setting, field, wanted, given, what):
    """OCTT prerequisite on what the station is: the embedded reference station is made so; another station
    runs the case only when its setting says it is so, else the case is not run."""
    if session.config.station_embedded:
        if session.driver is None:
            session.driver = session.make_driver()
        setattr(session.driver.station.settings, field, wanted)
        return
    if given.strip().lower() != str(wanted).lower():
        from ..config import BY_KEY
        raise NotRun(f"the case is for a station that {what} (OCTT prerequisite); {setting} is "
                     f"{given or '(empty)'} ({BY_KEY[setting].env})")


def station_can_cancel(session, words):
    if words not in ("can", "cannot"):
        raise expect.StepError(f"'{words}': say 'can' or 'cannot'")
    can = words == "can"
    _station_is(session, "station_can_cancel_firmware_update", "firmware_update_cancel", can,
                session.config.station_can_cancel_firmware_update,
                f"{words} cancel the firmware update under way for a new one")


def station_during_transaction(session, words):
    kind = DURING_TRANSACTION.get(words)
    if kind is None:
        raise expect.StepError(f"'{words}' is not one of: {', '.join(DURING_TRANSACTION)}")
    _station_is(session, "station_firmware_update_during_transaction", "firmware_during_transaction", kind,
                session.config.station_firmware_update_during_transaction,
                f"{words} a firmware while a transaction is ongoing")
