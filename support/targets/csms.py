"""CSMS targets: where the test station connects, and how the suite makes the CSMS act.

Embedded (default): the reference CSMS and its trigger API on free loopback ports, seeded with the
configured station, password and idTokens. External: a URL and, optionally, a trigger API URL.
"""
import tempfile
from dataclasses import dataclass

from ..reference.csms import Faults, ReferenceCsms
from ..csms.trigger_api import TriggerApi
from .trigger_client import TriggerClient


@dataclass
class CsmsTarget:
    url: str
    trigger: TriggerClient = None
    reference: ReferenceCsms = None     # set for the embedded target only
    trigger_api: TriggerApi = None
    ocsp: object = None                 # the suite's OCSP responder (support/pki/ocsp.py), once started
    answered_once: bool = False         # a test station connected in this run
    dead_since: str = None              # the scenario in which the CSMS stopped taking connections
    answered_calls: bool = False        # the CSMS answered a CALL of a test station in this run
    silent_since: str = None            # the scenario in which a CALL of it went unanswered
    scratch: object = None              # the embedded target's temporary files (_Scratch), removed at stop

    @property
    def embedded(self):
        return self.reference is not None

    def describe(self):
        kind = "embedded reference CSMS" if self.embedded else "external CSMS"
        if self.trigger is None:
            return f"{kind} at {self.url} (no trigger API or adapter: manual actions go to the operator)"
        return f"{kind} at {self.url} ({self.trigger.describe()})"


def still_dead(target, probe_seconds=2.0, runtime=None, config=None):
    """The reason the next scenario is not run when the CSMS stopped serving in an earlier one and
    still does not; None when it answers again. Two ways to stop: it refuses connections (a TCP
    connect tells), or it takes them and answers nothing (a probe station's BootNotification tells)."""
    if target.silent_since is not None and runtime is not None and config is not None:
        # once reported, a shorter probe: each scenario not run costs only that
        reason = _silent(target, runtime, config, 2.0 if getattr(target, "silent_reported", False) else 5.0)
        if reason:
            return reason
    if target.dead_since is None:
        return None
    import socket
    from urllib.parse import urlsplit
    parts = urlsplit(target.url)
    port = parts.port or (443 if parts.scheme == "wss" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=probe_seconds):
            pass
    except OSError as exc:
        return f"the CSMS at {target.url} stopped answering in '{target.dead_since}' and still does not ({exc})"
    target.dead_since = None
    return None


def parse_faults(text):
    """'accept_blocked,boot_status=Rejected' -> Faults(accept_blocked=True, boot_status='Rejected')."""
    faults = {}
    for item in filter(None, (p.strip() for p in (text or "").split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            faults[key] = True
        elif key == "silent":
            faults[key] = value.split("+")
        elif value.isdigit():
            faults[key] = int(value)
        else:
            faults[key] = value
    return Faults(**faults)


def seed(reference, config):
    """Give the reference CSMS the configured stations and idTokens (what a tester sets up in a real CSMS)."""
    store = reference.store
    store.stations.clear()
    store.tokens.clear()
    store.transactions.clear()     # a transaction a scenario left running must not leak into the next
    store.add_station(config.station_id, config.password)
    store.add_station(config.station_id_16, config.password)
    store.add_station(config.sp2_station_id, config.password, security_profile=2)
    store.add_station(config.sp3_station_id, config.password, security_profile=3)
    store.add_station(config.station_id_16_sp2, config.password, security_profile=2)   # OCPP 1.6 profile 2
    store.add_station(config.station_id_16_sp3, config.password, security_profile=3)   # OCPP 1.6 profile 3
    group, master = config.group_id, config.masterpass_group_id
    for kind, status, group_id in (("valid", "Accepted", group), ("valid_2", "Accepted", group),
                                   ("group", "Accepted", group), ("invalid", "Invalid", None),
                                   ("blocked", "Blocked", None), ("expired", "Expired", None),
                                   ("masterpass", "Accepted", master)):
        id_token, type_ = config.token(kind)
        store.add_token(id_token, type_, status, group_id)
    emaid, emaid_type = config.token("emaid")
    store.add_token(emaid, emaid_type, "Accepted")    # C07: the eMAID of the EV contract certificate
    if config.energy_tariff:
        reference.energy_tariff = float(config.energy_tariff)   # the tariff a tester configures (block I)


SCRATCH_PREFIX = "ocpp-suite-tls-"


class _Scratch:
    """The embedded target's temporary folder (the expired client certificate, which must never go to
    certs/). remove() deletes it and clears the settings that pointed into it, so that a later start
    with the same Config makes new files; a folder never removed goes at interpreter exit."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX)
        self.path = self._folder.name
        self._settings = []      # (config values, setting) filled with a path in the folder

    def fill(self, values, setting, value):
        values[setting] = value
        if str(value).startswith(self.path):
            self._settings.append((values, setting))

    def remove(self):
        for values, setting in self._settings:
            if str(values.get(setting, "")).startswith(self.path):
                values[setting] = ""
        self._settings.clear()
        self._folder.cleanup()


def embedded_tls(config, faults, scratch):
    """Server TLS of the embedded CSMS from the test PKI; points the TLS settings at its files (the
    expired client certificate in `scratch`, a _Scratch)."""
    from ..reference.csms.tls import default_server_chains, tls_context

    from ..pki.store import TestPki, expired_client, wrong_cn_client
    pki = TestPki()
    ca = pki.path("csms-root-ca")
    client_cert, client_key = pki.station_client(config.sp3_station_id)
    bad_cert, bad_key = pki.invalid_client(config.sp3_station_id)
    wrong_cert, wrong_key = wrong_cn_client(pki, config.sp3_station_id)
    old_cert, old_key = expired_client(pki, config.sp3_station_id, scratch.path)
    client16_cert, client16_key = pki.station_client(config.station_id_16_sp3)    # the 1.6 profile 3 station
    for setting, value in (("tls_ca_cert", ca), ("tls_client_cert", client_cert), ("tls_client_key", client_key),
                           ("tls_invalid_client_cert", bad_cert), ("tls_invalid_client_key", bad_key),
                           ("tls_wrong_cn_client_cert", wrong_cert), ("tls_wrong_cn_client_key", wrong_key),
                           ("tls_expired_client_cert", old_cert), ("tls_expired_client_key", old_key),
                           ("tls_client_cert_16", client16_cert), ("tls_client_key_16", client16_key)):
        if not config.values.get(setting):
            scratch.fill(config.values, setting, value)
    return tls_context(default_server_chains(pki), ca, faults)


async def start_embedded(config, faults_text=""):
    faults = parse_faults(faults_text)
    target = CsmsTarget(url=None, scratch=_Scratch())
    try:
        reference = target.reference = ReferenceCsms(faults=faults, call_timeout=config.seconds("message_timeout"))
        seed(reference, config)
        await reference.start()
        target.url = reference.url
        await reference.server.start_tls(embedded_tls(config, faults, target.scratch))
        if not config.values.get("csms_tls_url"):
            config.values["csms_tls_url"] = reference.server.tls_url
        configure_certificates(reference, config)
        api = target.trigger_api = await TriggerApi(reference, new_password=config.new_password).start()
        target.trigger = TriggerClient(api.url, config.seconds("action_timeout") + 5)
        target.ocsp = await start_ocsp()
    except BaseException:
        await stop_embedded(target)      # what did start, and the temporary folder
        raise
    return target


def configure_certificates(reference, config):
    """What a tester configures in a CSMS for blocks A, M and C07: the CAs it signs station
    certificates with, the MO roots it trusts for contract certificates, the CAs whose OCSP answers
    it checks; and, for the test station, the V2G root the CSMS signs under."""
    from ..station import certificates as suite
    pki = suite.suite_pki()
    reference.configure_signing(pki.csms_root, suite.v2g_sub_ca(pki))
    reference.configure_trust([pki.mo_root.certificate], [ca.certificate for ca in suite.ocsp_issuers(pki)])
    if not config.values.get("v2g_root_ca_cert"):
        config.values["v2g_root_ca_cert"] = pki.path("v2g-root-ca")


async def start_ocsp():
    """The suite's OCSP responder on a free loopback port, answering for the MO and V2G CAs."""
    from ..pki.ocsp import OcspResponder
    from ..station import certificates as suite
    responder = OcspResponder()
    for ca in suite.ocsp_issuers():
        responder.add_issuer(ca.certificate, ca.key)
    return await responder.start()


async def ensure_ocsp(target):
    """The target's OCSP responder, started on first use (against an external CSMS too)."""
    if target.ocsp is None:
        target.ocsp = await start_ocsp()
    return target.ocsp


async def stop_embedded(target):
    try:
        if target.ocsp:
            await target.ocsp.stop()
        if target.trigger_api:
            await target.trigger_api.stop()
        if target.reference:
            await target.reference.stop()
    finally:
        if target.scratch is not None:
            target.scratch.remove()
            target.scratch = None


def _silent(target, runtime, config, seconds=5.0):
    """Probe a CSMS that left a CALL unanswered: a station connects and boots; no answer at all means
    it stopped serving (reported once; the next scenarios are not run until it answers again)."""
    from ..scenario.outcomes import live
    from ..station.test_station import TestStation
    from ..scenario.trace import MessageTrace
    station = TestStation(config.station_id, config.password, target.url, MessageTrace("liveness probe"))

    async def probe():
        try:
            handshake = await station.connect(timeout=seconds)
            if not handshake.accepted:
                return None          # refused: the usual paths judge that
            outcome = await station.send("BootNotification", station.boot_payload("PowerUp"), seconds)
            return outcome.ok or bool(outcome.error_code)
        finally:
            await station.disconnect()
    try:
        answered = runtime.run(probe(), seconds * 2 + 5)
    except Exception:
        answered = None
    if answered is False:
        if not getattr(target, "silent_reported", False):
            target.silent_reported = True
            live(f"\n>>> The CSMS at {target.url} takes connections but answers nothing since "
                 f"'{target.silent_since}'; the scenarios after it are not run until it answers again.")
        return (f"the CSMS at {target.url} answers nothing since '{target.silent_since}' (a probe station's "
                f"BootNotification got no answer in {seconds:g} s)")
    target.silent_since = None
    target.silent_reported = False
    return None


def external(config):
    trigger = TriggerClient(config.trigger_url, config.seconds("action_timeout") + 5) if config.trigger_url else None
    if config.values.get("csms_adapter"):     # a product adapter instead of the trigger API (-D csms_adapter=citrineos)
        from .product_adapters import build_adapter
        trigger = build_adapter(config.values["csms_adapter"], config)
    return CsmsTarget(url=config.csms_url, trigger=trigger)
