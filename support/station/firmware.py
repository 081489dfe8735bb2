"""Block L (firmware management) on the test side.

- The firmware the tester configured in the CSMS: its location, image, MD5 checksum, signing
  certificate and signature. When they are not configured, a firmware image, a manufacturer root,
  a code-signing certificate and an ECDSA signature are made with `cryptography` at run time (no
  key or certificate is committed) and written into the run's configuration, so features can name
  them as <CONFIGURED_SIGNING_CERTIFICATE> and <CONFIGURED_SIGNATURE>.
- The UpdateFirmware, PublishFirmware and UnpublishFirmware requests the steps ask the CSMS to send.
- How the test station answers them by default, and what it remembers of its answers.
- The FirmwareStatusNotification / PublishFirmwareStatusNotification the station sends.
- Checks of the CSMS's requests, and of what the CSMS recorded (trigger API firmware-record).
"""
import base64
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..scenario.expect import StepError
from ..rpc import CALL, CALLERROR, CALLRESULT
from ..scenario.trace import SENT

ACCEPTED = ("Accepted", "AcceptedCanceled")
FIRMWARE_IMAGE = b"OCPP conformance suite - firmware image 2.0.1\n" + bytes(range(256)) * 64
# A firmware image that downloads and verifies, but that no station can install (OCTT TC_L_08_CS's
# "<Configured invalid firmware location>": "causes an InstallVerificationFailed").
CORRUPT_FIRMWARE_IMAGE = b"OCPP conformance suite - corrupt firmware image\n" + bytes(range(255, -1, -1)) * 64


def made_up_firmware(location):
    """What a made-up firmware location holds (the reference stations do not go out to the network and
    "download" this): a file named *-corrupt.bin the corrupt image, any other *.bin the firmware image,
    anything else nothing (OCTT TC_L_07_CS's location + "_does_not_exist": the download fails)."""
    path = str(location).split("?", 1)[0].split("#", 1)[0]
    if path.endswith("-corrupt.bin"):
        return CORRUPT_FIRMWARE_IMAGE
    return FIRMWARE_IMAGE if path.endswith(".bin") else None


def now():
    return datetime.now(timezone.utc)


def iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text):
    try:
        value = datetime.fromisoformat(str(text).replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------------- the configured firmware

@dataclass
class FirmwarePackage:
    location: str
    checksum: str                   # MD5 of the image, 32 hex digits (PublishFirmware)
    signing_certificate: str        # PEM
    signature: str                  # base64
    image: bytes = None             # known when the suite made the package
    root_certificate: object = None  # the manufacturer root that issued the signing certificate (made here)


_GENERATED = {}


def code_signing_certificate(issuer_name, issuer_key, common_name="Conformance Firmware Signing"):
    """(PEM without its final newline, private key) of a firmware signing certificate the issuer signed."""
    moment = now()
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OCPP Conformance Suite"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(moment - timedelta(days=1)).not_valid_after(moment + timedelta(days=365))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
                   .sign(issuer_key or key, hashes.SHA256()))
    # Without its final newline: a table cell cannot end with one.
    return certificate.public_bytes(serialization.Encoding.PEM).decode().rstrip("\n"), key


def sign_image(key, image):
    """base64 ECDSA (SHA-256) signature of a firmware image."""
    return base64.b64encode(key.sign(image, ec.ECDSA(hashes.SHA256()))).decode()


def _generate():
    """A code-signing certificate issued by the manufacturer root of the suite's test PKI (certs/
    manufacturer-root-ca.pem, the root the reference station trusts for firmware), and the image signed
    with its key."""
    if "package" in _GENERATED:
        return _GENERATED["package"]
    from ..pki.store import TestPki
    root = TestPki().manufacturer_root
    certificate, key = code_signing_certificate(root.certificate.subject, root.key)
    _GENERATED["package"] = (certificate, sign_image(key, FIRMWARE_IMAGE), root.certificate)
    return _GENERATED["package"]


def made_up_manufacturer_root(config):
    """The manufacturer root (a cryptography certificate) that issued the signing certificate the suite made
    up for this configuration, or None when the tester configured the firmware's signing certificate."""
    generated = _GENERATED.get("package")
    if generated is None or config.values.get("signing_certificate") != generated[0]:
        return None
    return generated[2]


def firmware_package(config):
    """The firmware the tester configured in the CSMS, made up where the configuration leaves it empty."""
    values = config.values
    certificate, signature = values.get("signing_certificate", ""), values.get("signature", "")
    image, root = None, None
    if not certificate and not signature:
        certificate, signature, root = _generate()
        image = FIRMWARE_IMAGE
        values["signing_certificate"], values["signature"] = certificate, signature
    elif not (certificate and signature):
        raise StepError("configure both CONFIGURED_SIGNING_CERTIFICATE and CONFIGURED_SIGNATURE, or neither "
                        "(then the suite makes a signing certificate and a signature itself)")
    elif not certificate.lstrip().startswith("-----BEGIN"):
        with open(certificate, encoding="ascii") as f:     # a path to a PEM file
            certificate = values["signing_certificate"] = f.read()
    checksum = values.get("firmware_checksum") or ""
    if not checksum:
        checksum = values["firmware_checksum"] = hashlib.md5(FIRMWARE_IMAGE).hexdigest()
    return FirmwarePackage(values["firmware_location"], checksum, certificate, signature, image, root)


# ---------------------------------------------------------------------- what the CSMS is asked to send

def update_firmware_request(session, signed=True, install_later=False, download_later=False):
    """UpdateFirmwareRequest as the tester configured it in the CSMS (OCTT's manual action)."""
    config = session.config
    package = firmware_package(config)
    later = now() + timedelta(seconds=config.seconds("firmware_schedule_delay"))
    firmware = {"location": package.location, "retrieveDateTime": iso(later if download_later else now())}
    if install_later:
        firmware["installDateTime"] = iso(later)
    if signed:
        firmware["signingCertificate"] = package.signing_certificate
        firmware["signature"] = package.signature
    return {"requestId": session.next_request_id(), "retries": config.integer("firmware_retries"),
            "retryInterval": config.integer("firmware_retry_interval"), "firmware": firmware}


def publish_firmware_request(session):
    config = session.config
    package = firmware_package(config)
    return {"location": package.location, "checksum": package.checksum, "requestId": session.next_request_id(),
            "retries": config.integer("firmware_retries"), "retryInterval": config.integer("firmware_retry_interval")}


def unpublish_firmware_request(session):
    return {"checksum": firmware_package(session.config).checksum}


# ---------------------------------------------------------------------- how the station answers

def requests(model):
    """What the station was asked and answered: [{"action", "request", "status"}], in order."""
    return model.__dict__.setdefault("firmware_requests", [])


def _remember(action):
    def remember(model, request, response):
        requests(model).append({"action": action, "request": request, "status": response.get("status")})
    return remember


def _unpublish_firmware(model, payload):
    published = any(r["action"] == "PublishFirmware" and r["status"] == "Accepted"
                    and r["request"]["checksum"] == payload["checksum"] for r in requests(model))
    return {"status": "Unpublished" if published else "NoFirmware"}


ANSWERS = {
    "UpdateFirmware": lambda model, payload: {"status": "Accepted"},
    "PublishFirmware": lambda model, payload: {"status": "Accepted"},
    "UnpublishFirmware": _unpublish_firmware,
}
ANSWERED = {action: _remember(action) for action in ANSWERS}


# ---------------------------------------------------------------------- what the station sends

def answered(session, action):
    """Wait until the station has answered every request of `action` the CSMS sent (the station
    remembers its answer only once it gave it; the steps may run ahead of it)."""
    station = session.station

    def done():
        asked = {e.frame.unique_id for e in station.requests_from_csms(action)}
        replied = {e.frame.unique_id for e in session.trace.entries
                   if e.peer == station.station_id and e.direction == SENT and e.frame is not None
                   and e.frame.type in (CALLRESULT, CALLERROR)}
        return asked <= replied
    session.trace.wait_until(done, session.config.seconds("message_timeout"))


def _update(session, which):
    """The UpdateFirmware request a notification is about: the one the station works on, or the first."""
    answered(session, "UpdateFirmware")
    updates = [r for r in requests(session.station.model) if r["action"] == "UpdateFirmware"]
    if which == "first":
        chosen = updates[:1]
    else:
        chosen = [r for r in updates if r["status"] in ACCEPTED][-1:]
    if not chosen:
        raise AssertionError("the test station has not accepted a firmware update (UpdateFirmwareRequest) in "
                             "this scenario, so it has no firmware status to report")
    return chosen[0]["request"]


def firmware_status_payload(session, status, which="ongoing"):
    payload = {"status": status}
    if status != "Idle":
        payload["requestId"] = _update(session, which)["requestId"]
    return payload


def publish_status_payload(session, status):
    answered(session, "PublishFirmware")
    published = [r for r in requests(session.station.model) if r["action"] == "PublishFirmware"]
    if not published:
        raise AssertionError("the CSMS has not asked the test station to publish a firmware in this scenario")
    payload = {"status": status, "requestId": published[-1]["request"]["requestId"]}
    if status == "Published":
        payload["location"] = [f"https://{session.station.station_id.lower()}.local/firmware/"
                               f"{published[-1]['request']['checksum']}.bin"]
    return payload


def security_event_payload(event_type):
    """SecurityEventNotification of a firmware problem (errata 2023-12 for TC_L_05 and TC_L_06)."""
    return {"type": event_type, "timestamp": iso(now())}


def scheduled_time(session, field):
    """installDateTime or retrieveDateTime of the update the station works on."""
    value = _update(session, "ongoing")["firmware"].get(field)
    return parse_time(value) if value else None


def wait_for_time(session, field, what):
    """Wait until the update's installDateTime / retrieveDateTime has come (bounded by the configured delay)."""
    moment = scheduled_time(session, field)
    if moment is None:
        return
    remaining = (moment - now()).total_seconds()
    limit = session.config.seconds("firmware_schedule_delay") + session.config.seconds("action_timeout")
    if remaining > limit:
        session.fail(f"the CSMS scheduled the {what} at {iso(moment)}, {remaining:.0f} s from now; the suite "
                     f"waits at most {limit:g} s (FIRMWARE_SCHEDULE_DELAY + CSMS_ACTION_TIMEOUT)")
    session.trace.wait_until(lambda: now() >= moment, max(remaining, 0) + 0.05)


# ---------------------------------------------------------------------- checks of the CSMS's requests

def last_request(session, action):
    entries = session.station.requests_from_csms(action)
    if entries:
        return entries[-1].frame.payload
    return session.expect_request(action)


def check_signature(session):
    """The firmware of the CSMS's UpdateFirmwareRequest carries a code-signing certificate and a
    signature that verifies with it (over the image, when the suite made the package)."""
    firmware = last_request(session, "UpdateFirmware")["firmware"]
    pem, signature = firmware.get("signingCertificate"), firmware.get("signature")
    if not pem or not signature:
        session.fail(f"the CSMS's UpdateFirmwareRequest has no signingCertificate and signature (L01.FR.11): "
                     f"{sorted(firmware)}")
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode())
    except ValueError as exc:
        session.fail(f"firmware.signingCertificate is not a PEM X.509 certificate: {exc}")
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError as exc:
        session.fail(f"firmware.signature is not base64: {exc}")
    package = firmware_package(session.config)
    if package.image is None:
        return    # the tester's own firmware: the suite has not got the image to verify against
    try:
        certificate.public_key().verify(raw, package.image, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, TypeError, AttributeError):
        session.fail("firmware.signature does not verify over the firmware with firmware.signingCertificate")
    root = package.root_certificate
    try:
        root.public_key().verify(certificate.signature, certificate.tbs_certificate_bytes,
                                 ec.ECDSA(certificate.signature_hash_algorithm))
    except (InvalidSignature, TypeError, AttributeError):
        session.fail("firmware.signingCertificate was not issued by the manufacturer root of the firmware")


def check_scheduled_in_future(session, field, what):
    """firmware.<field> of the CSMS's UpdateFirmwareRequest was in the future when the request came."""
    last_request(session, "UpdateFirmware")
    entry = session.station.requests_from_csms("UpdateFirmware")[-1]
    value = entry.frame.payload["firmware"].get(field)
    moment = parse_time(value) if value else None
    if moment is None:
        session.fail(f"the CSMS's UpdateFirmwareRequest has no firmware.{field}: the {what} is not scheduled")
    received = now() - timedelta(seconds=time.monotonic() - entry.at)
    if moment <= received:
        session.fail(f"firmware.{field} {value} was not in the future when the request came ({iso(received)})")


# ---------------------------------------------------------------------- what the CSMS recorded

def csms_record(session, command, description, required=True):
    """The CSMS's own record of the station (trigger API firmware-record / display-message-record).
    When the CSMS offers no such record: with `required`, the scenario is not run (the record is the
    only check of what the CSMS decided); otherwise the check is printed for the operator and left
    out, because OCTT has no such validation (block L: "Post scenario validations: N/a")."""
    session.wait_triggers()    # the CSMS has the station's answers to what it was asked to send
    client = session.target.trigger
    missing = None
    if client is None:
        missing = "no trigger API to read its record"
    else:
        response = client.station_record(session.config.station_id, command)
        if response.status_code in (404, 405, 501):     # no such record in this trigger API (any dialect)
            missing = f"its trigger API has no {command}"
        elif not response.ok:
            session.fail(f"could not read the CSMS's {command}: {response.describe()}")
        else:
            return response.body
    if required:
        session.skip_scenario(f"manual check on the CSMS: {description} ({missing})")
    from ..scenario.outcomes import live
    live(f"    manual check on the CSMS, not judged by the suite: {description} ({missing})")
    return None


def _firmware_record(session, description):
    return csms_record(session, "firmware-record", description, required=False)


def check_update_states(session, states):
    """The CSMS's firmware updates of this scenario are in these states, in the order it sent them
    (a FirmwareStatus, an UpdateFirmwareStatus the station refused with, or Canceled)."""
    record = _firmware_record(session, f"the firmware updates of the station are {' then '.join(states)}")
    if record is None:
        return
    sent = {r["request"]["requestId"] for r in requests(session.station.model) if r["action"] == "UpdateFirmware"}
    found = [u for u in record["updates"] if u["requestId"] in sent] or record["updates"]
    actual = [u["state"] for u in found]
    if actual != list(states):
        session.fail(f"the CSMS records the firmware updates as {_quoted(actual)}, expected {_quoted(states)}\n"
                     f"  its record: {_short(record)}")


def check_out_of_order(session, status):
    record = _firmware_record(session, f"the CSMS flags the firmware status {status} as out of order")
    if record is None:
        return
    if not any(a["message"].get("status") == status for a in record["anomalies"]):
        session.fail(f"the CSMS took the firmware status {status} without noticing it came out of order\n"
                     f"  its record: {_short(record)}")


def check_in_order(session):
    record = _firmware_record(session, "the CSMS flags no firmware status as out of order")
    if record is None:
        return
    if record["anomalies"]:
        problems = "\n  ".join(a["problem"] for a in record["anomalies"])
        session.fail(f"the CSMS found firmware statuses out of order in a conformant sequence:\n  {problems}")


def check_publication(session, state):
    record = _firmware_record(session, f"the firmware publication of the station is {state}")
    if record is None:
        return
    checksum = firmware_package(session.config).checksum
    found = [p for p in record["publications"] if p["checksum"] == checksum]
    actual = found[-1]["state"] if found else "(none)"
    if actual != state:
        session.fail(f"the CSMS records the publication of firmware {checksum} as {actual}, expected {state}\n"
                     f"  its record: {_short(record)}")


def check_published_locations(session):
    reported = [e.frame.payload.get("location") for e in session.trace.entries
                if e.peer == session.station.station_id and e.frame is not None and e.frame.type == CALL
                and e.frame.action == "PublishFirmwareStatusNotification" and e.frame.payload.get("location")]
    record = _firmware_record(session, f"the CSMS shows the firmware published at {reported[-1] if reported else '?'}")
    if record is None:
        return
    if not reported:
        session.fail("the station has not reported where it publishes the firmware")
    checksum = firmware_package(session.config).checksum
    found = [p for p in record["publications"] if p["checksum"] == checksum]
    if not found or found[-1]["locations"] != reported[-1]:
        session.fail(f"the CSMS records the firmware published at "
                     f"{found[-1]['locations'] if found else '(nowhere)'}, the station published it at {reported[-1]}")


def _quoted(items):
    return " then ".join(f'"{i}"' for i in items) or "(none)"


def _short(record):
    text = json.dumps(record)
    return text if len(text) < 1500 else text[:1500] + "..."
