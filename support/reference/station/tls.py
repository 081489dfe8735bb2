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
- Network connection profiles (B09, B10): the station connects with the slot in use; after
  OCPPCommCtrlr.NetworkProfileConnectionAttempts failed attempts it takes the next slot of
  NetworkConfigurationPriority at once, and once every slot failed in turn it starts over with the
  first after its reconnection back-off (C-47); a reboot starts with the first slot.
  OCPPCommCtrlr.ActiveNetworkProfile reports the slot in use.
- AdditionalRootCertificateCheck (M05, settings.additional_root_certificate_check): a new
  CSMSRootCertificate must be signed by the one it replaces, which is kept as a fallback: it verifies
  the CSMS only with the slot that was in use when it was replaced, and only until the station
  connected to a CSMS whose certificate the new root vouches for.

StationFaults switch parts of this off for the mutation tests (accept_any_server_certificate,
accept_old_tls, accept_any_certificate_chain, no_security_events, upgrade_without_certificates,
ignore_network_configuration_priority, no_network_profile_fallback, profile_round_without_backoff,
fallback_root_for_any_profile, installed_csms_root_untrusted, no_additional_root_check, keep_fallback_root,
no_fallback_root).
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
        self._provisioned_url = None   # the provisioned slot's CSMS URL while another slot is in use
        self.profile_attempts = 0      # failed connection attempts with the slot in use since it was taken (B10)
        self.fallback_root = None      # (InstalledCertificate, slot): the old CSMS root kept as fallback (M05)
        self.provisioned_root_replaced = False   # a new CSMS root replaced the provisioned one (M05), or it was deleted
        self._provisioned_root = None  # (path, InstalledCertificate) of the provisioned CSMS root, read once

    # ------------------------------------------------------------------ connecting

    @property
    def security_profile(self):
        return int(self.station.device_model.value("SecurityCtrlr", "SecurityProfile"))

    def trusted_roots(self, root_type="CSMSRootCertificate", fallback=False):
        """PEM texts of the roots the station trusts for this InstallCertificateUse (fallback: with the old
        CSMS root kept as fallback, M05)."""
        roots = [c.pem for c in self.station.certificates if c.certificate_type == root_type]
        provisioned = self.provisioned_root() if root_type == "CSMSRootCertificate" else None
        if provisioned is not None:
            roots.insert(0, provisioned.pem)
        if root_type == "CSMSRootCertificate" and fallback and self.fallback_root is not None:
            roots.append(self.fallback_root[0].pem)
        return roots

    def connect_options(self, url):
        """Keyword arguments of websockets' connect(): an SSLContext for wss://, none for ws://."""
        return {"ssl": self.client_context()} if url.startswith("wss://") else {}

    def _fallback_applies(self):
        """M05 (OCTT TC_M_31_CS, TC_B_47_CS): the old CSMS root kept as fallback verifies the CSMS where the
        new one does not, but only with the network connection profile that was in use when the new root
        replaced it: a new profile's CSMS must be verified by the new root."""
        if self.fallback_root is None or self.station.faults.no_fallback_root:
            return False
        return self.station.faults.fallback_root_for_any_profile or self.fallback_root[1] == self.slot_in_use

    def client_context(self):
        faults = self.station.faults
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if faults.accept_any_server_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        else:
            roots = self.trusted_roots(fallback=self._fallback_applies())
            if faults.installed_csms_root_untrusted:
                installed = {c.pem for c in self.station.certificates}
                roots = [r for r in roots if r not in installed]
            for root in roots:
                context.load_verify_locations(cadata=root)
            # a trusted CSMS root signed by another one (M05: a new root signed by the old) is a trust anchor too
            context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
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

    def connected_with(self, url, websocket):
        """A connection attempt got through. Over TLS, when the new CSMS root alone vouches for the CSMS's
        certificate, the old one kept as fallback is dropped (M05, OCTT TC_M_30_CS)."""
        self.profile_attempts = 0
        if self.fallback_root is None or not url.startswith("wss://") or self.station.faults.keep_fallback_root:
            return
        ssl_object = websocket.transport.get_extra_info("ssl_object") if websocket.transport else None
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der:
            return
        leaf = x509.load_der_x509_certificate(der)
        for root in self.trusted_roots():
            try:
                leaf.verify_directly_issued_by(x509.load_pem_x509_certificate(root.encode()))
            except (ValueError, TypeError, InvalidSignature):
                continue
            self.fallback_root = None
            self.station._record(self.station.station_id, EVENT, "the new CSMS root verified the CSMS: the "
                                                                 "fallback CSMS root is dropped")
            return

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
        if self.station.faults.ignore_network_configuration_priority:
            return
        if first != self.slot_in_use and first in self.station.network_profiles:
            after(lambda: self.switch_to(first))

    async def switch_to(self, slot):
        """Connect (and boot) with the connection data of this configuration slot."""
        self.use_slot(slot)
        self.started()
        self.station._boot_required = True
        await self.station.reconnect()

    # ------------------------------------------------------------------ network connection profiles (B09, B10)

    def slot_url(self, slot):
        """The CSMS URL of a configuration slot: its SetNetworkProfile's, else (the provisioned slot) the one
        the station was set up with; None for a slot without connection data."""
        data = self.station.network_profiles.get(slot)
        if data is not None:
            return data["ocppCsmsUrl"]
        if slot == self._provisioned[0]:
            return self.station.csms_url if slot == self.slot_in_use else self._provisioned_url
        return None

    def use_slot(self, slot):
        """From the next connection attempt on, the station connects with this slot's connection data."""
        if self.slot_in_use == self._provisioned[0] and self.slot_in_use not in self.station.network_profiles:
            self._provisioned_url = self.station.csms_url
        url = self.slot_url(slot)
        self.slot_in_use = slot
        self.profile_attempts = 0
        self.station.csms_url = url.rstrip("/")
        self.station.device_model.get("SecurityCtrlr", "SecurityProfile").value = str(self.slot_profile(slot))
        self.station._record(self.station.station_id, EVENT,
                             f"the station takes network connection profile slot {slot}: {url}")

    def _usable_slots(self):
        priority = self.station.device_model.get("OCPPCommCtrlr", "NetworkConfigurationPriority")
        return [s for s in _slots(priority.value) if self.slot_url(s)]

    def attempt_failed(self):
        """A connection attempt with the slot in use failed. After NetworkProfileConnectionAttempts of them
        the station takes the next slot of NetworkConfigurationPriority (B10); True when it tries that one
        at once. After the last slot it starts over with the first, after the reconnection back-off (C-47:
        the default reconnection mechanism, OCTT TC_B_49_CS)."""
        faults = self.station.faults
        self.profile_attempts += 1
        try:
            allowed = int(self.station.device_model.value("OCPPCommCtrlr", "NetworkProfileConnectionAttempts"))
        except ValueError:
            allowed = 1
        if self.profile_attempts < max(1, allowed) or faults.no_network_profile_fallback:
            return False
        slots = self._usable_slots()
        if not slots:
            return False
        position = slots.index(self.slot_in_use) + 1 if self.slot_in_use in slots else 0
        following = slots[position % len(slots)]
        self.profile_attempts = 0
        if following != self.slot_in_use:
            self.use_slot(following)
        return position < len(slots) or (faults.profile_round_without_backoff and len(slots) > 1)

    def rebooted(self):
        """B10: after a reboot the station connects with the first slot of NetworkConfigurationPriority."""
        self.profile_attempts = 0
        if self.station.faults.ignore_network_configuration_priority:
            return
        slots = self._usable_slots()
        if slots and slots[0] != self.slot_in_use:
            self.use_slot(slots[0])

    # ------------------------------------------------------------------ AdditionalRootCertificateCheck (M05)

    def _current_csms_root(self):
        """The CSMS root the station trusts now: the one installed last, else the provisioned one."""
        installed = [c for c in self.station.certificates if c.certificate_type == "CSMSRootCertificate"]
        if installed:
            return installed[-1]
        return self.provisioned_root()

    def provisioned_root(self):
        """The CSMS root the station was provisioned with (an InstalledCertificate), while it has it: until a
        new one replaced it (M05) or DeleteCertificate deleted it (M04); GetInstalledCertificateIds lists it."""
        return provisioned_root_of(self, "CSMSRootCertificate")

    def install_root(self, certificate_type, certificate):
        """InstallCertificate with AdditionalRootCertificateCheck true (M05): a new CSMSRootCertificate must
        be signed by the one it replaces (else the answer refusing it); that one is kept as the fallback.
        Returns (a refusal answer or None, the issuer to compute the new one's hash data with or None)."""
        if certificate_type != "CSMSRootCertificate" or not self.station.settings.additional_root_certificate_check \
                or self.station.faults.no_additional_root_check:
            return None, None
        current = self._current_csms_root()
        if current is None or current.certificate == certificate:
            return None, None
        try:
            certificate.verify_directly_issued_by(current.certificate)
        except (ValueError, TypeError, InvalidSignature):
            return {"status": "Rejected", "statusInfo": {
                "reasonCode": "InvalidCertificate",
                "additionalInfo": "AdditionalRootCertificateCheck: not signed by the CSMS root it replaces"}}, None
        self.fallback_root = (current, self.slot_in_use)
        self.station.certificates = [c for c in self.station.certificates if c.certificate_type != "CSMSRootCertificate"]
        self.provisioned_root_replaced = True
        return None, current.certificate

    def listed_fallback(self):
        """The fallback CSMS root, listed by GetInstalledCertificateIds while it is kept (M05)."""
        return [self.fallback_root[0]] if self.fallback_root is not None else []

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


def provisioned_root_of(holder, certificate_use):
    """The root certificate a station's TLS holder (its settings.tls_ca_cert) was provisioned with, as an
    InstalledCertificate of this use (2.0.1 CSMSRootCertificate, 1.6 CentralSystemRootCertificate), read
    once per path; None once replaced or deleted (holder.provisioned_root_replaced)."""
    from .station import InstalledCertificate, certificate_hash_data
    path = holder.station.settings.tls_ca_cert
    if holder.provisioned_root_replaced or not path or not os.path.exists(path):
        return None
    if holder._provisioned_root is None or holder._provisioned_root[0] != path:
        with open(path) as f:
            text = f.read()
        certificate = x509.load_pem_x509_certificate(text.encode())
        holder._provisioned_root = (path, InstalledCertificate(certificate_use, text, certificate,
                                                               certificate_hash_data(certificate)))
    return holder._provisioned_root[1]
