#!/usr/bin/env python3
"""Load profile of the CSMSs: many stations on one CSMS, answer times, throughput and memory.

Starts the CSMS under test in its own process (the reference CSMS through the playground, or the
mock CSMS, `python -m support.csms`, each on a free loopback port), then opens --stations station
connections from --clients client processes. Each station boots (BootNotification), then sends a
Heartbeat every --interval s and a StatusNotification every --status-interval s for --duration s,
one CALL in flight at a time, and leaves. Measured: connect (WebSocket handshake) and answer times
(p50/p95/p99), throughput, errors, and the CSMS process's RSS (VmRSS) before, at its peak and after
all stations left. --cycles M instead connects the same stations M times (connect, boot, one
heartbeat, leave) and prints the RSS after each cycle: growth after the first one is a leak.

  python tools/load.py --csms reference --stations 5000 --interval 10 --duration 60
  python tools/load.py --csms mock --stations 1000 --cycles 5
  python tools/load.py --csms both --stations 500 --interval 1 --duration 10    # what `make bench` runs

Everything stays on 127.0.0.1; every process it starts, it stops.
"""
import argparse
import asyncio
import base64
import gc
import json
import multiprocessing
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "loadtest-password-0123"
SUBPROTOCOL = "ocpp2.0.1"
URL_PATTERN = {"reference": re.compile(r"reference CSMS listening on (ws://\S+)/<stationId>"),
               "mock": re.compile(r"listening on (ws://\S+)")}


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_kib(pid):
    """VmRSS of a process in KiB, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    """User + system CPU time of a process in seconds, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def station_ids(count, prefix):
    return [f"{prefix}{i:05d}" for i in range(count)]


# ---------------------------------------------------------------------- the CSMS under test

class Csms:
    """The CSMS under test in its own process; its stdout (its frame log) goes to a file."""

    def __init__(self, kind, ids, log_frames=False, python=sys.executable, extra=(), runner=None):
        self.kind = kind
        self.workdir = tempfile.mkdtemp(prefix=f"load-{kind}-")
        self.log_path = os.path.join(self.workdir, "stdout.log")
        if kind == "reference":
            cmd = [python, *(runner or ["-m"]), "support.reference.csms.playground", "--host", "127.0.0.1", "--port", "0",
                   "--trigger-port", "0", "--heartbeat-interval", "300",
                   "--log-format", "text" if log_frames else "none"]
            # the reference CSMS knows its stations: each one registered with its password (profile 1)
            for station_id in ids:
                cmd += ["--station", f"{station_id}:{PASSWORD}"]
        else:
            # the mock CSMS takes any station identity; with --password it checks Basic auth
            cmd = [python, *(runner or ["-m"]), "support.csms", "--host", "127.0.0.1", "--port", "0",
                   "--password", PASSWORD, "--heartbeat-interval", "300"]
        self.cmd = cmd + list(extra)
        self.proc = None
        self.url = None

    def start(self, timeout=60):
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        pattern = URL_PATTERN[self.kind]
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the {self.kind} CSMS exited ({self.proc.returncode}): {self.tail()}")
            with open(self.log_path, "rb") as f:
                head = f.read(1 << 16).decode("utf-8", "replace")
            match = pattern.search(head)
            if match:
                self.url = match.group(1).rstrip("/")
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the {self.kind} CSMS printed no URL within {timeout} s: {self.tail()}")

    def tail(self, size=2000):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - size))
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    @property
    def pid(self):
        return self.proc.pid

    def rss(self):
        return rss_kib(self.proc.pid)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()
        log_size = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
        for name in os.listdir(self.workdir):
            os.unlink(os.path.join(self.workdir, name))
        os.rmdir(self.workdir)
        return log_size


# ---------------------------------------------------------------------- stations (client processes)

def _auth_header(station_id):
    token = base64.b64encode(f"{station_id}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


BOOT = {"chargingStation": {"model": "LoadModel", "vendorName": "LoadVendor"}, "reason": "PowerUp"}


class Station:
    __slots__ = ("station_id", "ws", "seq")

    def __init__(self, station_id):
        self.station_id = station_id
        self.ws = None
        self.seq = 0

    async def call(self, action, payload, stats, timeout):
        self.seq += 1
        text = json.dumps([2, f"{self.seq}", action, payload], separators=(",", ":"))
        start = time.perf_counter()
        await self.ws.send(text)
        answer = await asyncio.wait_for(self.ws.recv(), timeout)
        elapsed = time.perf_counter() - start
        data = json.loads(answer)
        if not isinstance(data, list) or data[0] != 3 or data[1] != f"{self.seq}":
            stats["errors"].append(f"{action}: {answer[:200]}")
            return None
        stats["latency"].setdefault(action, []).append(elapsed)
        if action != "BootNotification":
            stats["done"].append(time.time())
        return data[2]


async def _connect(station, url, stats, timeout, cfg):
    from websockets.asyncio.client import connect
    start = time.perf_counter()
    station.ws = await asyncio.wait_for(
        connect(f"{url}/{station.station_id}", subprotocols=[SUBPROTOCOL],
                compression="deflate" if cfg["deflate"] else None,
                additional_headers=_auth_header(station.station_id), ping_interval=None,
                open_timeout=timeout, max_queue=4), timeout)
    stats["connect"].append(time.perf_counter() - start)


async def _station_life(station, url, cfg, stats, connect_gate, t_run_start, t_run_end):
    timeout = cfg["timeout"]
    try:
        async with connect_gate:
            await _connect(station, url, stats, timeout, cfg)
        answer = await station.call("BootNotification", BOOT, stats, timeout)
        if answer is None or answer.get("status") != "Accepted":
            stats["errors"].append(f"{station.station_id}: boot answered {answer}")
            return
        if cfg["mode"] == "cycle":
            await station.call("Heartbeat", {}, stats, timeout)
            return
        # steady phase: wait for every station to be up, then spread the messages evenly
        interval, status_interval = cfg["interval"], cfg["status_interval"]
        await asyncio.sleep(max(0.0, t_run_start - time.time()))
        loop_t0 = time.monotonic() - (time.time() - t_run_start)   # t_run_start on the monotonic clock
        end = loop_t0 + (t_run_end - t_run_start)
        next_hb = loop_t0 + random.uniform(0, interval)
        next_st = loop_t0 + random.uniform(0, status_interval) if status_interval else float("inf")
        while True:
            due = min(next_hb, next_st)
            if due >= end:
                break
            now = time.monotonic()
            if due > now:
                await asyncio.sleep(due - now)
            stats["lag"].append(max(0.0, time.monotonic() - due))   # how late the client itself was
            if next_hb <= next_st:
                next_hb += interval
                await station.call("Heartbeat", {}, stats, timeout)
            else:
                next_st += status_interval
                await station.call("StatusNotification", {
                    "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "connectorStatus": random.choice(("Available", "Occupied")), "evseId": 1, "connectorId": 1},
                    stats, timeout)
        # everyone stays until the end: stations leaving early would make the measured phase a teardown
        await asyncio.sleep(max(0.0, end - time.monotonic()))
    except Exception as exc:  # noqa: BLE001 - every failure is counted, the others go on
        stats["errors"].append(f"{station.station_id}: {type(exc).__name__}: {exc}"[:300])
    finally:
        if station.ws is not None:
            try:
                await asyncio.wait_for(station.ws.close(), timeout)
            except Exception:  # noqa: BLE001
                pass


async def _client_main(ids, url, cfg, t_run_start, t_run_end):
    stats = {"connect": [], "latency": {}, "lag": [], "errors": [], "done": []}
    gate = asyncio.Semaphore(cfg["connect_concurrency"])
    stations = [Station(i) for i in ids]
    await asyncio.gather(*(_station_life(s, url, cfg, stats, gate, t_run_start, t_run_end) for s in stations))
    return stats


def _client_process(ids, url, cfg, t_run_start, t_run_end, queue):
    raise_fd_limit()
    gc.freeze()                         # the client must not be what is slow: no long GC pauses
    gc.set_threshold(50_000, 20, 100)
    if cfg.get("uvloop"):
        try:
            import uvloop
            uvloop.install()
        except ImportError:
            pass
    try:
        stats = asyncio.run(_client_main(ids, url, cfg, t_run_start, t_run_end))
    except BaseException as exc:  # noqa: BLE001
        stats = {"connect": [], "latency": {}, "lag": [], "errors": [f"client process: {exc!r}"], "done": []}
    queue.put(stats)


def run_stations(ids, url, cfg, clients, t_run_start, t_run_end, on_tick=None):
    """Run the stations in `clients` processes; returns the merged stats. on_tick() runs every 0.25 s."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    chunks = [ids[k::clients] for k in range(clients)]
    procs = [ctx.Process(target=_client_process, args=(chunk, url, cfg, t_run_start, t_run_end, queue), daemon=True)
             for chunk in chunks if chunk]
    for p in procs:
        p.start()
    results = []
    while len(results) < len(procs):
        try:
            results.append(queue.get(timeout=0.25))
        except Exception:  # queue.Empty
            if on_tick:
                on_tick()
            if all(not p.is_alive() for p in procs) and queue.empty():
                break
    for p in procs:
        p.join(5)
        if p.is_alive():
            p.kill()
    merged = {"connect": [], "latency": {}, "lag": [], "errors": [], "done": []}
    for stats in results:
        merged["connect"] += stats["connect"]
        merged["done"] += stats["done"]
        merged["lag"] += stats["lag"]
        merged["errors"] += stats["errors"]
        for action, values in stats["latency"].items():
            merged["latency"].setdefault(action, []).extend(values)
    if len(results) < len(procs):
        merged["errors"].append(f"{len(procs) - len(results)} client process(es) died")
    return merged


# ---------------------------------------------------------------------- reports

def pct(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def ms(seconds):
    return f"{seconds * 1000:9.1f}"


def mib(kib):
    return f"{kib / 1024:8.1f}" if kib is not None else "       ?"


def latency_rows(stats):
    rows = [("connect", stats["connect"])]
    for action in ("BootNotification", "Heartbeat", "StatusNotification"):
        if stats["latency"].get(action):
            rows.append((action, stats["latency"][action]))
    steady = stats["latency"].get("Heartbeat", []) + stats["latency"].get("StatusNotification", [])
    if steady:
        rows.append(("all answers (steady)", steady))
    if stats["lag"]:
        rows.append(("client lag (own delay)", stats["lag"]))
    lines = [f"  {'':24} {'count':>8} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}"]
    for name, values in rows:
        lines.append(f"  {name:24} {len(values):8d} {ms(pct(values, .5))} {ms(pct(values, .95))} "
                     f"{ms(pct(values, .99))} {ms(max(values))}")
    return lines


def settle(csms, seconds):
    time.sleep(seconds)
    return csms.rss()


def run_profile(kind, args):
    ids = station_ids(args.stations, args.prefix)
    csms = Csms(kind, ids, log_frames=args.log_frames, extra=args.csms_arg, runner=args.runner).start()
    try:
        before = settle(csms, 1.0)
        peak = [before or 0]
        cpu = {}

        def tick():
            value = csms.rss()
            if value:
                peak[0] = max(peak[0], value)
            now = time.time()
            if "start" not in cpu and now >= t_start:
                cpu["start"] = (now, cpu_seconds(csms.pid))
            if "end" not in cpu and now >= t_end:
                cpu["end"] = (now, cpu_seconds(csms.pid))

        cfg = {"mode": "steady", "interval": args.interval, "status_interval": args.status_interval,
               "timeout": args.timeout, "connect_concurrency": args.connect_concurrency, "uvloop": args.uvloop,
               "deflate": args.deflate}
        # all stations get --ramp seconds to connect and boot; the measured phase starts after it
        t_start = time.time() + args.ramp
        t_end = t_start + args.duration
        wall0 = time.perf_counter()
        stats = run_stations(ids, csms.url, cfg, args.clients, t_start, t_end, tick)
        wall = time.perf_counter() - wall0
        after = settle(csms, args.settle)
        tick()
        alive = csms.proc.poll() is None
    finally:
        log_size = csms.stop()
    # answers that arrived within the measured phase (a late client spills over past its end)
    steady = sum(1 for t in stats["done"] if t_start <= t <= t_end)
    offered = args.stations / args.interval + (args.stations / args.status_interval if args.status_interval else 0)
    hb = stats["latency"].get("Heartbeat", [])
    st = stats["latency"].get("StatusNotification", [])
    all_steady = hb + st
    print(f"\n== {kind} CSMS: {args.stations} stations, heartbeat every {args.interval:g} s, status every "
          f"{args.status_interval:g} s, {args.duration:g} s (offered {offered:.0f} msg/s), {args.clients} client "
          f"process(es), wall {wall:.1f} s")
    for line in latency_rows(stats):
        print(line)
    print(f"  throughput {steady / args.duration:8.1f} answers/s (offered {offered:.0f}); connected "
          f"{len(stats['connect'])}/{args.stations}; errors {len(stats['errors'])}; CSMS alive {alive}; "
          f"CSMS log {log_size / 1e6:.1f} MB")
    if "start" in cpu and "end" in cpu and cpu["start"][1] is not None and cpu["end"][1] is not None:
        share = (cpu["end"][1] - cpu["start"][1]) / (cpu["end"][0] - cpu["start"][0])
        print(f"  CSMS CPU in the measured phase: {share * 100:.0f}% of one core; machine load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  CSMS RSS MiB: before {mib(before).strip()}, peak {mib(peak[0]).strip()}, after all left "
          f"{mib(after).strip()}")
    for error in stats["errors"][:5]:
        print(f"  error: {error}")
    if stats["lag"] and pct(stats["lag"], .95) > 0.05:
        print("  note: the client processes were late (client lag p95 over 50 ms): this run measures the load "
              "generator and the machine as much as the CSMS")
    p95 = pct(all_steady, .95) if all_steady else float("inf")
    verdict = {"kind": kind, "p50": pct(all_steady, .5), "p95": p95, "p99": pct(all_steady, .99),
               "throughput": steady / args.duration, "offered": offered, "errors": len(stats["errors"]),
               "connected": len(stats["connect"]), "rss": (before, peak[0], after)}
    if args.p95_ms is not None:
        ok = p95 * 1000 < args.p95_ms and not stats["errors"] and len(stats["connect"]) == args.stations
        print(f"  target p95 < {args.p95_ms:g} ms, all connected, no error: {'met' if ok else 'NOT met'}")
        verdict["ok"] = ok
    return verdict


def run_cycles(kind, args):
    ids = station_ids(args.stations, args.prefix)
    csms = Csms(kind, ids, log_frames=args.log_frames, extra=args.csms_arg, runner=args.runner).start()
    rows = []
    try:
        before = settle(csms, 1.0)
        cfg = {"mode": "cycle", "timeout": args.timeout, "connect_concurrency": args.connect_concurrency,
               "uvloop": args.uvloop, "deflate": args.deflate}
        for cycle in range(1, args.cycles + 1):
            peak = [csms.rss() or 0]

            def tick():
                value = csms.rss()
                if value:
                    peak[0] = max(peak[0], value)

            t0 = time.perf_counter()
            stats = run_stations(ids, csms.url, cfg, args.clients, time.time(), time.time(), tick)
            wall = time.perf_counter() - t0
            after = settle(csms, args.settle)
            rows.append((cycle, wall, stats, peak[0], after))
    finally:
        csms.stop()
    print(f"\n== {kind} CSMS: {args.cycles} cycles of the same {args.stations} stations (connect, boot, heartbeat, "
          f"leave)")
    print(f"  RSS before: {mib(before).strip()} MiB")
    print(f"  {'cycle':>5} {'wall s':>7} {'conn p95 ms':>12} {'boot p95 ms':>12} {'errors':>7} {'peak MiB':>9} "
          f"{'after MiB':>9} {'vs cycle 1':>10}")
    first_after = rows[0][4] if rows else None
    for cycle, wall, stats, peak, after in rows:
        growth = (after - first_after) / 1024 if after and first_after else float("nan")
        print(f"  {cycle:5d} {wall:7.1f} {ms(pct(stats['connect'], .95)):>12} "
              f"{ms(pct(stats['latency'].get('BootNotification', []), .95)):>12} {len(stats['errors']):7d} "
              f"{mib(peak):>9} {mib(after):>9} {growth:+9.2f}M")
        for error in stats["errors"][:3]:
            print(f"        error: {error}")
    growth = (rows[-1][4] - first_after) / 1024 if rows and rows[-1][4] and first_after else float("nan")
    ok = growth < args.max_growth_mib and not any(r[2]["errors"] for r in rows)
    print(f"  growth after cycle 1: {growth:+.2f} MiB (target under {args.max_growth_mib:g} MiB): "
          f"{'met' if ok else 'NOT met'}")
    return {"kind": kind, "growth": growth, "ok": ok, "rss": [r[4] for r in rows], "before": before}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("--csms", choices=("reference", "mock", "both"), default="both", help="the CSMS under test")
    p.add_argument("--stations", type=int, default=500, help="station connections (default 500)")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between a station's Heartbeats (default 1)")
    p.add_argument("--status-interval", type=float, default=None,
                   help="seconds between a station's StatusNotifications (default 5 x --interval; 0: none)")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of the measured phase (default 10)")
    p.add_argument("--ramp", type=float, default=None,
                   help="seconds the stations get to connect and boot before it (default: 2 + stations/500)")
    p.add_argument("--cycles", type=int, default=0,
                   help="instead: this many cycles of the same stations connecting, booting and leaving; RSS per cycle")
    p.add_argument("--clients", type=int, default=None,
                   help="client processes the stations are spread over (default: 1 up to 1000 stations, else 2)")
    p.add_argument("--connect-concurrency", type=int, default=100,
                   help="handshakes in flight per client process (default 100)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds a connect or an answer may take")
    p.add_argument("--settle", type=float, default=3.0, help="seconds after the stations left before RSS is read")
    p.add_argument("--prefix", default="LOAD", help="station identities: PREFIX00000, PREFIX00001, ...")
    p.add_argument("--log-frames", action="store_true",
                   help="let the reference CSMS log every frame as well (the mock always does), to a temp file")
    p.add_argument("--csms-arg", action="append", default=[], help="extra argument for the CSMS command line")
    p.add_argument("--runner", nargs="+", default=None, metavar="ARG",
                   help="run the CSMS module with these arguments instead of -m (e.g. a profiling wrapper script "
                        "that takes the module name next)")
    p.add_argument("--no-deflate", dest="deflate", action="store_false",
                   help="stations do not offer permessage-deflate (by default they offer it, as most clients do)")
    p.add_argument("--uvloop", action="store_true", help="the client processes run on uvloop (when installed)")
    p.add_argument("--p95-ms", type=float, default=None, help="target: steady answer p95 under this (exit 1 if not)")
    p.add_argument("--max-growth-mib", type=float, default=2.0, help="--cycles target: RSS growth after cycle 1")
    args = p.parse_args(argv)
    if args.status_interval is None:
        args.status_interval = 5 * args.interval
    if args.ramp is None:
        args.ramp = 2 + args.stations / 500
    if args.clients is None:
        args.clients = 1 if args.stations <= 1000 else 2
    if args.stations < 1 or args.interval <= 0 or args.duration <= 0 or args.clients < 1:
        p.error("--stations, --interval, --duration and --clients must be positive")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    limit = raise_fd_limit()
    if args.stations + 100 > limit:
        print(f"note: RLIMIT_NOFILE is {limit}; {args.stations} stations may not fit", file=sys.stderr)
    kinds = ("reference", "mock") if args.csms == "both" else (args.csms,)
    failed = False
    for kind in kinds:
        if args.cycles:
            result = run_cycles(kind, args)
            failed |= not result["ok"]
        else:
            result = run_profile(kind, args)
            failed |= result.get("ok") is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
