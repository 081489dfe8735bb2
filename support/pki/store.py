"""The suite's test PKI on disk: made on first use in certs/ (idempotent), never committed.

  csms-root-ca      the CSMS root CA (signs the CSMS server and the station client certificates)
  csms-root-ca-2    a second CSMS root CA (a new CSMS's, OCTT TC_B_47_CS / TC_B_50_CS; 1.6 TC_076's root 2);
                    csms-root-ca-2-signed is its certificate signed by csms-root-ca, csms-server-root-2 a
                    server certificate it issued
  csms-server       the CSMS server certificate: SAN localhost and 127.0.0.1, CN as OCPP names it
  csms-server-rsa   the same with an RSA 2048 key, for the TLS_RSA_WITH_AES_*_GCM suites (TC_A_04_CSMS)
  station-<id>      a station client certificate: O = the operator, CN = the station identity
  invalid-ca / invalid-client   a client certificate from a CA the CSMS does not trust
  v2g-root-ca, mo-root-ca, manufacturer-root-ca   the other roots OCPP 2.0.1 knows

A tester can drop in their own files with the same names (certificate `<name>.pem`, key
`<name>.key`); existing files are used as they are, unless they expire within a year.
"""
import datetime
import fcntl
import os
import threading

from cryptography.hazmat.primitives import serialization

from .authority import CertificateAuthority, key_pem, load_cert, load_key, pem

DEFAULT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "certs")
OPERATOR = "OCPP Conformance Suite Operator"
_SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
_lock = threading.Lock()


class TestPki:
    __test__ = False

    def __init__(self, directory=DEFAULT_DIR):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        self._cache = {}

    def path(self, name, kind="pem"):
        return os.path.join(self.directory, f"{name}.{'pem' if kind == 'pem' else 'key'}")

    def _load(self, name):
        cert_path, key_path = self.path(name), self.path(name, "key")
        if not (os.path.exists(cert_path) and os.path.exists(key_path)):
            return None
        cert = load_cert(open(cert_path, "rb").read())
        soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365)
        if cert.not_valid_after_utc < soon:
            return None
        return cert, load_key(open(key_path, "rb").read())

    def _save(self, name, cert, key):
        with open(self.path(name, "key"), "w") as f:
            f.write(key_pem(key))
        os.chmod(self.path(name, "key"), 0o600)
        with open(self.path(name), "w") as f:
            f.write(pem(cert))

    def _get(self, name, make):
        with _lock:
            if name not in self._cache:
                # Several suite processes may start at once on a fresh clone: one makes, the others read.
                with open(os.path.join(self.directory, ".lock"), "w") as lock_file:
                    fcntl.flock(lock_file, fcntl.LOCK_EX)
                    loaded = self._load(name)
                    if loaded is None:
                        loaded = make()
                        self._save(name, *loaded)
                self._cache[name] = loaded
            return self._cache[name]

    def root(self, name, common_name):
        cert, key = self._get(name, lambda: _as_pair(CertificateAuthority.root(common_name)))
        return CertificateAuthority(cert, key)

    @property
    def csms_root(self):
        return self.root("csms-root-ca", "OCPP Suite CSMS Root CA")

    @property
    def v2g_root(self):
        return self.root("v2g-root-ca", "OCPP Suite V2G Root CA")

    @property
    def mo_root(self):
        return self.root("mo-root-ca", "OCPP Suite MO Root CA")

    @property
    def manufacturer_root(self):
        return self.root("manufacturer-root-ca", "OCPP Suite Manufacturer Root CA")

    @property
    def csms_root_2(self):
        """The CSMS root CA 2: the new CSMS root of a migration to another CSMS (OCTT TC_B_47_CS, TC_B_50_CS)."""
        return self.root("csms-root-ca-2", "OCPP Suite CSMS Root CA 2")

    def csms_root_2_signed(self):
        """OCTT's "<Configured (new) CSMS Root certificate 2>": a CA certificate for the key and name of the
        CSMS root CA 2, signed by the CSMS root CA (with AdditionalRootCertificateCheck a new CSMS root must
        be signed by the old one, M05). Servers it vouches for are issued by the CSMS root CA 2."""
        old, new = self.csms_root, self.csms_root_2
        make = lambda: (old._build(new.certificate.subject, new.key.public_key(), ca=True), new.key)  # noqa: E731
        cert, key = self._get("csms-root-ca-2-signed", make)
        if cert.public_key().public_bytes(*_SPKI) != new.key.public_key().public_bytes(*_SPKI):
            with _lock:             # the CSMS root CA 2 was made again since: so is this one
                self._cache.pop("csms-root-ca-2-signed", None)
                os.remove(self.path("csms-root-ca-2-signed"))
            cert, key = self._get("csms-root-ca-2-signed", make)
        return cert

    def csms_server_2(self):
        """(certificate path, key path) of a CSMS server certificate issued by the CSMS root CA 2."""
        ca = self.csms_root_2
        self._get("csms-server-root-2", lambda: ca.issue("csms.ocpp-suite.local", OPERATOR,
                                                          san=("localhost", "127.0.0.1", "csms.ocpp-suite.local"),
                                                          server=True))
        return self.path("csms-server-root-2"), self.path("csms-server-root-2", "key")

    def csms_server(self):
        """(certificate path, key path) of the CSMS server certificate."""
        ca = self.csms_root
        self._get("csms-server", lambda: ca.issue("csms.ocpp-suite.local", OPERATOR,
                                                   san=("localhost", "127.0.0.1", "csms.ocpp-suite.local"),
                                                   server=True))
        return self.path("csms-server"), self.path("csms-server", "key")

    def csms_server_rsa(self):
        """(certificate path, key path) of the CSMS server certificate with an RSA key: the TLS_RSA_*
        suites OCPP 2.0.1 and the 1.6 security whitepaper list need one next to the ECDSA certificate."""
        ca = self.csms_root
        self._get("csms-server-rsa", lambda: ca.issue("csms.ocpp-suite.local", OPERATOR,
                                                       san=("localhost", "127.0.0.1", "csms.ocpp-suite.local"),
                                                       server=True, key_kind="rsa"))
        return self.path("csms-server-rsa"), self.path("csms-server-rsa", "key")

    def station_client(self, station_id, organization=OPERATOR):
        """(certificate path, key path) of a station's client certificate (CN = the station id)."""
        ca = self.csms_root
        name = f"station-{station_id}"
        self._get(name, lambda: ca.issue(station_id, organization, client=True))
        return self.path(name), self.path(name, "key")

    def invalid_client(self, station_id):
        """A client certificate for the station from a CA the CSMS does not trust."""
        rogue = self.root("invalid-ca", "Untrusted Test CA")
        name = f"invalid-client-{station_id}"
        self._get(name, lambda: rogue.issue(station_id, OPERATOR, client=True))
        return self.path(name), self.path(name, "key")


def wrong_cn_client(pki, station_id):
    """A client certificate from the trusted CA whose CN is not the station identity."""
    name = f"wrong-cn-client-{station_id}"
    ca = pki.csms_root
    pki._get(name, lambda: ca.issue(f"{station_id}-OTHER", OPERATOR, client=True))
    return pki.path(name), pki.path(name, "key")


def expired_client(pki, station_id, directory):
    """An expired client certificate from the trusted CA, written to `directory` (never to certs/)."""
    import datetime as dt
    from .authority import key_pem as _key_pem, pem as _pem
    ca = pki.csms_root
    cert, key = ca.issue(station_id, OPERATOR, client=True, validity=dt.timedelta(days=-1))
    cert_path, key_path = os.path.join(directory, "expired-client.pem"), os.path.join(directory, "expired-client.key")
    with open(cert_path, "w") as f:
        f.write(_pem(cert))
    with open(key_path, "w") as f:
        f.write(_key_pem(key))
    return cert_path, key_path


def _as_pair(ca):
    return ca.certificate, ca.key
