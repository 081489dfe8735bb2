"""Transport security of a station-direction scenario (OCTT block A, TC_A_xx_CS): the suite's
test CSMS serves security profile 2 (TLS and Basic auth) or 3 (TLS with a client certificate) on
its wss:// front door (support/csms/scripted_tls.py), can present a wrong server certificate or
old TLS at the station's next connection attempt, and checks what each attempt showed.

The embedded reference station is provisioned like a real one before it is switched on: the CSMS
root CA, and for profile 3 its client certificate from the suite's PKI. A station you drive
yourself (station_driver=sap) has to be given the front door's URL and those files by hand.
"""
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

from ..csms.scripted import build_set_network_profile, build_set_variables
from ..csms.scripted_tls import ENDPOINTS, VALID, client_certificate_problems, front_door, tls_problems
from ..pki.authority import pem
from ..pki.store import OPERATOR, TestPki

# How a feature names a wrong endpoint -> the front door's name for it.
WRONG_SERVER_CERTIFICATES = {
    "a server certificate from an unknown CA": "unknown CA",
    "an expired server certificate": "expired",
    "a server certificate for another host name": "wrong host",
    # wrong unless the station installed the CSMS root CA 2 (OCTT TC_M_30_CS)
    "a server certificate from the new CSMS root certificate 2": "new CSMS root",
}


def provision(session, settings):
    """Provision the embedded reference station as the scenario's security profile needs; returns
    (CSMS URL, Basic auth password) for it."""
    pki = TestPki()
    pki.csms_root                                   # made on first use
    security = session.tls
    if security is None or security.provision_root:
        settings.tls_ca_cert = pki.path("csms-root-ca")
    if security is None or not security.profile:
        return session.csms.url, None
    settings.security_profile = security.profile
    if security.profile == 1:
        return session.csms.url, session.config.password
    if security.profile == 3:
        settings.tls_client_cert, settings.tls_client_key = pki.station_client(session.station_id)
        return security.door.url, None
    return security.door.url, session.config.password


def of(session):
    """The scenario's StationSecurity, made on first use (session.tls)."""
    if session.tls is None:
        session.tls = StationSecurity(session)
    return session.tls


class StationSecurity:
    def __init__(self, session):
        self.session = session
        self.profile = None
        self.provision_root = True       # the embedded station gets the CSMS root CA before it is switched on
        self.door = session.run(front_door(session.csms, session.config.integer("test_csms_tls_port")))
        self.door.reset(session.station_id)
        self.accounted = 0               # connection attempts before this index are matched by earlier steps
        self.last_connected = None       # the Handshake of the last connection a step matched

    def close(self):
        self.door.reset()

    @property
    def config(self):
        return self.session.config

    # ------------------------------------------------------------------ what the CSMS does

    def use_profile(self, profile):
        """The test CSMS requires this security profile of the station under test."""
        if profile not in (1, 2, 3):
            self.session.fail(f"security profile {profile} does not exist; OCPP 2.0.1 has 1, 2 and 3")
        if self.session.driver is not None:
            self.session.fail("give the security profile before the station is switched on")
        self.profile = profile
        script = self.session.script
        script.security_profile = profile
        if profile <= 2:
            script.password = self.config.password
        if self.config.station_driver != "embedded" and profile >= 2:
            pki = TestPki()
            pki.csms_root
            what = (f"client certificate {pki.station_client(self.session.station_id)[0]} (and its .key)"
                    if profile == 3 else f"Basic auth password {self.config.password}")
            print(f">>> configure the station under test: CSMS URL {self.door.url}/{self.session.station_id}, "
                  f"security profile {profile}, CSMS root CA {pki.path('csms-root-ca')}, {what}")

    def without_csms_root(self):
        """The embedded station is not provisioned with the CSMS root CA (TC_A_20_CS)."""
        if self.session.driver is not None:
            self.session.fail("say that the station has no CSMS root certificate before it is switched on")
        self.provision_root = False

    def give_network_profile(self, profile, slot):
        """Make the CSMS send SetNetworkProfile for `slot`: its wss:// address for profiles 2 and 3, its
        ws:// address for 1. A higher profile is what the CSMS requires of the station from its next
        connection on (OCTT's second connectionData slot)."""
        url = self.door.url if profile >= 2 else self.session.csms.url
        self.session.command("SetNetworkProfile", build_set_network_profile(url, slot, profile))
        script = self.session.script
        if profile > (script.security_profile or 1):
            script.security_profile = profile
            if profile == 2 and script.password is None:
                script.password = self.config.password

    def put_slot_first(self, slot):
        """Make the CSMS send SetVariables OCPPCommCtrlr.NetworkConfigurationPriority = "<slot>,<the
        configured slot>" (OCTT's "<configurationSlot2>,<configurationSlot>")."""
        order = [str(slot)] + [s for s in [self.config.configuration_slot] if s != str(slot)]
        self.session.command("SetVariables", build_set_variables([{
            "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NetworkConfigurationPriority"},
            "attributeValue": ",".join(order)}]))

    def reset_if_reboot_required(self):
        """OCTT TC_A_19_CS step 5: Reset OnIdle only when the station answered the last SetVariables
        with RebootRequired."""
        answer = self.session.command_outcome("SetVariables").response or {}
        statuses = [r.get("attributeStatus") for r in answer.get("setVariableResult", [])]
        if "RebootRequired" in statuses:
            self.session.command("Reset", {"type": "OnIdle"})
            outcome = self.session.command_outcome("Reset")
            if not outcome.ok or outcome.response.get("status") != "Accepted":
                self.session.fail(f"the station did not accept Reset OnIdle: {outcome.describe()}")

    def present_next(self, kind):
        self.door.present_next(kind)

    def set_new_password(self):
        """Make the CSMS set SecurityCtrlr.BasicAuthPassword to the configured new password; from then on
        it expects that password (A01)."""
        payload = build_set_variables([f"SecurityCtrlr.BasicAuthPassword={self.config.new_password}"])
        self.session.command("SetVariables", payload)
        self.session.script.password = self.config.new_password

    def send_wrong_certificate(self, kind):
        """Make the CSMS answer the station's last CSR with a CertificateSigned the station must reject:
        signed by an unknown CA, or by the CSMS root but for another key than the CSR's."""
        session = self.session
        csr_text = session.latest_message("SignCertificate").frame.payload["csr"]
        pki = TestPki()
        if kind == "from an unknown CA":
            ca = pki.root("invalid-ca", "Untrusted Test CA")
            leaf = ca.sign_csr(csr_text)
        elif kind == "for another key than the CSR's":
            ca = pki.csms_root
            leaf, _ = ca.issue(session.station_id, OPERATOR, client=True)
        else:
            session.fail(f"no wrong certificate {kind!r}; say 'from an unknown CA' or "
                         "\"for another key than the CSR's\"")
        chain = pem(leaf) + "".join(pem(c) for c in ca.chain())
        session.command("CertificateSigned", {"certificateChain": chain,
                                              "certificateType": "ChargingStationCertificate"})

    # ------------------------------------------------------------------ what the station did

    def _attempts_after_mark(self):
        return self.door.handshakes[self.accounted:]

    def _wait_attempt(self, fits, what):
        """The first connection attempt not matched before for which fits(handshake) holds; the
        earlier ones are passed over."""
        session = self.session

        def found():
            for index, handshake in enumerate(self.door.handshakes[self.accounted:], self.accounted):
                if fits(handshake):
                    return index + 1, handshake
            return None
        result = session.trace.wait_until(found, session.timeout)
        if not result:
            seen = "\n  ".join(h.describe() for h in self._attempts_after_mark()) or "none"
            session.fail(f"{what} within {round(session.timeout, 1):g} s; the station's connection attempts to the TLS "
                         f"address since the last one a step matched:\n  {seen}")
        self.accounted, handshake = result
        return handshake

    def pass_over_attempts_so_far(self):
        """Connection attempts made until now are matched by no later step (see
        StationScenarioSession._connections_before_now_are_old)."""
        self.accounted = max(self.accounted, len(self.door.handshakes))

    def expect_refused(self, kinds):
        """The station's next attempt at a wrong endpoint (one of `kinds`) ends before its HTTP request."""
        handshake = self._wait_attempt(lambda h: h.endpoint in kinds and (h.upgraded or h.closed),
                                       f"the station made no connection attempt while the CSMS presented "
                                       f"{' or '.join(ENDPOINTS[k] for k in kinds)}")
        if handshake.upgraded:
            self.session.fail(f"the station accepted {ENDPOINTS[handshake.endpoint]} and sent its HTTP upgrade "
                              f"request over {handshake.tls_version}; it must end the TLS handshake instead "
                              f"({handshake.describe()})")

    def expect_connected(self):
        """The station is connected over TLS to the valid endpoint, on an attempt no step matched
        before, and the CSMS accepted it (security profile, password, client certificate)."""
        handshake = self._wait_attempt(
            lambda h: h.endpoint == VALID and h.live,
            "the station did not connect over TLS with the CSMS's valid server certificate")
        self.last_connected = handshake
        return handshake

    def _connection(self):
        """The connection a step matched last, else the station's latest TLS connection."""
        if self.last_connected is not None:
            return self.last_connected
        upgraded = [h for h in self.door.handshakes if h.upgraded and not h.refusal]
        if not upgraded:
            self.session.fail("the station has not connected over TLS in this scenario")
        return upgraded[-1]

    def check_tls(self):
        problems = tls_problems(self._connection())
        if problems:
            self.session.fail(f"the station's TLS connection breaks {self._rules('A00.FR.312, A00.FR.318')}:\n  "
                              + "\n  ".join(problems))

    def check_client_certificate(self):
        problems = client_certificate_problems(self._connection(), self.session.station_id)
        if problems:
            rules = self._rules("A00.FR.401, A00.FR.508, A00.FR.511")
            self.session.fail(f"the station's client certificate breaks {rules}:\n  " + "\n  ".join(problems))

    def _rules(self, whitepaper):
        """The requirements a TLS check stands for: OCPP 2.0.1 A00, or these of the 1.6 security whitepaper."""
        if self.session.version.startswith("1.6"):
            return f"the OCPP 1.6 security whitepaper ({whitepaper})"
        return "OCPP 2.0.1 A00"

    def check_signed_certificate_used(self):
        """The client certificate of the connection is the leaf of the CSMS's last CertificateSigned."""
        chain = self.session.command_request("CertificateSigned")["certificateChain"]
        leaf = x509.load_pem_x509_certificates(chain.encode())[0]
        handshake = self._connection()
        if not handshake.client_certificate:
            self.session.fail(f"the station presented no client certificate ({handshake.describe()})")
        presented = x509.load_der_x509_certificate(handshake.client_certificate)
        if presented != leaf:
            self.session.fail(f"the station presented the certificate {presented.subject.rfc4514_string()} serial "
                              f"{presented.serial_number:x}, not the one the CSMS signed (serial {leaf.serial_number:x})")

    def check_basic_auth(self, which):
        """OCTT TC_A_01_CS: Authorization: Basic base64(<identity in the URL>:<password>), the password 16
        to 40 characters of identifierString."""
        password = self.config.new_password if which == "new" else self.config.password
        handshake = self._connection()
        if handshake.credentials is None:
            self.session.fail(f"the station's HTTP upgrade request has no valid Basic Authorization header "
                              f"(it sent {handshake.authorization!r})")
        user, given = handshake.credentials
        problems = []
        if user != handshake.station_id:
            problems.append(f"the username is {user!r}, not the identity {handshake.station_id!r} of the URL")
        if given != password:
            problems.append(f"the password is {given!r}, expected the {which} password {password!r}")
        allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_=:+|@.")
        if not 16 <= len(given) <= 40 or set(given) - allowed:
            problems.append(f"the password {given!r} is not 16 to 40 alphanumeric or identifierString characters")
        if problems:
            self.session.fail("the station's Basic authentication is wrong:\n  " + "\n  ".join(problems))

    def check_csr_key(self):
        """OCTT: the CSR's key is EC of at least 224 bits or RSA/DSA of at least 2048 bits."""
        text = self.session.latest_message("SignCertificate").frame.payload.get("csr", "")
        try:
            key = x509.load_pem_x509_csr(text.encode()).public_key()
        except ValueError as exc:
            self.session.fail(f"the csr of the station's SignCertificate is not a PEM (RFC 2986) request: {exc}")
        if isinstance(key, ec.EllipticCurvePublicKey):
            if key.curve.key_size < 224:
                self.session.fail(f"the CSR's EC key has {key.curve.key_size} bits; at least 224 are required")
        elif isinstance(key, (rsa.RSAPublicKey, dsa.DSAPublicKey)):
            if key.key_size < 2048:
                self.session.fail(f"the CSR's key has {key.key_size} bits; at least 2048 are required")
        else:
            self.session.fail(f"the CSR's key is a {type(key).__name__}; OCPP wants EC, RSA or DSA")


# ---------------------------------------------------------------------- no CertificateSigned (TC_A_23_CS)

def expect_sign_certificate_repeats(session, count, seconds):
    """A02.FR.17/18 (OCTT TC_A_23_CS steps 5-10): the test CSMS accepted the station's SignCertificate and
    sends no CertificateSigned; the station sends SignCertificate again `count` times, the first no sooner
    than CertSigningWaitMinimum (`seconds`, protocol seconds: a number or a configured value) after the CSMS's
    answer to the one before, each later one no sooner than twice the wait before it, and not much later
    (within half the wait plus station_timeout). Each CSR is a valid PEM request with a key of the size OCTT
    checks."""
    from .expect import StepError, substitute
    try:
        wait = float(substitute(str(seconds), session.config))
    except ValueError:
        raise StepError(f"'{seconds}' is not a number of seconds") from None
    security = of(session)
    previous = session.latest_message("SignCertificate")
    for attempt in range(count):
        answer = session.answer_of_csms(previous)
        if answer is None:
            session.fail(f"the test CSMS did not answer the station's SignCertificate {previous.text}")
        protocol = wait * 2 ** attempt
        expected = session.protocol_seconds(protocol)
        entry = session.expect_message(
            "SignCertificate", after=answer, timeout=expected * 1.5 + session.timeout,
            what=f" again {protocol:g} protocol seconds ({expected:.3f} s: CertSigningWaitMinimum"
                 f"{f' x {2 ** attempt}' if attempt else ''}) after the test CSMS accepted the one before and sent no "
                 f"CertificateSigned (A02.FR.17, repeat {attempt + 1} of {count})")
        gap = entry.at - answer.at
        if gap < 0.97 * expected:
            session.fail(f"the station sent SignCertificate again {gap:.3f} s after the test CSMS accepted the one "
                         f"before; it waits CertSigningWaitMinimum{f' x {2 ** attempt}' if attempt else ''} "
                         f"({protocol:g} protocol seconds, {expected:.3f} s) for a CertificateSigned first "
                         f"(A02.FR.17/18)")
        session.check_csr()
        security.check_csr_key()
        previous = entry


def sign_first_csr(session):
    """OCTT TC_A_23_CS step 11: CertificateSigned (ChargingStationCertificate) with the certificate the CSMS
    root signs for the CSR of the station's first SignCertificate in the scenario (step 3's)."""
    from ..csms.scripted import build_certificate_signed
    sent = session.messages("SignCertificate")
    if not sent:
        session.fail("the station has sent no SignCertificate in this scenario")
    session.command("CertificateSigned", build_certificate_signed(None, "ChargingStationCertificate",
                                                                  sent[0].frame.payload.get("csr")))
