"""Two processes, as a tester would run them: the command-line mock CSMS and the reference station
pointed at it. The mock's JSON log shows the boot, heartbeats and the scripted command sequence
answered by the station, in both OCPP versions."""
import json
import os
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _start(args):
    return subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _frames(mock, until, deadline):
    """JSON log lines of the mock until `until(frames)` holds or the deadline passes."""
    frames = []
    end = time.monotonic() + deadline
    while time.monotonic() < end and not until(frames):
        line = mock.stdout.readline()
        if not line:
            break
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        frame = entry.get("frame")
        if isinstance(frame, list):
            frames.append((entry.get("direction"), frame))
    return frames


def _calls(frames, direction):
    return [f[1][2] for f in frames if f[0] == direction and f[1][0] == 2]


@pytest.mark.parametrize("version,commands", [("2.0.1", "TriggerMessage:0.2,GetBaseReport:0.2"),
                                              ("1.6", "TriggerMessage:0.2,GetConfiguration:0.2")])
def test_mock_csms_and_reference_station_in_two_processes(version, commands):
    mock = _start(["support.csms", "--port", "0", "--ocpp-version", version, "--heartbeat-interval", "1",
                   "--commands", commands, "--log-format", "json"])
    station = None
    try:
        first = mock.stdout.readline()
        assert first.startswith("listening on ws://"), first + mock.stderr.read()
        url = first.split()[-1]
        station = _start(["support.reference.station", "--csms-url", url, "--station-id", "CS-CLI",
                          "--ocpp-version", version, "--time-scale", "0.2", "--log-format", "none"])
        wanted = [c.split(":")[0] for c in commands.split(",")]

        def done(frames):
            sent = _calls(frames, "sent")
            return _calls(frames, "received").count("Heartbeat") >= 2 and all(w in sent for w in wanted) \
                and sum(1 for d, f in frames if d == "received" and f[0] == 3) >= len(wanted)
        frames = _frames(mock, done, 20)
        received = _calls(frames, "received")
        assert received[0] == "BootNotification", frames
        assert received.count("Heartbeat") >= 2, frames
        sent = _calls(frames, "sent")
        assert [a for a in sent if a in wanted] == wanted, sent
        answers = {f[1] for d, f in frames if d == "received" and f[0] == 3}
        ids = {f[1]: f[2] for d, f in frames if d == "sent" and f[0] == 2}
        assert all(uid in answers for uid, action in ids.items() if action in wanted), frames
    finally:
        if station is not None:
            _stop(station)
        _stop(mock)


@pytest.mark.parametrize("version,profile", [("2.0.1", 2), ("1.6", 3)])
def test_mock_csms_with_tls_and_the_reference_station_over_wss(version, profile):
    """`--tls --security-profile N`: the mock serves wss:// with the test PKI (certs/) next to ws://; the
    reference station provisioned for the profile (the CSMS root, the password or its client certificate)
    boots over wss://, and a station on ws:// is refused (HTTP 401)."""
    import asyncio

    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    from support.pki.store import TestPki

    station_id = f"CS-CLI-TLS{profile}"
    password = "0123456789abcdef"
    mock = _start(["support.csms", "--ocpp-version", version, "--tls", "--security-profile", str(profile),
                   "--password", password, "--log-format", "json"])
    station = None
    try:
        plain = mock.stdout.readline()
        secure = mock.stdout.readline()
        assert plain.startswith("listening on ws://"), plain + mock.stderr.read()
        assert secure.startswith("listening on wss://") and f"(security profile {profile})" in secure, secure
        url = secure.split()[2]
        pki = TestPki()
        args = ["support.reference.station", "--csms-url", url, "--station-id", station_id, "--ocpp-version",
                version, "--time-scale", "0.2", "--log-format", "none", "--security-profile", str(profile),
                "--tls-ca-cert", pki.path("csms-root-ca")]
        if profile == 3:
            cert, key = pki.station_client(station_id)
            args += ["--tls-client-cert", cert, "--tls-client-key", key]
        else:
            args += ["--password", password]
        station = _start(args)
        frames = _frames(mock, lambda f: "BootNotification" in _calls(f, "received"), 20)
        assert "BootNotification" in _calls(frames, "received"), frames

        async def plain_station():
            subprotocol = "ocpp1.6" if version == "1.6" else "ocpp2.0.1"
            try:
                async with connect(f"{plain.split()[2]}/CS-PLAIN", subprotocols=[subprotocol], open_timeout=5):
                    return "connected"
            except InvalidStatus as exc:
                return exc.response.status_code
        assert asyncio.run(plain_station()) == 401
    finally:
        if station is not None:
            _stop(station)
        _stop(mock)
