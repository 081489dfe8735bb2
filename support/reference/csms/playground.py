"""Run the reference CSMS on its own: a playground CSMS that other suites and tools can use.

  python -m support.reference.csms.playground --port 9000 --trigger-port 5001 \\
      --station CP_1:0123456789123456 --token 04A1B2C3D4E501:Accepted:GROUP001

  # security profiles 2 and 3 as well: wss:// on port 9443, certificates from the suite's PKI (certs/)
  python -m support.reference.csms.playground --port 9000 --tls-port 9443 \\
      --station CP_TLS:0123456789123456:2 --station CP_CERT::3

It prints its URLs (and, with TLS, where the certificates to trust are), logs every frame (text or
JSON lines), and stops on Ctrl-C or SIGTERM. docs/reference-csms.md describes every option.
"""
import argparse
import asyncio
import json
import signal
import sys
import time

from ...config import Config
from ...pki.store import DEFAULT_DIR, TestPki
from ...targets.csms import parse_faults, seed
from . import ReferenceCsms
from .core import PENDING_INTERVAL
from ...csms.server import tune_for_many_connections
from ...csms.trigger_api import TriggerApi

TOKEN_STATUSES = ("Accepted", "Blocked", "ConcurrentTx", "Expired", "Invalid", "NoCredit",
                  "NotAllowedTypeEVSE", "NotAtThisLocation", "NotAtThisTime", "Unknown")
PROFILES = (1, 2, 3)


def _station(text):
    """ID:PASSWORD[:PROFILE] -> (id, password, profile or None). A password may hold ':' when the
    profile is given; profile 3 needs no password (the client certificate identifies the station)."""
    parts = text.split(":")
    profile = None
    if len(parts) >= 3 and parts[-1].strip().isdigit():
        profile = int(parts[-1])
        if profile not in PROFILES:
            raise argparse.ArgumentTypeError(f"'{text}': security profile {profile} is not 1, 2 or 3")
        parts = parts[:-1]
    station_id, password = parts[0], ":".join(parts[1:])
    if len(parts) < 2 or not station_id or (not password and profile != 3):
        raise argparse.ArgumentTypeError(f"'{text}' is not STATION_ID:PASSWORD[:PROFILE] (PROFILE 1, 2 or 3; "
                                         f"profile 3 may leave the password empty: STATION_ID::3)")
    return station_id, password, profile


def _token(text):
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise argparse.ArgumentTypeError(f"'{text}' is not IDTOKEN:STATUS[:GROUP_ID]")
    if parts[1] not in TOKEN_STATUSES:
        raise argparse.ArgumentTypeError(f"'{parts[1]}' is not an AuthorizationStatus ({', '.join(TOKEN_STATUSES)})")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _seconds(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of seconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}': an interval cannot be negative")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m support.reference.csms.playground", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="OCPP WebSocket port, ws:// (default: a free port)")
    parser.add_argument("--trigger-port", type=int, default=0, help="trigger API port (default: a free port)")
    parser.add_argument("--station", type=_station, action="append", default=[], metavar="ID:PASSWORD[:PROFILE]",
                        help="a station it knows, with its security profile (1: Basic auth over ws://, 2: TLS and "
                             "Basic auth, 3: TLS client certificate; repeatable). Without PROFILE: 1, or the profile "
                             "of a station the suite registers anyway (see docs/reference-csms.md)")
    parser.add_argument("--token", type=_token, action="append", default=[],
                        help="an idToken, IDTOKEN:STATUS[:GROUP_ID] (repeatable); default: the suite's tokens")
    parser.add_argument("--heartbeat-interval", type=_seconds, default=300,
                        help="interval of a BootNotificationResponse Accepted (default 300)")
    parser.add_argument("--pending-interval", type=_seconds, default=PENDING_INTERVAL,
                        help="interval of a BootNotificationResponse Pending or Rejected: when the station boots "
                             f"again (default {PENDING_INTERVAL})")
    parser.add_argument("--faults", default="", help="deliberate faults, e.g. accept_blocked,boot_status=Rejected")
    parser.add_argument("--log-format", choices=("text", "json", "none"), default="text")
    tls = parser.add_argument_group("TLS (security profiles 2 and 3)")
    tls.add_argument("--tls-port", type=int, default=None,
                     help="wss:// port (0: a free port). TLS is served when this, --server-cert or --client-ca is "
                          "given, or a --station has profile 2 or 3 (then on a free port unless given)")
    tls.add_argument("--server-cert", action="append", default=[], metavar="PEM",
                     help="server certificate chain; give it twice for an ECDSA and an RSA certificate (default: "
                          "both, made by the suite's PKI in certs/)")
    tls.add_argument("--server-key", action="append", default=[], metavar="PEM",
                     help="key of the --server-cert given in the same position")
    tls.add_argument("--client-ca", metavar="PEM",
                     help="CA(s) client certificates are verified with (default: the suite's CSMS root CA)")
    tls.add_argument("--signing-ca-cert", metavar="PEM",
                     help="CA that signs the CSRs of SignCertificate (ChargingStationCertificate) for "
                          "CertificateSigned; further certificates in the file are its chain (default: the "
                          "suite's CSMS root CA)")
    tls.add_argument("--signing-ca-key", metavar="PEM", help="key of --signing-ca-cert")
    tls.add_argument("--pki-dir", default=DEFAULT_DIR, metavar="DIR",
                     help="where the suite's PKI keeps the certificates it makes for the defaults above: the "
                          f"CSMS root CA, the server certificates, station client certificates (default {DEFAULT_DIR})")
    args = parser.parse_args(argv)
    if len(args.server_cert) != len(args.server_key):
        parser.error("give a --server-key for every --server-cert (in the same order)")
    if bool(args.signing_ca_cert) != bool(args.signing_ca_key):
        parser.error("--signing-ca-cert and --signing-ca-key go together")
    for option in ("port", "trigger_port", "tls_port"):
        value = getattr(args, option)
        if value is not None and not 0 <= value <= 65535:
            parser.error(f"--{option.replace('_', '-')} {value} is not a port number (0-65535)")
    return args


def wants_tls(args):
    return (args.tls_port is not None or bool(args.server_cert) or bool(args.client_ca)
            or any(profile in (2, 3) for _, _, profile in args.station))


def load_signing_ca(cert_path, key_path):
    """A CertificateAuthority from PEM files: the first certificate with its key; further
    certificates in the file are its chain, sent in CertificateSigned unless self-signed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from ...pki.authority import CertificateAuthority, load_key
    with open(cert_path, "rb") as f:
        certificates = x509.load_pem_x509_certificates(f.read())
    with open(key_path, "rb") as f:
        key = load_key(f.read())
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, spki) != \
            certificates[0].public_key().public_bytes(serialization.Encoding.DER, spki):
        raise ValueError(f"{key_path} is not the key of the first certificate in {cert_path}")
    parent = None
    for certificate in reversed(certificates[1:]):
        parent = CertificateAuthority(certificate, None, parent)
    return CertificateAuthority(certificates[0], key, parent)


def tls_setup(args, csms, pki):
    """(SSLContext, lines to print): the server certificates, client CA and client certificates of
    the profile 3 stations, made by the suite's PKI unless given."""
    from .tls import default_server_chains, key_type, tls_context
    pki.csms_root    # made on first use: the CA of the generated certificates
    generated_ca = pki.path("csms-root-ca")
    chains = list(zip(args.server_cert, args.server_key)) or default_server_chains(pki)
    client_ca = args.client_ca or generated_ca
    context = tls_context(chains, client_ca, csms.faults)
    lines = [f"  server certificate ({key_type(cert)}): {cert}" for cert, _ in chains]
    if not args.server_cert:
        lines.append(f"  CA of the server certificates, to trust: {generated_ca}")
    elif "RSA" not in {key_type(cert) for cert, _ in chains}:
        lines.append("  note: no RSA server certificate, so no TLS_RSA_WITH_AES_*_GCM suite (TC_A_04_CSMS wants them)")
    lines.append(f"  client certificates verified with: {client_ca}")
    for station_id, record in sorted(csms.store.stations.items()):
        if record.security_profile == 3 and not args.client_ca:
            cert, key = pki.station_client(station_id)
            lines.append(f"  client certificate of {station_id} (profile 3): {cert} (key {key})")
    return context, lines


class Playground:
    """A started playground: the reference CSMS, its trigger API and what it tells its user."""

    def __init__(self, csms, api, lines):
        self.csms, self.api, self.lines = csms, api, lines

    async def stop(self):
        await self.api.stop()
        await self.csms.stop()


async def start(args):
    """Start the reference CSMS (ws://, and wss:// when TLS is wanted) and its trigger API."""
    config = Config({})
    csms = ReferenceCsms(heartbeat_interval=args.heartbeat_interval, pending_interval=args.pending_interval,
                         host=args.host, port=args.port, faults=parse_faults(args.faults))
    seed(csms, config)
    for station_id, password, profile in args.station:
        csms.store.add_station(station_id, password, security_profile=profile)
    for id_token, status, group in args.token:
        csms.store.add_token(id_token, "ISO14443", status, group)
    pki = TestPki(args.pki_dir)
    tls_context, tls_lines = tls_setup(args, csms, pki) if wants_tls(args) else (None, [])
    signing_ca = load_signing_ca(args.signing_ca_cert, args.signing_ca_key) if args.signing_ca_cert \
        else pki.csms_root
    if args.log_format != "none":
        def log(peer, direction, text):
            if args.log_format == "json":
                print(json.dumps({"time": time.time(), "station": peer, "direction": direction, "frame": text}),
                      flush=True)
            else:
                print(f"{peer} {direction} {text}", flush=True)
        csms.listeners.append(log)
    await csms.start()
    try:
        if tls_context is not None:
            await csms.server.start_tls(tls_context, args.tls_port or 0)
        # what a tester configures in a CSMS for blocks A, M and C07: the suite's signing CAs, MO roots
        # and OCSP issuers (certs/), as for the embedded target; the CSMS CA as chosen here
        from ...targets.csms import configure_certificates
        configure_certificates(csms, config)
        csms.configure_signing(signing_ca, csms.v2g_ca)
        api = await TriggerApi(csms, host=args.host, port=args.trigger_port).start()
    except BaseException:
        await csms.stop()
        raise
    lines = [f"reference CSMS listening on {csms.url}/<stationId>"]
    if tls_context is not None:
        lines.append(f"TLS (security profiles 2 and 3) on {csms.server.tls_url}/<stationId>")
        lines.extend(tls_lines)
    lines.append(f"SignCertificate (ChargingStationCertificate) signed by: "
                 f"{args.signing_ca_cert or pki.path('csms-root-ca')}")
    lines.append(f"trigger API on {api.url}")
    lines.append("stations: " + ", ".join(f"{station_id} (profile {record.security_profile})"
                                          for station_id, record in sorted(csms.store.stations.items())))
    return Playground(csms, api, lines)


async def serve(args, ready=None):
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):     # before the URLs are out: a user may stop it at once
        loop.add_signal_handler(sig, stop.set)
    playground = await start(args)
    for line in playground.lines:
        print(line, flush=True)
    if ready:
        ready.set()
    await stop.wait()
    await playground.stop()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tune_for_many_connections()
    try:
        asyncio.run(serve(args))
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
