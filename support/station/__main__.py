"""Run the reference station on its own against any CSMS:

  python -m support.station --csms-url ws://127.0.0.1:9000 --station-id CS001 --log-format json
  python -m support.station --csms-url ws://127.0.0.1:9000 --ocpp-version 1.6 --session-after 2 --id-token TAG-1

It powers on (connects, boots, heartbeats, reports its connectors), answers the CSMS's commands,
optionally runs one charging session, logs every frame, and stops on Ctrl-C or SIGTERM.
"""
import argparse
import asyncio
import json
import signal
import sys
import time

from .reference import ReferenceStation, ReferenceStationSettings, StationFaults
from .reference16 import ReferenceStation16, ReferenceStationSettings16, StationFaults16


def _positive(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be above 0")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m support.station", description=__doc__.splitlines()[0])
    parser.add_argument("--csms-url", required=True, help="ws:// URL the station appends its identity to")
    parser.add_argument("--station-id", default="CS001")
    parser.add_argument("--password", default=None, help="Basic auth password (security profile 1)")
    parser.add_argument("--ocpp-version", choices=("2.0.1", "1.6"), default="2.0.1")
    parser.add_argument("--evses", type=int, default=1, help="EVSEs (1.6: connectors), one connector each")
    parser.add_argument("--time-scale", type=_positive, default=1.0,
                        help="factor on protocol intervals (heartbeat, boot retry); 0.1 runs them 10x faster")
    parser.add_argument("--session-after", type=_positive, default=None,
                        help="seconds after start to plug in and present --id-token (one charging session)")
    parser.add_argument("--session-length", type=_positive, default=5.0, help="seconds the session lasts")
    parser.add_argument("--id-token", default="04A1B2C3D4E501")
    parser.add_argument("--faults", default="", help="deliberate faults, e.g. reuse_seq_no,status_while_pending")
    parser.add_argument("--log-format", choices=("text", "json", "none"), default="text")
    args = parser.parse_args(argv)
    if args.evses < 1:
        parser.error("--evses must be at least 1")
    return args


async def run(args):
    def log(peer, direction, text, frame=None, violations=()):
        if args.log_format == "json":
            print(json.dumps({"time": time.time(), "station": peer, "direction": direction, "frame": text,
                              "violations": list(violations)}), flush=True)
        elif args.log_format == "text":
            print(f"{peer} {direction} {text}", flush=True)

    v16 = args.ocpp_version == "1.6"
    settings_class = ReferenceStationSettings16 if v16 else ReferenceStationSettings
    faults_class = StationFaults16 if v16 else StationFaults
    settings = settings_class(time_scale=args.time_scale, evses={e: 1 for e in range(1, args.evses + 1)})
    station_class = ReferenceStation16 if v16 else ReferenceStation
    station = station_class(args.station_id, args.csms_url, args.password, settings=settings,
                            faults=faults_class.parse(args.faults), recorder=log)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await station.power_on()
    if args.session_after:
        try:
            await asyncio.wait_for(stop.wait(), args.session_after)
        except asyncio.TimeoutError:
            await station.start_session(1, args.id_token)
            try:
                await asyncio.wait_for(stop.wait(), args.session_length)
            except asyncio.TimeoutError:
                await station.stop_session(1)
    await stop.wait()
    await station.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        asyncio.run(run(args))
    except ValueError as exc:        # e.g. an unknown fault name
        print(f"python -m support.station: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
