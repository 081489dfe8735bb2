"""Run the reference station on its own against any CSMS:

  python -m support.reference.station --csms-url ws://127.0.0.1:9000 --station-id CS001 --log-format json
  python -m support.reference.station --csms-url ws://127.0.0.1:9000 --ocpp-version 1.6 --session-after 2 --id-token TAG-1
  python -m support.reference.station --control-port 8765 --evses 2

It powers on (connects, boots, heartbeats, reports its connectors), answers the CSMS's commands,
optionally runs one charging session, logs every frame, and stops on Ctrl-C or SIGTERM. With
--control-port it also serves the control API (support/reference/station/control.py) on 127.0.0.1: the
physical actions over HTTP (POST /power_on, /plug_in, ...); without --csms-url it then waits,
switched off, for POST /power_on with a csms_url.
"""
import argparse
import asyncio
import json
import signal
import sys
import time

from .control import ControlApi
from .station import ReferenceStation, ReferenceStationSettings, StationFaults, compressed_backoff
from .ocpp16 import ReferenceStation16, ReferenceStationSettings16, StationFaults16


def _positive(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be above 0")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m support.reference.station", description=__doc__.splitlines()[0])
    parser.add_argument("--csms-url", default=None,
                        help="ws:// URL the station appends its identity to (required without --control-port)")
    parser.add_argument("--station-id", default="CS001")
    parser.add_argument("--password", default=None, help="Basic auth password (security profile 1)")
    parser.add_argument("--ocpp-version", choices=("2.0.1", "1.6"), default="2.0.1")
    parser.add_argument("--evses", type=int, default=1, help="EVSEs (1.6: connectors), one connector each")
    parser.add_argument("--time-scale", type=_positive, default=1.0,
                        help="factor on protocol intervals (heartbeat, boot retry, reconnect backoff, firmware and "
                             "log steps); 0.1 runs them 10x faster")
    parser.add_argument("--call-timeout", type=_positive, default=30.0,
                        help="seconds the station waits for the CSMS to answer a message")
    parser.add_argument("--session-after", type=_positive, default=None,
                        help="seconds after start to plug in and present --id-token (one charging session)")
    parser.add_argument("--session-length", type=_positive, default=5.0, help="seconds the session lasts")
    parser.add_argument("--id-token", default="04A1B2C3D4E501")
    parser.add_argument("--faults", default="", help="deliberate faults, e.g. reuse_seq_no,status_while_pending")
    parser.add_argument("--user-interface", action="store_true",
                        help="2.0.1: the station has a user interface at which a Master Pass holder selects the "
                             "transactions to stop (C16.FR.01; without it a Master Pass stops them all)")
    parser.add_argument("--additional-root-certificate-check", action="store_true",
                        help="2.0.1: SecurityCtrlr.AdditionalRootCertificateCheck true: a new CSMS root must be "
                             "signed by the old one, which is kept as a fallback (M05)")
    parser.add_argument("--shared-card-reader", action="store_true",
                        help="2.0.1, more than one EVSE: one card reader for them all; an idToken presented before "
                             "the EV is plugged in starts a transaction whose EVSE the station learns at the plug-in")
    parser.add_argument("--firmware-during-transaction", choices=("nothing", "download", "install"),
                        default="download",
                        help="2.0.1: what a firmware update does while a transaction is ongoing: nothing (it waits to "
                             "download and install), download (it waits to install) or install (L01.FR.06)")
    parser.add_argument("--no-firmware-update-cancel", action="store_true",
                        help="2.0.1: a new UpdateFirmware does not cancel the update under way: it is Rejected "
                             "(L01.FR.27)")
    parser.add_argument("--fixed-cable", action="store_true",
                        help="the cable is permanently attached at the station side (2.0.1: E10.FR.02; 1.6: "
                             "UnlockConnector is NotSupported)")
    parser.add_argument("--log-format", choices=("text", "json", "none"), default="text")
    parser.add_argument("--security-profile", type=int, choices=(1, 2, 3), default=1,
                        help="OCPP security profile (2, 3: a wss:// --csms-url)")
    parser.add_argument("--tls-ca-cert", default=None, help="the CSMS root CA the station trusts (PEM path)")
    parser.add_argument("--tls-client-cert", default=None, help="its client certificate for profile 3 (PEM path)")
    parser.add_argument("--tls-client-key", default=None)
    parser.add_argument("--control-port", type=int, default=None,
                        help="serve the control API (HTTP) on this port; 0 picks a free one (printed)")
    parser.add_argument("--control-host", default="127.0.0.1", help="address of the control API")
    args = parser.parse_args(argv)
    if args.evses < 1:
        parser.error("--evses must be at least 1")
    if args.csms_url is None and args.control_port is None:
        parser.error("--csms-url is required (or --control-port, to be switched on through POST /power_on)")
    if args.control_port is not None and not 0 <= args.control_port <= 65535:
        parser.error("--control-port must be 0..65535")
    if args.session_after and args.csms_url is None:
        parser.error("--session-after needs --csms-url (the station must be on from the start)")
    return args


async def run(args):
    def log(peer, direction, text, frame=None, violations=()):
        if args.log_format == "json":
            print(json.dumps({"time": time.time(), "station": peer, "direction": direction, "frame": text,
                              "violations": list(violations)}), flush=True)
        elif args.log_format == "text":
            print(f"{peer} {direction} {text}", flush=True)

    def make_station(station_id, csms_url, ocpp_version, password=None, security_profile=1, tls_ca_cert=None,
                     tls_client_cert=None, tls_client_key=None):
        v16 = ocpp_version == "1.6"
        settings_class = ReferenceStationSettings16 if v16 else ReferenceStationSettings
        faults_class = StationFaults16 if v16 else StationFaults
        scale = args.time_scale
        settings = settings_class(time_scale=scale, evses={e: 1 for e in range(1, args.evses + 1)},
                                  call_timeout=args.call_timeout, security_profile=security_profile or 1,
                                  tls_ca_cert=tls_ca_cert, tls_client_cert=tls_client_cert,
                                  tls_client_key=tls_client_key, fixed_cable=args.fixed_cable)
        if not v16:
            settings.user_interface = args.user_interface
            settings.additional_root_certificate_check = args.additional_root_certificate_check
            settings.shared_card_reader = args.shared_card_reader
            settings.firmware_during_transaction = args.firmware_during_transaction
            settings.firmware_update_cancel = not args.no_firmware_update_cancel
        if scale != 1:      # the waits the station counts in wall-clock seconds, scaled the same way
            settings.min_retry_interval = max(0.05, 30 * scale)
            settings.reconnect_backoff = compressed_backoff(scale, settings.reconnect_backoff)
            settings.lifecycle_step = max(0.01, scale * settings.lifecycle_step)
            if not v16:
                settings.transfer_time = max(0.5, scale * settings.transfer_time)
            settings.transaction_message_retry_interval = max(0.02, scale)
        station_class = ReferenceStation16 if v16 else ReferenceStation
        return station_class(station_id, csms_url, password, settings=settings,
                             faults=faults_class.parse(args.faults), recorder=log)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    control = None
    if args.control_port is not None:
        (StationFaults16 if args.ocpp_version == "1.6" else StationFaults).parse(args.faults)  # bad: exit 2 now
        control = ControlApi(make_station, args.station_id, args.csms_url, args.ocpp_version, args.password,
                             host=args.control_host, port=args.control_port,
                             security_profile=args.security_profile, tls_ca_cert=args.tls_ca_cert,
                             tls_client_cert=args.tls_client_cert, tls_client_key=args.tls_client_key)
        try:
            await control.start()
        except OSError as exc:
            raise ValueError(f"cannot serve the control API on {args.control_host}:{args.control_port}: "
                             f"{exc.strerror or exc}") from None
        print(f"control API on {control.url}", flush=True)
        if args.csms_url:
            await control.do_power_on()
        station = None
    else:
        station = make_station(args.station_id, args.csms_url, args.ocpp_version, args.password,
                               args.security_profile, args.tls_ca_cert, args.tls_client_cert, args.tls_client_key)
        await station.power_on()
    if args.session_after:
        current = station or control.station
        try:
            await asyncio.wait_for(stop.wait(), args.session_after)
        except asyncio.TimeoutError:
            await current.start_session(1, args.id_token)
            try:
                await asyncio.wait_for(stop.wait(), args.session_length)
            except asyncio.TimeoutError:
                await current.stop_session(1)
    await stop.wait()
    if control is not None:
        await control.close()
    else:
        await station.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        asyncio.run(run(args))
    except ValueError as exc:        # e.g. an unknown fault name
        print(f"python -m support.reference.station: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
