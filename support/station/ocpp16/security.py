"""The OCPP 1.6 security extensions ("Improved security for OCPP 1.6-J", the @security profile) on the
test station (Central System under test: OCTT TC_073 - TC_088): how the station answers
ChangeConfiguration of AuthorizationKey and SecurityProfile and the certificate requests
(ocpp16.answers.DEFAULTS16, AFTER16), what it sends, and the scenario operations: the password (A01),
the security profile (A05), certificate signing (A02), installing and deleting certificates (M03 -
M05), security events, GetLog, the signed firmware update (TC_080, TC_081) and TLS (TC_086, TC_087).

The station keeps its certificates in the StationCertificates of certificates.py with the 1.6
certificate types (CentralSystemRootCertificate, ManufacturerRootCertificate).
"""
import base64
import json
import re

from ...scenario import csms_commands
from ...pki import ocsp as ocsp_mod
from ...pki.authority import pem
from .. import certificates
from .common import ask, csms_record, require16


CERTIFICATE_TYPES16 = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")


HEX_KEY = re.compile(r"^[0-9A-Fa-f]{32,40}$")


# OpenSSL names of the TLS 1.2 cipher suites "Improved security for OCPP 1.6-J" requires (section 2.4).
OCPP16_SUITES = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                 "AES128-GCM-SHA256", "AES256-GCM-SHA384"}


# ---------------------------------------------------------------------- the station's certificates (1.6 types)

def second_csms_root(pki=None):
    """'Root 2' of TC_076: a second Central System root the CSMS installs and then deletes."""
    pki = pki or certificates.suite_pki()
    return pki.root("csms-root-ca-2", "OCPP Suite CSMS Root CA 2")


def root16(certificate_type, pki=None):
    """The root the suite gives the CSMS to install for a 1.6 CertificateUse value: the second CSMS
    root for CentralSystemRootCertificate (the station already trusts the first), the manufacturer
    root for ManufacturerRootCertificate."""
    pki = pki or certificates.suite_pki()
    if certificate_type == "CentralSystemRootCertificate":
        return second_csms_root(pki)
    return pki.manufacturer_root


def of16(model):
    """The StationCertificates of a 1.6 station: its truststore holds the CSMS root (as
    CentralSystemRootCertificate) and the manufacturer root, made on first use."""
    certs = certificates.of(model)
    if not getattr(certs, "v16", False):
        pki = certificates.suite_pki()
        certs.installed = [certificates.Installed("CentralSystemRootCertificate", pki.csms_root.certificate,
                                                  pki.csms_root.certificate),
                           certificates.Installed("ManufacturerRootCertificate", pki.manufacturer_root.certificate,
                                                  pki.manufacturer_root.certificate)]
        certs.v16 = True
    return certs


# ---------------------------------------------------------------------- default answers (ocpp16.answers.DEFAULTS16)

def _security_profile(model):
    from .answers import configuration
    return int(configuration(model).get("SecurityProfile", ("1", False))[0] or 1)


def change_configuration_with(original):
    """ChangeConfiguration with the security keys (A01, A05), other keys as `original` answers them."""
    def build(model, payload):
        from .answers import configuration
        key, value = payload["key"], payload["value"]
        if key == "AuthorizationKey":
            # A00.FR.205: 16 to 20 bytes, written in hexadecimal; write-only (not in GetConfiguration).
            if not HEX_KEY.match(value):
                return {"status": "Rejected"}
            model.authorization_key16 = value
            return {"status": "Accepted"}
        if key == "SecurityProfile":
            if value not in ("1", "2", "3") or int(value) <= _security_profile(model):
                return {"status": "Rejected"}                         # A05.FR.01
            certs = of16(model)
            if int(value) >= 2 and not certs.of_type("CentralSystemRootCertificate"):
                return {"status": "Rejected"}                         # A05.FR.03
            if int(value) == 3 and "ChargingStationCertificate" not in certs.signed:
                return {"status": "Rejected"}                         # A05.FR.04
            configuration(model)["SecurityProfile"] = (value, False)
            return {"status": "Accepted"}                             # A05.FR.05
        return original(model, payload)
    return build


def _without_status_info(answer):
    return {k: v for k, v in answer.items() if k != "statusInfo"}


def _install_certificate(model, payload):
    of16(model)
    return _without_status_info(certificates.ANSWERS["InstallCertificate"](model, payload))


def _get_installed_certificate_ids(model, payload):
    """M03 (1.6): the hash data of the installed certificates of the type, NotFound when there is none."""
    certs = of16(model)
    found = [i.hash_data(certs.hash_algorithm) for i in certs.of_type(payload["certificateType"])]
    if not found:
        return {"status": "NotFound"}
    return {"status": "Accepted", "certificateHashData": found}


def _delete_certificate(model, payload):
    of16(model)
    return certificates.ANSWERS["DeleteCertificate"](model, payload)


def _certificate_signed(model, payload):
    of16(model)
    return _without_status_info(certificates.ANSWERS["CertificateSigned"](model, payload))


ANSWERS16 = {
    "InstallCertificate": _install_certificate,
    "GetInstalledCertificateIds": _get_installed_certificate_ids,
    "DeleteCertificate": _delete_certificate,
    "CertificateSigned": _certificate_signed,
}


def _after16(action):
    """certificates.ANSWERED (what the station keeps of its answer: truststore, new certificate) on the
    1.6 truststore."""
    def after(model, payload, response):
        of16(model)
        certificates.ANSWERED[action](model, payload, response)
    return after


AFTER16 = {action: _after16(action) for action in ("InstallCertificate", "DeleteCertificate", "CertificateSigned")}


def register(defaults16, after16):
    """Add these answers to ocpp16.answers.DEFAULTS16 and AFTER16; ChangeConfiguration wraps the answer
    already there."""
    defaults16.update(ANSWERS16)
    defaults16["ChangeConfiguration"] = change_configuration_with(defaults16["ChangeConfiguration"])
    after16.update(AFTER16)


# ---------------------------------------------------------------------- making the Central System act

def _undo_later(session, method, *args):
    client = session.target.trigger
    if client is not None:
        session.cleanups.append(lambda: getattr(client, method)(*args))


# -- A01 password (AuthorizationKey)

def authorization_key_fallback(session):
    """The AuthorizationKey the suite asks a CSMS without the update-basic-auth-password command to
    set: NEW_BASIC_AUTH_PASSWORD in hexadecimal (16 to 20 bytes)."""
    raw = session.config.new_password
    if HEX_KEY.match(raw):
        return raw
    return raw.encode()[:20].ljust(16, b"0").hex().upper()


def ask_authorization_key(session):
    """Manual action: the CSMS gives the station a new AuthorizationKey (ChangeConfiguration)."""
    import concurrent.futures
    station = require16(session).station
    _undo_later(session, "set_basic_auth_password", station.station_id, station.password)
    future = csms_commands.ask(session, "make the Central System update the station's Basic auth password",
                               "update-basic-auth-password", {}, "ChangeConfiguration",
                               {"key": "AuthorizationKey", "value": authorization_key_fallback(session)})
    if future is not None:
        # Once the CSMS reports, it has settled the password: the next connection meets its decision.
        concurrent.futures.wait([future], session.config.seconds("action_timeout") + 10)


def authorization_key_set(station):
    for entry in reversed(station.requests_from_csms("ChangeConfiguration")):
        if entry.frame.payload.get("key") == "AuthorizationKey":
            return entry.frame.payload.get("value")
    return None


def connect_with_authorization_key(session):
    station = session.station
    password = authorization_key_set(station)
    if password is None:
        session.fail("the CSMS has not set the AuthorizationKey of the station in this scenario")
    return session.connect(station, password=password)


def check_authorization_key(session):
    value = authorization_key_set(session.station)
    if value is None:
        session.fail("the CSMS has not set the AuthorizationKey of the station in this scenario")
    if not HEX_KEY.match(value):
        session.fail(f"the AuthorizationKey the CSMS set, {value!r}, is not 16 to 20 bytes written as 32 to 40 "
                     f"hexadecimal digits (A00.FR.205)")


# -- A05 security profile

def ask_security_profile(session, profile):
    station = require16(session).station
    config = session.config
    original = {config.station_id_16_sp2: 2, config.station_id_16_sp3: 3}.get(station.station_id, 1)
    _undo_later(session, "set_security_profile", station.station_id, original)
    csms_commands.ask(session, f"make the Central System upgrade the station to security profile {profile}",
                      "upgrade-security-profile", {"securityProfile": profile}, "ChangeConfiguration",
                      {"key": "SecurityProfile", "value": str(profile)})


# -- A02 certificate signing

def send_sign_certificate(session):
    """SignCertificate.req with a new CSR for the station's ChargePointCertificate (CN = the identity)."""
    station = require16(session).require_connected()
    of16(station.model)
    csr = certificates.station_certificates(session, station).new_csr("ChargingStationCertificate",
                                                                      station.station_id)
    return session.send("SignCertificate", {"csr": csr}, station)


# -- M03-M05 certificates

def ask_install(session, certificate_type):
    payload = {"certificateType": certificate_type, "certificate": pem(root16(certificate_type).certificate)}
    session.__dict__.setdefault("installed16", []).append(payload)
    return ask(require16(session), f"make the Central System install the {certificate_type}",
                 "InstallCertificate", payload)


def check_install_request(session, certificate_type):
    payload = require16(session).expect_request("InstallCertificate", [("certificateType", certificate_type)])
    expected = root16(certificate_type).certificate
    try:
        sent = certificates.parse_chain(payload["certificate"])[0]
    except ValueError as exc:
        session.fail(f"the certificate of the CSMS's InstallCertificate cannot be read: {exc}")
    if sent != expected:
        session.fail(f"the CSMS's InstallCertificate carries {sent.subject.rfc4514_string()}, not the configured "
                     f"{certificate_type} {expected.subject.rfc4514_string()}")


def certificate_installed(session, certificate_type):
    """Memory state CertificateInstalled: the CSMS installs the certificate and the station accepts it."""
    ask_install(session, certificate_type)
    check_install_request(session, certificate_type)
    csms_commands.check_reported_answer(session, "InstallCertificate", [("status", "Accepted")])


def ask_installed_ids(session, certificate_type):
    return ask(require16(session), f"make the Central System get the installed {certificate_type}s",
                 "GetInstalledCertificateIds", {"certificateType": certificate_type})


def _delete_installed(client, station_id, certificate_type, certificate_pem, station_hash, provenance=None):
    """delete-installed-certificate; a trigger API without it gets get-installed-certificate-ids and
    delete-certificate with the station's hash data of that certificate, as the public 1.6 suites do.
    The hash data is then the suite's, not the CSMS's: the scenario cannot pass on it (provenance)."""
    response = client.post(f"/api/octt/1.6/{station_id}/delete-installed-certificate",
                           {"certificateType": certificate_type, "certificate": certificate_pem})
    if response.status_code not in csms_commands.NO_SUCH_COMMAND:
        return response
    listing = client.call16(station_id, "get-installed-certificate-ids", {"certificateType": certificate_type})
    if not listing.ok:
        return listing
    payload = {"certificateHashData": station_hash()}
    if provenance is not None:
        provenance.supplied("DeleteCertificate", payload, f"{client.name} delete-certificate (it has no "
                            f"delete-installed-certificate command)", decided=("certificateHashData",))
    return client.call16(station_id, "delete-certificate", payload)


def ask_delete(session, certificate_type):
    """Manual action: delete the certificate of this type the CSMS installed in this scenario."""
    installed = [p for p in session.__dict__.get("installed16", []) if p["certificateType"] == certificate_type]
    if not installed:
        session.fail(f"the CSMS installed no {certificate_type} in this scenario, so there is none to delete")
    station = require16(session).station
    future = session.trigger(f"make the Central System delete the {certificate_type} it installed",
                             _delete_installed, station.station_id, certificate_type, installed[-1]["certificate"],
                             lambda: installed_hash_data(session, certificate_type), session.provenance)
    csms_commands._keep(session, "DeleteCertificate", future, "delete the installed certificate")
    return future


def installed_hash_data(session, certificate_type):
    """The station's own hash data (its hashAlgorithm) of the certificate the CSMS installed last."""
    station = session.station
    certs = of16(station.model)
    certificate = root16(certificate_type).certificate
    return ocsp_mod.hash_data(certificate, certificate, certs.hash_algorithm)


def check_delete_request(session, certificate_type):
    """DeleteCertificate.req with the hash data of the certificate the CSMS installed, as the station
    computes it with its hashAlgorithm (TC_076: the OCTT compares with its own calculation)."""
    payload = require16(session).expect_request("DeleteCertificate")
    expected = installed_hash_data(session, certificate_type)
    if not certificates.same_hash_data(payload["certificateHashData"], expected):
        session.fail(f"the CSMS's DeleteCertificate names {json.dumps(payload['certificateHashData'])}, not the "
                     f"{certificate_type} it installed: {json.dumps(expected)}")


# -- security events

def check_security_event(session, event_type):
    record = csms_record(require16(session), "security-events-record", f"it recorded the security event {event_type}")
    if record is None:
        return
    types = [e.get("type") for e in record.get("events", [])]
    if event_type not in types:
        session.fail(f"the CSMS records the security events {types}, not {event_type}")


# -- GetLog (TC_079)

def check_log_record(session, log_type, status):
    record = csms_record(require16(session), "log-record", f"the {log_type} upload is {status}")
    if record is None:
        return
    asked = [e.frame.payload["requestId"] for e in session.station.requests_from_csms("GetLog")]
    logs = [entry for entry in record.get("logs", []) if entry.get("requestId") in asked
            and entry.get("logType") == log_type]
    if not logs:
        session.fail(f"the CSMS records no {log_type} request of this scenario: {json.dumps(record)}")
    last = logs[-1]["statuses"][-1] if logs[-1].get("statuses") else logs[-1].get("answer")
    if last != status:
        session.fail(f"the CSMS records the {log_type} upload as {last!r}, expected {status!r}: {json.dumps(logs[-1])}")


# -- signed firmware update (TC_080, TC_081)

def signed_update_request(session, invalid_signature=False):
    from .. import firmware
    payload = firmware.update_firmware_request(session, signed=True)
    if invalid_signature:
        good = base64.b64decode(payload["firmware"]["signature"])
        payload["firmware"]["signature"] = base64.b64encode(bytes(b ^ 0x5A for b in good)).decode()
    return payload


def ask_signed_update(session, invalid_signature=False):
    payload = signed_update_request(require16(session), invalid_signature)
    what = " with an invalid signature" if invalid_signature else ""
    return ask(session, f"make the Central System update the firmware securely{what}", "SignedUpdateFirmware",
                 payload)


def check_signed_update_request(session, invalid_signature=False):
    """SignedUpdateFirmware.req with the configured location and signing certificate, and the configured
    signature (or, for TC_081, a signature that is not the configured one)."""
    from .. import firmware
    package = firmware.firmware_package(session.config)
    payload = require16(session).expect_request("SignedUpdateFirmware", [("firmware.location", package.location)])
    sent = payload["firmware"]
    problems = []
    if sent.get("signingCertificate", "").strip() != package.signing_certificate.strip():
        problems.append("firmware.signingCertificate is not the configured signing certificate")
    if invalid_signature and sent.get("signature") == package.signature:
        problems.append("firmware.signature is the valid, configured signature, not an invalid one")
    if not invalid_signature and sent.get("signature") != package.signature:
        problems.append(f"firmware.signature is {sent.get('signature')!r}, not the configured signature")
    if problems:
        session.fail(f"the CSMS sent SignedUpdateFirmwareRequest {json.dumps(payload)}\n  " + "\n  ".join(problems))
    return payload


def send_signed_firmware_statuses(session, statuses):
    from ...scenario.words import enum_value
    requests = require16(session).station.requests_from_csms("SignedUpdateFirmware")
    if not requests:
        session.fail("the CSMS has sent no SignedUpdateFirmware in this scenario")
    request_id = requests[-1].frame.payload["requestId"]
    for status in statuses:
        enum_value("FirmwareStatus", status)     # the 1.6 security extension uses the 2.0.1 values
        session.send_expecting_answer("SignedFirmwareStatusNotification", {"status": status, "requestId": request_id})


def check_signed_firmware_record(session, state):
    record = csms_record(require16(session), "signed-firmware-record", f"the signed firmware update is {state}")
    if record is None:
        return
    asked = {e.frame.payload["requestId"] for e in session.station.requests_from_csms("SignedUpdateFirmware")}
    updates = [u for u in record.get("updates", []) if u.get("requestId") in asked]
    actual = updates[-1]["state"] if updates else "(none)"
    if actual != state:
        session.fail(f"the CSMS records the signed firmware update as {actual}, expected {state}: "
                     f"{json.dumps(updates)[:1500]}")
    if record.get("anomalies"):
        session.fail("the CSMS found signed firmware statuses out of order in a conformant sequence:\n  "
                     + "\n  ".join(a["problem"] for a in record["anomalies"]))


# -- TLS (TC_086, TC_087)

def tls_problems(session, handshake):
    """TLS 1.2 or newer on the connection, with TLS 1.2 a cipher suite of the 1.6 security whitepaper.
    That the CSMS takes each of the whitepaper's four suites (section 2.4, as the OCTT wants) is the step
    'the CSMS takes TLS 1.2 with each cipher suite the OCTT requires' (support/scenario/tls_checks.py)."""
    if handshake is None or not handshake.accepted:
        return [f"there is no accepted connection ({handshake.describe() if handshake else 'no attempt'})"]
    if not handshake.tls_version:
        return ["the connection is not over TLS"]
    if handshake.tls_version not in ("TLSv1.2", "TLSv1.3"):
        return [f"TLS version {handshake.tls_version}, expected TLSv1.2 or newer"]
    if handshake.tls_version == "TLSv1.2" and handshake.cipher not in OCPP16_SUITES:
        return [f"cipher suite {handshake.cipher} is not one the OCPP 1.6 security whitepaper lists"]
    return []
