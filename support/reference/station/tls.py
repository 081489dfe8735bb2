"""Transport security of the reference station (OCPP 2.0.1 A00, A02/A03, A04).

- TLS for security profiles 2 and 3: the station trusts the CSMS root it was provisioned with
  (settings.tls_ca_cert) and every CSMSRootCertificate installed since, verifies the server's
  certificate and host name, speaks TLS 1.2 or newer with the OCPP cipher suites, and with
  profile 3 presents its client certificate: the provisioned one (settings.tls_client_cert/key)
  until the CSMS signs a new one with CertificateSigned.
- CertificateSigned is checked for real: a PEM chain whose leaf holds the key of the station's last
  CSR of that type, valid now, chaining up to a trusted root; otherwise Rejected and an
  InvalidChargingStationCertificate security event.
- Security events (A04) it reports once connected and Accepted: StartupOfTheDevice or
  ResetOrReboot after a (re)start, InvalidCsmsCertificate / InvalidTLSVersion after a TLS handshake
  it ended.
- Security profile upgrades (A05): OCPPCommCtrlr.NetworkConfigurationPriority is refused when its
  first slot needs a CSMS root or a client certificate the station lacks; once accepted, the station
  reconnects (and boots) with that slot's URL and profile, and after it got through it drops the
  slots of a lower profile from the priority list.

StationFaults switch parts of this off for the mutation tests (accept_any_server_certificate,
accept_old_tls, accept_any_certificate_chain, no_security_events, upgrade_without_certificates).
"""
import datetime
import os
import ssl
import tempfile
import warnings

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from ...csms.scripted_tls import OCPP_CIPHERS
from ...pki.authority import key_pem
from ...scenario.trace import EVENT

ROOTS_OF = {"ChargingStationCertificate": "CSMSRootCertificate", "V2GCertificate": "V2GRootCertificate"}


def _public(key):
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def tls_failure_event(exc):
    """The security event type for a TLS handshake the station ended, or None (not a TLS matter)."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "InvalidCsmsCertificate"
    text = str(exc).upper()
    if isinstance(exc, ssl.SSLError) and any(word in text for word in (
            "PROTOCOL_VERSION", "UNSUPPORTED_PROTOCOL", "NO_PROTOCOLS_AVAILABLE", "WRONG_VERSION_NUMBER")):
        return "InvalidTLSVersion"
    return None


class StationTls:
    """The TLS and security-event state of one ReferenceStation (its `tls` attribute)."""

    def __init__(self, station):
        self.station = station
        self.pending_events = []       # [(type, techInfo)] to report once connected and Accepted
        self.startup = True            # the next Accepted boot follows a power-up or a reboot
        self.signed = {}               # certificateType -> (chain PEM, private key) accepted
        self._scratch = None
        priority = station.device_model.get("OCPPCommCtrlr", "NetworkConfigurationPriority")
        priority.check, priority.on_change = self._priority_valid, self._priority_changed
        self.slot_in_use = _slots(priority.value)[0]     # the provisioned connection counts as this slot
        self._provisioned = (self.slot_in_use, station.settings.security_profile)

    # ------------------------------------------------------------------ connecting

    @property
    def security_profile(self):
        return int(self.station.device_model.value("SecurityCtrlr", "SecurityProfile"))

    def trusted_roots(self, root_type="CSMSRootCertificate"):
        """PEM texts of the roots the station trusts for this InstallCertificateUse."""
        roots = [c.pem for c in self.station.certificates if c.certificate_type == root_type]
        path = self.station.settings.tls_ca_cert
        if root_type == "CSMSRootCertificate" and path and os.path.exists(path):
            with open(path) as f:
                roots.insert(0, f.read())
        return roots

    def connect_options(self, url):
        """Keyword arguments of websockets' connect(): an SSLContext for wss://, none for ws://."""
        return {"ssl": self.client_context()} if url.startswith("wss://") else {}

    def client_context(self):
        faults = self.station.faults
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if faults.accept_any_server_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        else:
            for root in self.trusted_roots():
                context.load_verify_locations(cadata=root)
        if faults.accept_old_tls:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
        else:
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.set_ciphers(OCPP_CIPHERS)
        if self.security_profile >= 3:
            files = self.client_certificate_files()
            if files:
                context.load_cert_chain(*files)
        return context

    def client_certificate_files(self):
        """(certificate chain path, key path) the station presents with security profile 3."""
        signed = self.signed.get("ChargingStationCertificate")
        if signed is not None:
            if self._scratch is None:     # load_cert_chain() reads files; removed with this object
                self._scratch = tempfile.TemporaryDirectory(prefix="reference-station-")
            chain_path = os.path.join(self._scratch.name, "charging-station-certificate.pem")
            key_path = os.path.join(self._scratch.name, "charging-station-certificate.key")
            with open(chain_path, "w") as f:
                f.write(signed[0])
            with open(key_path, "w") as f:
                f.write(key_pem(signed[1]))
            os.chmod(key_path, 0o600)
            return chain_path, key_path
        settings = self.station.settings
        if settings.tls_client_cert:
            return settings.tls_client_cert, settings.tls_client_key
        return None

    def connection_failed(self, exc):
        """A connection attempt failed with `exc`: remember the security event a TLS failure calls for."""
        event = tls_failure_event(exc)
        if event is None:
            return
        self.station._record(self.station.station_id, EVENT, f"the station ended the TLS handshake: {event}")
        if not any(t == event for t, _ in self.pending_events):
            self.pending_events.append((event, str(getattr(exc, "verify_message", "") or exc)))

    # ------------------------------------------------------------------ security events

    def started(self):
        """The station powered up or rebooted: its next Accepted boot reports it."""
        self.startup = True

    def after_connected(self, booted, boot_reason):
        """Connected and Accepted: report the (re)start and what went wrong while getting here."""
        self._drop_lower_slots()
        if self.station.faults.no_security_events:
            self.pending_events.clear()
            return
        if booted and self.startup:
            self.startup = False
            kind = "StartupOfTheDevice" if boot_reason == "PowerUp" else "ResetOrReboot"
            self.pending_events.insert(0, (kind, f"boot reason {boot_reason}"))
        for kind, info in self.pending_events:
            payload = {"type": kind, "timestamp": _now()}
            if info:
                payload["techInfo"] = info[:255]
            self.station._post("SecurityEventNotification", payload)
        self.pending_events.clear()

    # ------------------------------------------------------------------ security profile upgrade (A05)

    def slot_profile(self, slot):
        data = self.station.network_profiles.get(slot)
        if data is not None:
            return data["securityProfile"]
        return self._provisioned[1] if slot == self._provisioned[0] else None

    def _priority_valid(self, value):
        """A05.FR.02/.03: no switch to a profile the station lacks the certificates for."""
        slots = _slots(value)
        if not slots or any(self.slot_profile(s) is None for s in slots):
            return False
        profile = self.slot_profile(slots[0])
        if self.station.faults.upgrade_without_certificates:
            return True
        if profile >= 2 and not self.trusted_roots():
            return False
        if profile >= 3 and not self.client_certificate_files():
            return False
        return True

    def _priority_changed(self, value, after):
        first = _slots(value)[0]
        if first != self.slot_in_use and first in self.station.network_profiles:
            after(lambda: self.switch_to(first))

    async def switch_to(self, slot):
        """Connect (and boot) with the connection data of this configuration slot."""
        data = self.station.network_profiles[slot]
        self.slot_in_use = slot
        self.station.device_model.get("SecurityCtrlr", "SecurityProfile").value = str(data["securityProfile"])
        self.started()
        await self.station.set_csms_url(data["ocppCsmsUrl"])

    def _drop_lower_slots(self):
        """A05.FR.06: connected with a higher profile, the station no longer falls back to a lower one."""
        priority = self.station.device_model.get("OCPPCommCtrlr", "NetworkConfigurationPriority")
        current = self.slot_profile(self.slot_in_use) or 0
        slots = _slots(priority.value)
        kept = [s for s in slots if (self.slot_profile(s) or 0) >= current]
        if kept != slots:
            priority.value = ",".join(str(s) for s in kept)

    # ------------------------------------------------------------------ CertificateSigned (A02/A03)

    def chain_problem(self, chain_pem, certificate_type):
        """Why the station refuses this certificate chain, or None."""
        try:
            chain = x509.load_pem_x509_certificates(chain_pem.encode())
        except ValueError as exc:
            return f"not a PEM certificate chain: {exc}"
        leaf = chain[0]
        key = self.station.csr_keys.get(certificate_type)
        if key is None:
            return f"the station has sent no CSR for a {certificate_type}"
        if _public(leaf.public_key()) != _public(key.public_key()):
            return f"the certificate does not hold the key of the station's last CSR for a {certificate_type}"
        now = datetime.datetime.now(datetime.timezone.utc)
        for cert in chain:
            if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
                return f"the certificate {cert.subject.rfc4514_string()} is not valid now"
        for cert, issuer in zip(chain, chain[1:]):
            try:
                cert.verify_directly_issued_by(issuer)
            except (ValueError, TypeError, InvalidSignature):
                return f"{cert.subject.rfc4514_string()} is not issued by {issuer.subject.rfc4514_string()}"
        root_type = ROOTS_OF.get(certificate_type, "CSMSRootCertificate")
        roots = [x509.load_pem_x509_certificate(r.encode()) for r in self.trusted_roots(root_type)]
        top = chain[-1]
        for root in roots:
            if top == root:
                return None
            try:
                top.verify_directly_issued_by(root)
                return None
            except (ValueError, TypeError, InvalidSignature):
                continue
        return f"the chain does not lead to a {root_type} the station trusts"

    def certificate_signed(self, request, after):
        """The station's CertificateSignedResponse; an accepted ChargingStationCertificate is used from
        the next connection on."""
        certificate_type = request.get("certificateType", "ChargingStationCertificate")
        faults = self.station.faults
        problem = None if faults.accept_any_certificate_chain else self.chain_problem(
            request["certificateChain"], certificate_type)
        if problem:
            if not faults.no_security_events:
                after(lambda: self.station.security_event("InvalidChargingStationCertificate", problem))
            return {"status": "Rejected", "statusInfo": {"reasonCode": "InvalidCertificate",
                                                         "additionalInfo": problem[:512]}}
        key = self.station.csr_keys.get(certificate_type)
        if key is not None:
            self.signed[certificate_type] = (request["certificateChain"], key)
        return None


def _slots(value):
    try:
        return [int(s) for s in str(value).split(",") if s.strip()]
    except ValueError:
        return []


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
