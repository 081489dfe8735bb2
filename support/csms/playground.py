"""Run the reference CSMS on its own: a playground CSMS that other suites and tools can use.

  python -m support.csms.playground --port 9000 --trigger-port 5001 \\
      --station CP_1:0123456789123456 --token 04A1B2C3D4E501:Accepted:GROUP001

It prints its URLs, logs every frame (text or JSON lines), and stops on Ctrl-C or SIGTERM.
"""
import argparse
import asyncio
import json
import signal
import sys
import time

from ..config import Config
from ..targets.csms import parse_faults, seed
from .reference import ReferenceCsms
from .trigger_api import TriggerApi

TOKEN_STATUSES = ("Accepted", "Blocked", "ConcurrentTx", "Expired", "Invalid", "NoCredit",
                  "NotAllowedTypeEVSE", "NotAtThisLocation", "NotAtThisTime", "Unknown")


def _station(text):
    station_id, sep, password = text.partition(":")
    if not sep or not station_id or not password:
        raise argparse.ArgumentTypeError(f"'{text}' is not STATION_ID:PASSWORD")
    return station_id, password


def _token(text):
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise argparse.ArgumentTypeError(f"'{text}' is not IDTOKEN:STATUS[:GROUP_ID]")
    if parts[1] not in TOKEN_STATUSES:
        raise argparse.ArgumentTypeError(f"'{parts[1]}' is not an AuthorizationStatus ({', '.join(TOKEN_STATUSES)})")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m support.csms.playground", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="OCPP WebSocket port (default: a free port)")
    parser.add_argument("--trigger-port", type=int, default=0, help="trigger API port (default: a free port)")
    parser.add_argument("--station", type=_station, action="append", default=[],
                        help="a station it knows, STATION_ID:PASSWORD (repeatable); default: the suite's "
                             "configured station (BASIC_AUTH_CP / BASIC_AUTH_CP_PASSWORD)")
    parser.add_argument("--token", type=_token, action="append", default=[],
                        help="an idToken, IDTOKEN:STATUS[:GROUP_ID] (repeatable); default: the suite's tokens")
    parser.add_argument("--heartbeat-interval", type=int, default=300)
    parser.add_argument("--faults", default="", help="deliberate faults, e.g. accept_blocked,boot_status=Rejected")
    parser.add_argument("--log-format", choices=("text", "json", "none"), default="text")
    return parser.parse_args(argv)


async def serve(args, ready=None):
    config = Config({})
    csms = ReferenceCsms(heartbeat_interval=args.heartbeat_interval, host=args.host, port=args.port,
                         faults=parse_faults(args.faults))
    seed(csms, config)
    for station_id, password in args.station:
        csms.store.add_station(station_id, password)
    for id_token, status, group in args.token:
        csms.store.add_token(id_token, "ISO14443", status, group)
    if args.log_format != "none":
        def log(peer, direction, text):
            if args.log_format == "json":
                print(json.dumps({"time": time.time(), "station": peer, "direction": direction, "frame": text}),
                      flush=True)
            else:
                print(f"{peer} {direction} {text}", flush=True)
        csms.listeners.append(log)
    await csms.start()
    # what a tester configures in a CSMS for blocks A, M and C07: the suite's signing CAs, MO roots and
    # OCSP issuers (certs/), as for the embedded target
    from ..targets.csms import configure_certificates
    configure_certificates(csms, config)
    api = await TriggerApi(csms, host=args.host, port=args.trigger_port).start()
    print(f"reference CSMS listening on {csms.url}/<stationId>", flush=True)
    print(f"trigger API on {api.url}", flush=True)
    print(f"stations: {', '.join(sorted(csms.store.stations))}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if ready:
        ready.set()
    await stop.wait()
    await api.stop()
    await csms.stop()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        asyncio.run(serve(args))
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
