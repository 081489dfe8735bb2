"""Block M against a station under test: installing CA certificates (M05), listing them (M03) and deleting
them (M04), OCTT TC_M_xx_CS (features/station/ocpp201/M_certificates_octt.feature). The steps in
features/steps/station_certificates_steps.py (and the InstallCertificate / GetInstalledCertificateIds /
DeleteCertificate sentences shared with OCPP 1.6 in station16_csms_steps.py) call these with the scenario's
StationScenarioSession.

OCTT's configured certificates are the suite's test PKI (support/pki, certs/):

- <Configured (new) CSMS Root certificate>: the CSMS root CA 2's certificate, self-signed; for a station
  whose SecurityCtrlr.AdditionalRootCertificateCheck is true (OCTT TC_M_01_CS's note: "a custom
  CSMSRootCertificate") the one signed by the CSMS root CA, which such a station requires (M05.FR.09).
- <Configured old CSMS Root certificate>: the CSMS root CA, the one a station under test is provisioned with.
- ManufacturerRootCertificate, V2GRootCertificate, MORootCertificate: the suite's roots of those names.
- <Generated Expired Certificate>: a self-signed root made for the scenario, expired since yesterday.

Hash data (CertificateHashDataType) are the OCSP CertID fields: hashes of the certificate's issuer name and of
its issuer's public key, and its serial number; the suite calculates them in the hashAlgorithm the station
uses in its answer.

A real station keeps what a scenario installed: when the scenario ends, the suite deletes the certificates
it installed and the station still holds (OCTT's "built-in action to delete the newly installed
certificate"), but not a CSMS root that replaced the station's (AdditionalRootCertificateCheck).
"""
import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature

from ..csms.scripted import build_get_installed_certificate_ids, build_get_variables, build_install_certificate
from ..pki.authority import CertificateAuthority, pem
from ..pki.ocsp import hash_data
from ..pki.store import TestPki
from .outcomes import NotRun

TYPES = ("CSMSRootCertificate", "ManufacturerRootCertificate", "V2GRootCertificate", "MORootCertificate")
OLD_ROOT = "the old CSMS root certificate"
EXPIRED = "the expired certificate"
CONFIGURED = "the configured "
LISTED_RULE = ("M05.FR.02, M03.FR.03/04: a certificate the station accepted with InstallCertificate is installed, "
               "and GetInstalledCertificateIds gives the hash data of every installed certificate of the asked types")
ARCC = "SecurityCtrlr.AdditionalRootCertificateCheck"


def _step_error(message):
    from .expect import StepError
    return StepError(message)


def _state(session):
    state = getattr(session, "octt_certificates", None)
    if state is None:
        state = session.octt_certificates = {"installed": {}, "expired": None, "arcc": None, "cleanup": []}
    return state


# ---------------------------------------------------------------------- the certificates

def _additional_root_check(session):
    """Whether the station reports SecurityCtrlr.AdditionalRootCertificateCheck true (GetVariables, once)."""
    state = _state(session)
    if state["arcc"] is None:
        from .station_states import booted
        booted(session)
        session.command("GetVariables", build_get_variables([ARCC]))
        outcome = session.command_outcome("GetVariables")
        result = ((outcome.response or {}).get("getVariableResult") or [{}])[0] if outcome.ok else {}
        state["arcc"] = result.get("attributeStatus") == "Accepted" and \
            str(result.get("attributeValue", "")).strip().lower() == "true"
    return state["arcc"]


def configured(session, certificate_type):
    """The suite's certificate of this InstallCertificateUse type (see the module docstring)."""
    pki = TestPki()
    if certificate_type == "CSMSRootCertificate":
        installed = _state(session)["installed"].get(certificate_type)
        if installed is not None:
            return installed
        return pki.csms_root_2_signed() if _additional_root_check(session) else pki.csms_root_2.certificate
    roots = {"ManufacturerRootCertificate": pki.manufacturer_root, "V2GRootCertificate": pki.v2g_root,
             "MORootCertificate": pki.mo_root}
    if certificate_type not in roots:
        raise _step_error(f"the suite has no configured {certificate_type}; it has one of {', '.join(TYPES)}")
    return roots[certificate_type].certificate


def _issuer(certificate):
    """The certificate's issuer among itself and the suite's roots (for its hash data), else itself."""
    pki = TestPki()
    for candidate in (certificate, pki.csms_root.certificate, pki.csms_root_2.certificate):
        if candidate.subject == certificate.issuer:
            try:
                certificate.verify_directly_issued_by(candidate)
                return candidate
            except (ValueError, TypeError, InvalidSignature):
                continue
    return certificate


def hash_data_of(certificate, algorithm="SHA256", issuer=None):
    return hash_data(certificate, issuer or _issuer(certificate), algorithm)


def same_certificate(data, certificate, issuer=None):
    """Whether CertificateHashDataType `data` (any hashAlgorithm OCPP has) is that of the certificate."""
    data = data or {}
    try:
        wanted = hash_data_of(certificate, data.get("hashAlgorithm", "SHA256"), issuer)
        return (str(data.get("issuerNameHash", "")).lower() == wanted["issuerNameHash"]
                and str(data.get("issuerKeyHash", "")).lower() == wanted["issuerKeyHash"]
                and int(str(data.get("serialNumber", "x")), 16) == int(wanted["serialNumber"], 16))
    except (KeyError, ValueError):
        return False


def _split_types(text):
    """'CSMSRootCertificate and ManufacturerRootCertificate' -> the two names."""
    return [t.strip() for t in text.replace(" and ", ",").split(",") if t.strip()]


# ---------------------------------------------------------------------- what the test CSMS does

def _install(session, certificate, certificate_type):
    future = session.command("InstallCertificate", build_install_certificate(pem(certificate), certificate_type))
    _delete_afterwards(session, certificate, certificate_type, future)


def install(session, certificate_type):
    """InstallCertificate of the configured certificate of this type (OCTT reusable state CertificateInstalled,
    step 1); the answer is checked by a later step."""
    certificate_type = session.enum_at("InstallCertificate", "certificateType", certificate_type)
    certificate = configured(session, certificate_type)
    _state(session)["installed"][certificate_type] = certificate
    _install(session, certificate, certificate_type)


def install_expired(session, certificate_type):
    """InstallCertificate of <Generated Expired Certificate>: a self-signed CA certificate whose validity
    ended yesterday (OCTT TC_M_07_CS)."""
    certificate_type = session.enum_at("InstallCertificate", "certificateType", certificate_type)
    expired = CertificateAuthority.root("OCPP Suite Expired Root CA", validity=datetime.timedelta(days=-1))
    _state(session)["expired"] = expired.certificate
    _install(session, expired.certificate, certificate_type)


def install_not_signed_by_old(session):
    """OCTT TC_M_09_CS step 1: InstallCertificate CSMSRootCertificate with a new CSMS root the old one did not
    sign (the CSMS root CA 2's self-signed certificate)."""
    certificate = TestPki().csms_root_2.certificate
    _install(session, certificate, "CSMSRootCertificate")


def have_installed(session, types_text):
    """OCTT memory state CertificateInstalled for each type: InstallCertificate of the configured certificate,
    answered Accepted; a station that does not take it cannot be brought into the case's state: not run."""
    for certificate_type in _split_types(types_text):
        install(session, certificate_type)
        outcome = session.command_outcome("InstallCertificate")
        status = (outcome.response or {}).get("status") if outcome.ok else outcome.describe()
        if status != "Accepted":
            raise NotRun(f"the station answered {status} to installing the configured {certificate_type}, the "
                         f"case's memory state CertificateInstalled (OCTT 'Before: Memory State')")


def ask_installed(session, types_text):
    """GetInstalledCertificateIds for these types ('A and B')."""
    types = [session.enum_at("GetInstalledCertificateIds", "certificateType", t) for t in _split_types(types_text)]
    session.command("GetInstalledCertificateIds", build_get_installed_certificate_ids(types))


def _listed(session, answer):
    return [entry for entry in (answer or {}).get("certificateHashDataChain") or [] if isinstance(entry, dict)]


def delete_installed(session):
    """OCTT TC_M_20_CS step 2: DeleteCertificate with the certificateHashData the station returned (in the last
    GetInstalledCertificateIds answer) for the certificate of the CSMS's last InstallCertificate (M04.FR.07: as
    the station reported it); the suite's own calculation (SHA256) when the station did not list it."""
    request = session.command_request("InstallCertificate")
    certificate = x509.load_pem_x509_certificate(request["certificate"].encode())
    payload = None
    outcome = session.command_outcome("GetInstalledCertificateIds")
    for entry in _listed(session, outcome.response if outcome.ok else None):
        if same_certificate(entry.get("certificateHashData"), certificate):
            payload = dict(entry["certificateHashData"])
            break
    session.command("DeleteCertificate", {"certificateHashData": payload or hash_data_of(certificate)})


def delete_station_certificate(session):
    """OCTT TC_M_23_CS step 2: DeleteCertificate with the hash data of the ChargingStationCertificate the test
    CSMS signed in the scenario (memory state RenewChargingStationCertificate): the leaf of its last
    CertificateSigned, issued by the next certificate of that chain."""
    chain = x509.load_pem_x509_certificates(session.command_request("CertificateSigned")["certificateChain"].encode())
    issuer = chain[1] if len(chain) > 1 else TestPki().csms_root.certificate
    session.command("DeleteCertificate", {"certificateHashData": hash_data(chain[0], issuer)})


def _delete_afterwards(session, certificate, certificate_type, future):
    """A real station: once the scenario ends, delete this certificate again if the station took it (answered
    Accepted; not a CSMS root signed by another, which replaced the station's own with
    AdditionalRootCertificateCheck)."""
    if session.config.station_embedded or (certificate_type == "CSMSRootCertificate"
                                            and certificate.issuer != certificate.subject):
        return
    pending = _state(session)["cleanup"]
    pending.append((certificate, future))
    if len(pending) > 1:
        return

    def accepted(future):
        try:
            outcome = future.result(0) if future.done() else None
        except Exception:      # noqa: BLE001 - not sent, or no answer: nothing to delete
            return False
        return outcome is not None and outcome.ok and (outcome.response or {}).get("status") == "Accepted"

    async def delete_installed_certificates():
        for installed in [c for c, f in pending if accepted(f)]:
            session.csms.note(session.station_id, "the suite sends DeleteCertificate to delete a certificate the "
                                                  "scenario installed (not part of the scenario)")
            await session.csms.send(session.station_id, "DeleteCertificate",
                                    {"certificateHashData": hash_data_of(installed)}, watch=False)
    session.cleanups.append(("installed certificates", delete_installed_certificates))


# ---------------------------------------------------------------------- what the station answered

def _named(session, name):
    """[(certificate, certificateType, issuer or None, name of it)] a feature names: "the configured <Type>[ and
    <Type>]", "the expired certificate", "the old CSMS root certificate"."""
    if name.startswith(CONFIGURED):
        return [(configured(session, t), t, None, CONFIGURED + t) for t in _split_types(name[len(CONFIGURED):])]
    if name == EXPIRED:
        expired = _state(session)["expired"]
        if expired is None:
            raise _step_error("the test CSMS sent no expired certificate in this scenario")
        request = session.command_request("InstallCertificate")
        return [(expired, request.get("certificateType"), expired, name)]
    if name == OLD_ROOT:
        old = TestPki().csms_root.certificate
        return [(old, "CSMSRootCertificate", old, name)]
    raise _step_error(f"no certificate {name!r}; say \"the configured <certificateType>\" (and more types joined by "
                      f"'and'), \"{EXPIRED}\" or \"{OLD_ROOT}\"")


def _describe(entries):
    def one(entry):
        data = entry.get("certificateHashData") or {}
        return f"{entry.get('certificateType')} serial {data.get('serialNumber')} ({data.get('hashAlgorithm')})"
    return ", ".join(one(e) for e in entries) or "nothing"


def check_listed(session, name):
    """The station's answer to the CSMS's last GetInstalledCertificateIds is Accepted and has, for each named
    certificate, an entry of its certificateType with its hash data (OCTT reusable state GetInstalledCertificates)."""
    answer = session.check_command_answer("GetInstalledCertificateIds", [("status", "Accepted")])
    entries = _listed(session, answer)
    for certificate, certificate_type, issuer, label in _named(session, name):
        if not any(e.get("certificateType") == certificate_type
                   and same_certificate(e.get("certificateHashData"), certificate, issuer) for e in entries):
            session.fail(f"{LISTED_RULE}: the station's answer to GetInstalledCertificateIds has no "
                         f"{certificate_type} entry with the hash data of {label} (serial "
                         f"{certificate.serial_number:x}, issuer name and key hashes in the hashAlgorithm the entry "
                         f"names); it lists {_describe(entries)}")


def check_not_listed(session, name):
    """The station's answer to the CSMS's last GetInstalledCertificateIds (Accepted, or NotFound) has no entry
    with the hash data of the named certificate."""
    outcome = session.command_outcome("GetInstalledCertificateIds")
    if not outcome.ok:
        session.fail(f"expected the station to answer GetInstalledCertificateIds with a CALLRESULT, but: "
                     f"{outcome.describe()}")
    entries = _listed(session, outcome.response)
    for certificate, _, issuer, label in _named(session, name):
        if any(same_certificate(e.get("certificateHashData"), certificate, issuer) for e in entries):
            session.fail(f"{_not_listed_rule(session, name)}, but its answer to GetInstalledCertificateIds lists "
                         f"{label} (serial {certificate.serial_number:x}): {_describe(entries)}")


def _not_listed_rule(session, name):
    if name == EXPIRED:
        return "M05.FR.07: the station must not install an invalid (expired) certificate"
    if name == OLD_ROOT:
        return ("M05.FR.13: once the station connected to the CSMS using the new CSMS root certificate, it removes "
                "the old one it kept as fallback")
    return "M04.FR.02: the station accepted DeleteCertificate, so it deleted the certificate"


def require_no_additional_root_check(session):
    """OCTT prerequisite "does NOT have AdditionalRootCertificateCheck implemented with value true": a station
    reporting SecurityCtrlr.AdditionalRootCertificateCheck true is not one the case is for: not run."""
    if _additional_root_check(session):
        raise NotRun(f"the case is for a station without {ARCC} true (OCTT prerequisite); the station reports it true")


# ---------------------------------------------------------------------- TLS after a new CSMS root (M05)

ROOTS = {"the new CSMS root certificate 2": ("new CSMS root", "M05.FR.13: with a new CSMS root certificate "
                                             "installed, the station verifies the CSMS's server certificate with it"),
         OLD_ROOT: ("valid", "M05.FR.14: when the new CSMS root certificate does not verify the CSMS's server "
                             "certificate, the station tries the old one it kept as fallback")}


def expect_tls_connection(session, root):
    """After the CSMS's Reset, a TLS connection attempt of the station at the wss:// address that presented a
    server certificate from this root got through (HTTP upgrade, accepted), within the reboot deadline; earlier
    attempts that failed are passed over (OCTT TC_M_31_CS step 4 fails, step 5 succeeds). Attempts at another
    server certificate do not count."""
    from . import station_security
    if root not in ROOTS:
        raise _step_error(f"no CSMS root {root!r}; say one of " + ", ".join(f'"{r}"' for r in ROOTS))
    if session.tls is None or not session.tls.profile or session.tls.profile < 2:
        raise _step_error('a TLS connection needs TLS: say "Given the test CSMS uses security profile 2" first')
    endpoint, rule = ROOTS[root]
    security = station_security.of(session)
    door = security.door

    def connected():
        for index, handshake in enumerate(door.handshakes[security.accounted:], security.accounted):
            if handshake.endpoint == endpoint and handshake.live:
                return index + 1, handshake
            if handshake.endpoint == endpoint != "valid" and handshake.closed and not handshake.upgraded:
                return "refused"    # only the one attempt met that server certificate: no need to wait on
        return None
    found = session.trace.wait_until(connected, session.reboot_timeout)
    if not found or found == "refused":
        seen = "\n  ".join(h.describe() for h in door.handshakes[security.accounted:]) or "none"
        session.fail(f"{rule}, but the station did not connect over TLS with the server certificate from {root} "
                     f"within {round(session.reboot_timeout, 1):g} s; its connection attempts to the TLS address:\n  "
                     f"{seen}")
    security.accounted, security.last_connected = found
