"""Certificates of the test station (blocks A and M, C07): the suite's PKI beyond the roots, the
station's truststore and its default answers to the CSMS's certificate requests, CSRs, contract
certificates for ISO 15118 authorization, and the checks of what the CSMS signs and returns.

Suite PKI (made on first use in certs/, next to the roots of support/pki/store.py):

  v2g-sub-ca      CPO sub-CA under the V2G root: signs the station's V2G (SECC) certificate
  v2g-secc        the station's V2G certificate, the leaf of its V2GCertificateChain
  mo-sub-ca       MO sub-CA under the MO root: signs the EV contract certificates

Contract certificates are made per scenario (CN = the eMAID, AIA = the suite's OCSP responder).
"""
import base64
import datetime
import os
import tempfile
import threading

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ..pki import ocsp as ocsp_mod
from ..pki.authority import CertificateAuthority, key_pem, load_cert, make_csr, pem
from ..pki.store import OPERATOR, TestPki

ROOT_TYPES = ("CSMSRootCertificate", "ManufacturerRootCertificate", "V2GRootCertificate", "MORootCertificate")
ID_TYPES = ROOT_TYPES + ("V2GCertificateChain",)
HASH_ALGORITHMS = ("SHA256", "SHA384", "SHA512")
ISO15118_SCHEMA = "urn:iso:15118:2:2013:MsgDef"

_lock = threading.Lock()
_pki = None


# ---------------------------------------------------------------------- the suite's PKI

def suite_pki():
    """The suite's TestPki (certs/), shared by the whole run."""
    global _pki
    with _lock:
        if _pki is None:
            _pki = TestPki()
        return _pki


def _issued(pki, name, parent, make):
    """(cert, key) stored as `name` in the PKI folder, remade when `parent` did not issue it
    (a root that was renewed makes its old sub-CA useless)."""
    with _lock:
        loaded = pki._cache.get(name) or pki._load(name)
        if loaded is not None:
            try:
                loaded[0].verify_directly_issued_by(parent.certificate)
            except (ValueError, TypeError, InvalidSignature):
                loaded = None
        if loaded is None:
            loaded = make()
            pki._save(name, *loaded)
        pki._cache[name] = loaded
        return loaded


def _sub_ca(pki, name, parent, common_name):
    cert, key = _issued(pki, name, parent, lambda: _pair(parent.subordinate(common_name)))
    return CertificateAuthority(cert, key, parent=parent)


def _pair(ca):
    return ca.certificate, ca.key


def root_of_type(certificate_type, pki=None):
    """The CertificateAuthority the suite installs for an InstallCertificateUse value."""
    pki = pki or suite_pki()
    return {"CSMSRootCertificate": lambda: pki.csms_root, "ManufacturerRootCertificate": lambda: pki.manufacturer_root,
            "V2GRootCertificate": lambda: pki.v2g_root, "MORootCertificate": lambda: pki.mo_root}[certificate_type]()


def v2g_sub_ca(pki=None):
    pki = pki or suite_pki()
    return _sub_ca(pki, "v2g-sub-ca", pki.v2g_root, "OCPP Suite V2G CPO Sub CA")


def mo_sub_ca(pki=None):
    pki = pki or suite_pki()
    return _sub_ca(pki, "mo-sub-ca", pki.mo_root, "OCPP Suite MO Sub CA")


def v2g_station_certificate(pki=None):
    """(certificate, issuing sub-CA) of the station's V2G (SECC) certificate."""
    pki = pki or suite_pki()
    sub = v2g_sub_ca(pki)
    cert, _ = _issued(pki, "v2g-secc", sub, lambda: sub.issue("SECC-OCPP-SUITE", OPERATOR, client=True,
                                                               server=True))
    return cert, sub


def ocsp_issuers(pki=None):
    """Every CA whose certificates the suite's OCSP responder answers for."""
    pki = pki or suite_pki()
    return [pki.mo_root, mo_sub_ca(pki), pki.v2g_root, v2g_sub_ca(pki)]


def contract_certificate(emaid, responder_url, pki=None):
    """An EV contract certificate for an eMAID, issued by the MO sub-CA, with an AIA OCSP URL.
    Returns (leaf, key, chain): the chain is [leaf, sub-CA certificate]."""
    sub = mo_sub_ca(pki)
    leaf, key = sub.issue(emaid, "OCPP Suite Mobility Operator", client=True, ocsp_url=responder_url)
    return leaf, key, [leaf, sub.certificate]


def chain_pem(certificates):
    return "".join(pem(c) for c in certificates)


# ---------------------------------------------------------------------- the station's certificates

class Installed:
    """One entry of the station's truststore: a certificate, its issuer and (V2G chain) its sub-CAs."""

    def __init__(self, certificate_type, certificate, issuer, children=()):
        self.certificate_type = certificate_type
        self.certificate = certificate
        self.issuer = issuer                # the issuer's certificate (itself for a root)
        self.children = list(children)      # [(certificate, issuer)] below a V2G station certificate

    def hash_data(self, algorithm):
        return ocsp_mod.hash_data(self.certificate, self.issuer, algorithm)

    def chain_entry(self, algorithm):
        entry = {"certificateType": self.certificate_type, "certificateHashData": self.hash_data(algorithm)}
        if self.children:
            entry["childCertificateHashData"] = [ocsp_mod.hash_data(c, i, algorithm) for c, i in self.children]
        return entry


def default_truststore(pki=None):
    """What the test station has installed before a scenario: the four roots and a V2G chain."""
    pki = pki or suite_pki()
    store = [Installed(t, root_of_type(t, pki).certificate, root_of_type(t, pki).certificate) for t in ROOT_TYPES]
    secc, sub = v2g_station_certificate(pki)
    store.append(Installed("V2GCertificateChain", secc, sub.certificate, [(sub.certificate, pki.v2g_root.certificate)]))
    return store


class StationCertificates:
    """Per test station: truststore, CSRs waiting for CertificateSigned, signed certificates, the
    EV's contract certificate, and what the station last asked the OCSP responder about."""

    def __init__(self):
        self.hash_algorithm = "SHA256"      # of the hash data the station reports (M03)
        self.installed = default_truststore()
        self.pending = {}                   # certificateType (None: combined) -> (csr_pem, key)
        self.signed = {}                    # certificateType (None: combined) -> (chain [certs], key)
        self.anchors = {}                   # certificateType (None: combined) -> [root certificates]
        self.signed_checks = []             # (certificateType, problems) of every CertificateSigned
        self.contract = None                # (leaf, key, chain) of the EV contract certificate
        self.ocsp_serials = []              # serial numbers the station's last message asked about
        self.ocsp_mark = 0                  # OCSP requests the responder had seen before that message
        self.last_reported = []             # certificateHashDataChain of the last GetInstalledCertificateIds

    # -- truststore
    def of_type(self, certificate_type):
        return [i for i in self.installed if i.certificate_type == certificate_type]

    def remove_type(self, certificate_type):
        self.installed = [i for i in self.installed if i.certificate_type != certificate_type]

    def find(self, hash_data):
        algorithm = hash_data.get("hashAlgorithm")
        if algorithm not in HASH_ALGORITHMS:
            return None
        for item in self.installed:
            if same_hash_data(item.hash_data(algorithm), hash_data):
                return item
        return None

    # -- CSRs
    def new_csr(self, certificate_type, common_name, organization=OPERATOR):
        csr, key = make_csr(common_name, organization)
        self.pending[certificate_type] = (csr, key)
        return csr


def of(model):
    """The StationCertificates of a station model, made on first use."""
    if getattr(model, "certificates", None) is None:
        model.certificates = StationCertificates()
    return model.certificates


def same_hash_data(a, b):
    """Two CertificateHashDataType values name the same certificate (hex compared without case,
    serial numbers as numbers)."""
    try:
        return (a["hashAlgorithm"] == b["hashAlgorithm"]
                and a["issuerNameHash"].lower() == b["issuerNameHash"].lower()
                and a["issuerKeyHash"].lower() == b["issuerKeyHash"].lower()
                and int(a["serialNumber"], 16) == int(b["serialNumber"], 16))
    except (KeyError, ValueError, AttributeError, TypeError):
        return False


# ---------------------------------------------------------------------- checks

def _public_bytes(key):
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_strength_problem(public_key):
    """A00.FR.306/.307: RSA/DSA at least 2048 bits, elliptic curves at least 224 bits."""
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return None if public_key.curve.key_size >= 224 else f"an EC key of {public_key.curve.key_size} bits (< 224)"
    if isinstance(public_key, rsa.RSAPublicKey):
        return None if public_key.key_size >= 2048 else f"an RSA key of {public_key.key_size} bits (< 2048)"
    return None


def parse_chain(text):
    """The certificates of a PEM bundle, leaf first; raises ValueError when it is not one."""
    if not isinstance(text, str) or "-----BEGIN CERTIFICATE-----" not in text:
        raise ValueError("it is not PEM encoded X.509 (no BEGIN CERTIFICATE block)")
    return x509.load_pem_x509_certificates(text.encode())


def check_signed_chain(chain_text, key, anchors):
    """Problems with a CertificateSigned certificateChain: the leaf must carry the CSR's public key,
    be valid now, have a serial number and a strong key, and chain up to one of `anchors` (when
    any are known). An empty list means the chain is right."""
    try:
        chain = parse_chain(chain_text)
    except ValueError as exc:
        return [f"the certificateChain cannot be read: {exc}"]
    problems = []
    leaf = chain[0]
    if key is not None and _public_bytes(leaf.public_key()) != _public_bytes(key.public_key()):
        problems.append("the leaf certificate does not carry the public key of the station's CSR")
    weak = key_strength_problem(leaf.public_key())
    if weak:
        problems.append(f"the leaf certificate has {weak}")
    now = datetime.datetime.now(datetime.timezone.utc)
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        problems.append(f"the leaf certificate is not valid now ({leaf.not_valid_before_utc:%Y-%m-%d} to "
                        f"{leaf.not_valid_after_utc:%Y-%m-%d})")
    if not leaf.serial_number:
        problems.append("the leaf certificate has no serial number")
    for child, parent in zip(chain, chain[1:]):
        try:
            child.verify_directly_issued_by(parent)
        except (ValueError, TypeError, InvalidSignature):
            problems.append(f"{_cn(child)} in the chain is not issued by the next certificate, {_cn(parent)}")
    if anchors:
        top = chain[-1]
        if not any(_issued_by_or_is(top, anchor) for anchor in anchors):
            names = " or ".join(_cn(a) for a in anchors)
            problems.append(f"the chain ends at {_cn(top)} issued by {top.issuer.rfc4514_string()}, "
                            f"not at the configured {names}")
    return problems


def _issued_by_or_is(cert, anchor):
    if cert == anchor:
        return True
    try:
        cert.verify_directly_issued_by(anchor)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def _cn(cert):
    names = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    return f"'{names[0].value}'" if names else cert.subject.rfc4514_string()


def ocsp_result_problems(ocsp_result, certificate, issuer):
    """Problems with a GetCertificateStatusResponse ocspResult: base64 of a DER RFC 6960 response,
    signed by the issuer, about `certificate`, saying good."""
    try:
        der = base64.b64decode(ocsp_result, validate=True)
    except (ValueError, TypeError):
        return ["ocspResult is not base64"]
    try:
        status, response = ocsp_mod.verify_response(der, issuer)
    except InvalidSignature:
        return [f"the OCSP response is not signed by {_cn(issuer)}"]
    except ValueError as exc:
        return [f"ocspResult is not a DER encoded OCSP response: {exc}"]
    if status not in ("good", "revoked", "unknown"):
        return [f"the OCSP response is unsuccessful ({status})"]
    problems = []
    if response.serial_number != certificate.serial_number:
        problems.append(f"the OCSP response is about serial {response.serial_number:x}, "
                        f"not {certificate.serial_number:x}")
    if status != "good":
        problems.append(f"the OCSP response says the certificate is {status}")
    return problems


# ---------------------------------------------------------------------- default answers

def _install_certificate(model, payload):
    """M05: a PEM X.509 CA certificate is Accepted (and installed, see ANSWERED); else Rejected."""
    try:
        certificate = parse_chain(payload["certificate"])[0]
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except (ValueError, x509.ExtensionNotFound):
        return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCertificate"}}
    if not constraints.ca:
        return {"status": "Rejected", "statusInfo": {"reasonCode": "NotACACertificate"}}
    return {"status": "Accepted"}


def _get_installed_certificate_ids(model, payload):
    """M03: hash data of the installed certificates of the asked types (all when omitted)."""
    certs = of(model)
    types = payload.get("certificateType") or list(ID_TYPES)
    chain = [i.chain_entry(certs.hash_algorithm) for i in certs.installed if i.certificate_type in types]
    if not chain:
        return {"status": "NotFound"}
    return {"status": "Accepted", "certificateHashDataChain": chain}


def _delete_certificate(model, payload):
    """M04: Accepted when a certificate has this hash data (deleted, see ANSWERED); else NotFound."""
    return {"status": "Accepted" if of(model).find(payload["certificateHashData"]) else "NotFound"}


def _pending_for(certs, certificate_type):
    if certificate_type in certs.pending:
        return certificate_type
    return None if None in certs.pending else next(iter(certs.pending), certificate_type)


def _certificate_signed(model, payload):
    """A02/A03: Accepted when the chain is made from the station's CSR (and, when known, chains up
    to the expected root); Rejected otherwise."""
    certs = of(model)
    certificate_type = payload.get("certificateType")
    pending = certs.pending.get(_pending_for(certs, certificate_type))
    if pending is None:
        certs.signed_checks.append((certificate_type, ["the station sent no CSR for this certificate"]))
        return {"status": "Rejected", "statusInfo": {"reasonCode": "NoCSR"}}
    problems = check_signed_chain(payload["certificateChain"], pending[1],
                                  certs.anchors.get(_pending_for(certs, certificate_type)))
    certs.signed_checks.append((certificate_type, problems))
    if problems:
        return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCertificateChain",
                                                     "additionalInfo": problems[0][:512]}}
    return {"status": "Accepted"}


# Default answers of the test station (registered in answers.DEFAULTS).
ANSWERS = {
    "InstallCertificate": _install_certificate,
    "GetInstalledCertificateIds": _get_installed_certificate_ids,
    "DeleteCertificate": _delete_certificate,
    "CertificateSigned": _certificate_signed,
}


# What the station does after its answer, whoever chose it (answers.AFTER): only an Accepted
# request changes its truststore or its certificate.

def _installed(model, payload, response):
    if response.get("status") != "Accepted":
        return
    certs = of(model)
    try:
        certificate = parse_chain(payload["certificate"])[0]
    except ValueError:
        return
    certs.installed = [i for i in certs.installed if i.certificate != certificate]
    certs.installed.append(Installed(payload["certificateType"], certificate, certificate))


def _reported(model, payload, response):
    of(model).last_reported = list(response.get("certificateHashDataChain") or [])


def _deleted(model, payload, response):
    certs = of(model)
    item = certs.find(payload["certificateHashData"])
    if response.get("status") == "Accepted" and item is not None:
        certs.installed.remove(item)


def _signed(model, payload, response):
    certs = of(model)
    key_type = _pending_for(certs, payload.get("certificateType"))
    if response.get("status") == "Accepted" and key_type in certs.pending:
        try:
            certs.signed[key_type] = (parse_chain(payload["certificateChain"]), certs.pending[key_type][1])
        except ValueError:
            pass


ANSWERED = {
    "InstallCertificate": _installed,
    "GetInstalledCertificateIds": _reported,
    "DeleteCertificate": _deleted,
    "CertificateSigned": _signed,
}


# ---------------------------------------------------------------------- files for TLS

def client_tls_with(ca_path, chain, key):
    """An ssl context presenting this certificate chain and key (written to temporary files that
    are removed once loaded)."""
    from .tls import client_context
    folder = tempfile.mkdtemp(prefix="ocpp-suite-renewed-")
    cert_path, key_path = os.path.join(folder, "client.pem"), os.path.join(folder, "client.key")
    try:
        with open(key_path, "w") as f:
            f.write(key_pem(key))
        os.chmod(key_path, 0o600)
        with open(cert_path, "w") as f:
            f.write(chain_pem(chain))
        return client_context(ca_path, cert_path, key_path)
    finally:
        for path in (cert_path, key_path):
            if os.path.exists(path):
                os.remove(path)
        os.rmdir(folder)


def load_anchor(path):
    """A root certificate from a PEM file, or None when no path is configured."""
    if not path:
        return None
    with open(path, "rb") as f:
        return load_cert(f.read())


# ---------------------------------------------------------------------- scenario operations (steps call these)

def station_certificates(session, station=None):
    """The StationCertificates of the station, with the roots the CSMS is expected to sign under:
    the CSMS root (CSMS_ROOT_CA_CERT, else TLS_CA_CERT) and the V2G root (V2G_ROOT_CA_CERT)."""
    station = station or session.station
    certs = of(station.model)
    config = session.config
    csms_root = load_anchor(config.csms_root_ca_cert or config.tls_ca_cert)
    v2g_root = load_anchor(config.v2g_root_ca_cert)
    certs.anchors = {"ChargingStationCertificate": [csms_root] if csms_root else [],
                     "V2GCertificate": [v2g_root] if v2g_root else [],
                     None: [v2g_root] if v2g_root else []}
    return certs


def send_sign_certificate(session, certificate_type, station=None):
    """SignCertificateRequest with a fresh CSR (CN = the station identity, O = the operator); the
    certificateType is left out for a combined certificate (None)."""
    station = session.require_connected(station)
    csr = station_certificates(session, station).new_csr(certificate_type, station.station_id)
    payload = {"csr": csr}
    if certificate_type:
        payload["certificateType"] = certificate_type
    return session.send("SignCertificate", payload, station)


def check_certificate_signed(session, root, station=None):
    """The last CertificateSigned the CSMS sent holds a certificate made from the station's CSR and
    chaining up to the configured root ('CSMS root' or 'V2G root')."""
    station = station or session.station
    requests = station.requests_from_csms("CertificateSigned")
    if not requests:
        session.fail("the CSMS has not sent CertificateSigned to the station")
    payload = requests[-1].frame.payload
    certs = station_certificates(session, station)
    certificate_type = payload.get("certificateType")
    key_type = _pending_for(certs, certificate_type)
    if key_type not in certs.pending:
        session.fail("the station sent no SignCertificate in this scenario, so no CSR to compare with")
    anchors = {"CSMS root": certs.anchors["ChargingStationCertificate"], "V2G root": certs.anchors["V2GCertificate"]}
    if root not in anchors:
        session.fail(f"'{root}' is not a root the suite knows; use CSMS root or V2G root")
    if not anchors[root]:
        print(f"note: no {root} is configured, so only the CSR's key and the chain's shape are checked")
    problems = check_signed_chain(payload["certificateChain"], certs.pending[key_type][1], anchors[root])
    if problems:
        session.fail("the certificateChain of the CSMS's CertificateSigned is wrong:\n  " + "\n  ".join(problems))


def renew_charging_station_certificate(session, station=None):
    """Memory state RenewChargingStationCertificate with its tool validations: the CSMS triggers
    SignChargingStationCertificate, accepts the station's CSR and sends a certificate signed by the
    CSMS root, which the station accepts."""
    from ..scenario import csms_commands
    station = session.require_connected(station)
    csms_commands.ask_to_trigger(session, "SignChargingStationCertificate")
    session.expect_request("TriggerMessage", [("requestedMessage", "SignChargingStationCertificate")],
                           station=station)
    send_sign_certificate(session, "ChargingStationCertificate", station)
    session.check_answer("SignCertificate", [("status", "Accepted")], station)
    session.expect_request("CertificateSigned", [("certificateType", "ChargingStationCertificate")], station=station)
    check_certificate_signed(session, "CSMS root", station)
    if "ChargingStationCertificate" not in of(station.model).signed:
        session.fail("the station did not accept the certificate the CSMS signed")


def ask_to_install(session, certificate_type):
    """Manual action: make the CSMS send InstallCertificate with the suite's root of this type."""
    from ..scenario import csms_commands
    payload = {"certificateType": certificate_type, "certificate": pem(root_of_type(certificate_type).certificate)}
    csms_commands.ask(session, f"make the CSMS install the {certificate_type}", "call/InstallCertificate", payload,
                      "InstallCertificate")


def check_install_request(session, certificate_type):
    """InstallCertificate with this certificateType and the suite's certificate of that type."""
    payload = session.expect_request("InstallCertificate", [("certificateType", certificate_type)])
    expected = root_of_type(certificate_type).certificate
    try:
        sent = parse_chain(payload["certificate"])[0]
    except ValueError as exc:
        session.fail(f"the certificate of the CSMS's InstallCertificate cannot be read: {exc}")
    if sent != expected:
        session.fail(f"the CSMS's InstallCertificate carries {_cn(sent)}, not the configured {certificate_type} "
                     f"{_cn(expected)}")


def ask_installed_ids(session, certificate_types):
    """Manual action: make the CSMS send GetInstalledCertificateIds (every type when none given)."""
    from ..scenario import csms_commands
    payload = {"certificateType": list(certificate_types)} if certificate_types else {}
    shown = " and ".join(certificate_types) if certificate_types else "every type"
    csms_commands.ask(session, f"make the CSMS get the installed certificates of {shown}",
                      "call/GetInstalledCertificateIds", payload, "GetInstalledCertificateIds")


def check_installed_ids_request(session, certificate_type):
    """GetInstalledCertificateIds whose certificateType contains this type or is omitted (M04)."""
    payload = session.expect_request("GetInstalledCertificateIds")
    asked = payload.get("certificateType")
    if asked is not None and certificate_type not in asked:
        session.fail(f"the CSMS asked for the installed certificates of {asked}, not of {certificate_type} "
                     f"(nor of every type)")


def ask_to_delete(session, certificate_type):
    """Manual action: make the CSMS delete a certificate of this type (trigger API delete-certificate;
    the CSMS finds its hash data on the station first)."""
    from ..scenario import csms_commands
    csms_commands.ask(session, f"make the CSMS delete the station's {certificate_type}", "delete-certificate",
                      {"certificateType": certificate_type}, "DeleteCertificate")


def check_delete_request(session, certificate_type):
    """DeleteCertificate with exactly the hash data the station reported for a certificate of this
    type (M04.FR.07: the same hashAlgorithm)."""
    station = session.station
    payload = session.expect_request("DeleteCertificate")
    reported = [e["certificateHashData"] for e in of(station.model).last_reported
                if e["certificateType"] == certificate_type]
    if not reported:
        session.fail(f"the station has not reported a {certificate_type} to the CSMS")
    sent = payload["certificateHashData"]
    if not any(same_hash_data(sent, r) for r in reported):
        session.fail(f"the CSMS's DeleteCertificate names {sent}, not the hash data the station reported: {reported}")


# -- C07 / M06: OCSP

def responder(session):
    """The suite's OCSP responder (started on first use against an external CSMS) and the URL the
    CSMS reaches it at."""
    from ..targets.csms import ensure_ocsp
    ocsp = session.run(ensure_ocsp(session.target), 10)
    return ocsp, session.config.ocsp_responder_url or ocsp.url


def contract(session, station=None):
    """The EV's contract certificate (leaf, key, chain) for the eMAID, made on first use."""
    station = station or session.station
    certs = of(station.model)
    if certs.contract is None:
        _, url = responder(session)
        certs.contract = contract_certificate(session.config.token("emaid")[0], url)
    return certs.contract


def set_contract_status(session, status):
    ocsp, _ = responder(session)
    ocsp.set_status(contract(session)[0], status)


def _remember_ocsp_question(session, station, certificates_asked):
    ocsp, _ = responder(session)
    certs = of(station.model)
    certs.ocsp_mark = ocsp.request_count
    certs.ocsp_serials = [c.serial_number for c in certificates_asked]


def send_authorize_with_hash_data(session):
    """Authorize for the eMAID with iso15118CertificateHashData of the contract chain (leaf and
    sub-CA), each with the suite's OCSP responder as responderURL (C07, local validation)."""
    station = session.require_connected()
    leaf, _, chain = contract(session, station)
    _, url = responder(session)
    pki = suite_pki()
    issuers = chain[1:] + [pki.mo_root.certificate]
    data = [ocsp_mod.ocsp_request_data(cert, issuer, url) for cert, issuer in zip(chain, issuers)]
    _remember_ocsp_question(session, station, [leaf])
    emaid, emaid_type = session.config.token("emaid")
    return session.send("Authorize", {"idToken": {"idToken": emaid, "type": emaid_type},
                                      "iso15118CertificateHashData": data}, station)


def send_authorize_with_certificate(session):
    """Authorize for the eMAID with the contract certificate chain in PEM (C07, central validation)."""
    station = session.require_connected()
    leaf, _, chain = contract(session, station)
    _remember_ocsp_question(session, station, [leaf])
    emaid, emaid_type = session.config.token("emaid")
    return session.send("Authorize", {"idToken": {"idToken": emaid, "type": emaid_type},
                                      "certificate": chain_pem(chain)}, station)


def send_certificate_status_request(session):
    """GetCertificateStatus for the V2G sub-CA of the station's V2G chain, at the suite's responder."""
    station = session.require_connected()
    _, url = responder(session)
    sub = v2g_sub_ca()
    _remember_ocsp_question(session, station, [sub.certificate])
    return session.send("GetCertificateStatus", {"ocspRequestData": ocsp_mod.ocsp_request_data(
        sub.certificate, suite_pki().v2g_root.certificate, url)}, station)


def check_csms_asked_responder(session):
    """Since the station's last message about a certificate, the OCSP responder got a request about it."""
    station = session.station
    certs = of(station.model)
    if not certs.ocsp_serials:
        session.fail("the station has not sent a message about a certificate in this scenario")
    ocsp, url = responder(session)
    asked = ocsp.requests[certs.ocsp_mark:]
    if not any(serial in asked for serial in certs.ocsp_serials):
        shown = ", ".join(format(s, "x") for s in certs.ocsp_serials)
        session.fail(f"the CSMS did not ask the OCSP responder at {url} about serial {shown} "
                     f"({len(asked)} OCSP request(s) since the station's message)")


def check_ocsp_result(session):
    """The ocspResult of the CSMS's GetCertificateStatusResponse is the signed OCSP answer that the
    V2G sub-CA certificate is good."""
    response = session.check_answer("GetCertificateStatus", [("status", "Accepted"), ("ocspResult", "(present)")])
    problems = ocsp_result_problems(response["ocspResult"], v2g_sub_ca().certificate, suite_pki().v2g_root.certificate)
    if problems:
        session.fail("the ocspResult of the CSMS's GetCertificateStatusResponse is wrong:\n  " + "\n  ".join(problems))


# -- M01/M02

EV_REQUESTS = {"CertificateInstallationReq": "Install", "CertificateUpdateReq": "Update"}


def send_ev_certificate_request(session, request):
    """Get15118EVCertificate forwarding an EV's CertificateInstallationReq or CertificateUpdateReq
    (the EXI stream stands for one; the CSMS passes it to its certificate provisioning service)."""
    if request not in EV_REQUESTS:
        session.fail(f"'{request}' is not an ISO 15118 request the station forwards; use "
                     f"{' or '.join(EV_REQUESTS)}")
    exi = b"\x80\x98" + request.encode() + os.urandom(32)
    return session.send("Get15118EVCertificate", {"iso15118SchemaVersion": ISO15118_SCHEMA,
                                                  "action": EV_REQUESTS[request],
                                                  "exiRequest": base64.b64encode(exi).decode()})


def check_exi_response(session):
    response = session.check_answer("Get15118EVCertificate", [("status", "Accepted")])
    try:
        raw = base64.b64decode(response.get("exiResponse", ""), validate=True)
    except (ValueError, TypeError):
        raw = None
    if not raw:
        session.fail(f"the exiResponse of the CSMS is not a non-empty Base64 EXI stream: {response.get('exiResponse')!r}")
