"""The playground CSMS (python -m support.reference.csms.playground): its options, TLS for security profiles 2
and 3 with the four cipher suites the OCTT requires, its own certificates, the Pending interval, and
an availability view that follows what the station reports."""
import asyncio
import os
import ssl
import subprocess
import sys
from datetime import timedelta

import pytest

from fake_station import WireStation
from websockets.exceptions import InvalidStatus

from support.reference.csms import playground
from support.reference.csms import Faults, ReferenceCsms
from support.reference.csms.availability import StationAvailability, availability_state
from support.reference.csms.core import now_iso
from support.reference.csms.ocpp16.reservation import reservation_record16
from support.pki.authority import CertificateAuthority, key_pem, make_csr, pem
from support.runtime import Runtime
from support.scenario.tls_checks import CSMS_REQUIRED_SUITES, suite_refusals

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAIT = 10
PASSWORD = "0123456789123456"
BOOT = {"reason": "PowerUp", "chargingStation": {"model": "T", "vendorName": "V"}}
BOOT16 = {"chargePointModel": "T", "chargePointVendor": "V"}


Station = WireStation          # a minimal station of either version (tests/fake_station.py)


@pytest.fixture(scope="module")
def rt():
    runtime = Runtime()
    yield runtime
    runtime.stop()


@pytest.fixture
def start(rt):
    """start(*options) -> a started Playground (stopped at the end of the test)."""
    started = []

    def run(*options):
        started.append(rt.run(playground.start(playground.parse_args(["--log-format", "none", *options])), WAIT))
        return started[-1]
    yield run
    for item in started:
        rt.run(item.stop(), WAIT)


def client_tls(ca, cert=None, key=None):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(ca)
    if cert:
        context.load_cert_chain(cert, key)
    return context


def session(rt, station, *calls):
    """Connect, make the calls, disconnect: the CALLRESULT/CALLERROR frames."""
    async def go():
        await station.connect()
        try:
            return [await station.call(action, payload) for action, payload in calls]
        finally:
            await station.close()
    return rt.run(go(), WAIT * 2)


def line(started, start_text):
    return next(text for text in started.lines if text.startswith(start_text))


# ---------------------------------------------------------------- options

def test_station_option_takes_an_optional_security_profile():
    args = playground.parse_args(["--station", "A:pw", "--station", "B:pw:2", "--station", "C::3",
                                  "--station", "D:pa:ss:1", "--station", "E:pa:ss"])
    assert args.station == [("A", "pw", None), ("B", "pw", 2), ("C", "", 3), ("D", "pa:ss", 1), ("E", "pa:ss", None)]


@pytest.mark.parametrize("bad", ["A", "A:", ":pw", "A:pw:4", "A::2", "A::1"])
def test_a_bad_station_option_exits_with_code_2(bad, capsys):
    with pytest.raises(SystemExit) as stopped:
        playground.parse_args(["--station", bad])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "STATION_ID:PASSWORD[:PROFILE]" in err or "is not 1, 2 or 3" in err, err


@pytest.mark.parametrize("options,words", [
    (["--server-cert", "a.pem"], "--server-key"),
    (["--signing-ca-cert", "a.pem"], "go together"),
    (["--tls-port", "70000"], "not a port number"),
    (["--pending-interval", "-1"], "negative"),
])
def test_inconsistent_options_exit_with_code_2(options, words, capsys):
    with pytest.raises(SystemExit) as stopped:
        playground.parse_args(options)
    assert stopped.value.code == 2
    assert words in capsys.readouterr().err


def test_tls_is_served_only_when_asked_for():
    assert not playground.wants_tls(playground.parse_args(["--station", "A:pw"]))
    assert not playground.wants_tls(playground.parse_args(["--station", "A:pw:1"]))
    for options in (["--tls-port", "0"], ["--station", "A:pw:2"], ["--station", "A::3"], ["--client-ca", "x.pem"],
                    ["--server-cert", "c.pem", "--server-key", "k.pem"]):
        assert playground.wants_tls(playground.parse_args(options)), options


def test_an_unreadable_certificate_is_a_one_line_error(tmp_path, capsys):
    missing = str(tmp_path / "missing.pem")
    code = playground.main(["--log-format", "none", "--pki-dir", str(tmp_path), "--server-cert", missing,
                            "--server-key", missing])
    assert code == 2
    assert capsys.readouterr().err.startswith("error: ")


# ---------------------------------------------------------------- TLS with the suite's PKI

def test_security_profiles_2_and_3_with_generated_certificates(rt, start, tmp_path):
    pki = str(tmp_path)
    started = start("--pki-dir", pki, "--tls-port", "0", "--station", "PG_SP2:" + PASSWORD + ":2",
                    "--station", "PG_SP3::3", "--station", "PG_SP1:" + PASSWORD)
    tls_url = started.csms.server.tls_url
    assert line(started, "TLS (security profiles 2 and 3) on ") == f"TLS (security profiles 2 and 3) on {tls_url}/<stationId>"
    ca = os.path.join(pki, "csms-root-ca.pem")
    client_cert, client_key = os.path.join(pki, "station-PG_SP3.pem"), os.path.join(pki, "station-PG_SP3.key")
    for text in (f"server certificate (ECDSA): {os.path.join(pki, 'csms-server.pem')}",
                 f"server certificate (RSA): {os.path.join(pki, 'csms-server-rsa.pem')}",
                 f"CA of the server certificates, to trust: {ca}", f"client certificates verified with: {ca}",
                 f"client certificate of PG_SP3 (profile 3): {client_cert} (key {client_key})"):
        assert "  " + text in started.lines, started.lines
    assert f"SignCertificate (ChargingStationCertificate) signed by: {ca}" in started.lines
    assert "PG_SP1 (profile 1)" in line(started, "stations: ") and "PG_SP2 (profile 2)" in line(started, "stations: ")

    # profile 2: TLS and Basic auth; never over ws://
    answer = session(rt, Station(tls_url, "PG_SP2", PASSWORD, tls=client_tls(ca)), ("BootNotification", BOOT))
    assert answer[0][2]["status"] == "Accepted"
    with pytest.raises(InvalidStatus) as refused:
        session(rt, Station(started.csms.url, "PG_SP2", PASSWORD))
    assert refused.value.response.status_code == 401
    # profile 3: the client certificate the playground made for it, no password
    answer = session(rt, Station(tls_url, "PG_SP3", tls=client_tls(ca, client_cert, client_key)),
                     ("BootNotification", BOOT))
    assert answer[0][2]["status"] == "Accepted"
    # TC_A_04_CSMS: TLS 1.2 with each of the four cipher suites, also presenting a client certificate
    assert suite_refusals(tls_url, ca) == {}
    assert suite_refusals(tls_url, ca, client_cert, client_key) == {}


def test_the_no_rsa_suites_fault_refuses_the_rsa_suites(start, tmp_path):
    started = start("--pki-dir", str(tmp_path), "--tls-port", "0", "--faults", "no_rsa_suites")
    refused = suite_refusals(started.csms.server.tls_url, str(tmp_path / "csms-root-ca.pem"))
    assert sorted(refused) == ["TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"], refused
    assert set(CSMS_REQUIRED_SUITES) - set(refused) == {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                                                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}


# ---------------------------------------------------------------- TLS with the operator's certificates

def _write(folder, name, cert, key=None, chain=()):
    cert_path = os.path.join(folder, f"{name}.pem")
    with open(cert_path, "w") as f:
        f.write(pem(cert) + "".join(pem(c) for c in chain))
    if key is None:
        return cert_path
    key_path = os.path.join(folder, f"{name}.key")
    with open(key_path, "w") as f:
        f.write(key_pem(key))
    return cert_path, key_path


def test_own_server_certificate_client_ca_and_signing_ca(rt, start, tmp_path):
    own = str(tmp_path / "own")
    os.makedirs(own)
    server_ca = CertificateAuthority.root("Operator Server CA")
    server_cert, server_key = _write(own, "server", *server_ca.issue("csms.example.test", san=("127.0.0.1",),
                                                                     server=True))
    server_ca_path = _write(own, "server-ca", server_ca.certificate)
    client_ca = CertificateAuthority.root("Operator Client CA")
    client_ca_path = _write(own, "client-ca", client_ca.certificate)
    station_cert, station_key = _write(own, "station", *client_ca.issue("PG_OWN3", client=True))
    signing_sub = client_ca.subordinate("Operator Signing Sub CA")
    signing_cert, signing_key = _write(own, "signing", signing_sub.certificate, signing_sub.key,
                                       chain=[client_ca.certificate])
    started = start("--pki-dir", str(tmp_path / "pki"), "--server-cert", server_cert, "--server-key", server_key,
                    "--client-ca", client_ca_path, "--signing-ca-cert", signing_cert, "--signing-ca-key", signing_key,
                    "--station", "PG_OWN3::3", "--station", "PG_OWN1:" + PASSWORD)
    tls_url = started.csms.server.tls_url
    assert f"  server certificate (ECDSA): {server_cert}" in started.lines
    assert any("no RSA server certificate" in text for text in started.lines)
    assert f"  client certificates verified with: {client_ca_path}" in started.lines
    assert not any(text.startswith("  client certificate of") for text in started.lines)   # the operator's CA
    assert f"SignCertificate (ChargingStationCertificate) signed by: {signing_cert}" in started.lines
    assert sorted(suite_refusals(tls_url, server_ca_path)) == ["TLS_RSA_WITH_AES_128_GCM_SHA256",
                                                               "TLS_RSA_WITH_AES_256_GCM_SHA384"]
    answer = session(rt, Station(tls_url, "PG_OWN3", tls=client_tls(server_ca_path, station_cert, station_key)),
                     ("BootNotification", BOOT))
    assert answer[0][2]["status"] == "Accepted"

    # SignCertificate: signed by the operator's sub-CA, sent with that sub-CA and without the root
    from cryptography import x509
    station = Station(started.csms.url, "PG_OWN1", PASSWORD)
    csr, _ = make_csr("PG_OWN1", "Operator")

    async def sign():
        await station.connect()
        try:
            await station.call("BootNotification", BOOT)
            answer = await station.call("SignCertificate", {"csr": csr, "certificateType": "ChargingStationCertificate"})
            for _ in range(100):
                if any(action == "CertificateSigned" for action, _ in station.received):
                    break
                await asyncio.sleep(0.05)
            return answer
        finally:
            await station.close()
    assert rt.run(sign(), WAIT * 2)[2]["status"] == "Accepted"
    chain = next(p for a, p in station.received if a == "CertificateSigned")["certificateChain"]
    leaf, *rest = x509.load_pem_x509_certificates(chain.encode())
    assert leaf.issuer == signing_sub.certificate.subject
    assert [c.subject for c in rest] == [signing_sub.certificate.subject]


def test_a_signing_key_that_is_not_the_certificates_is_refused(tmp_path, capsys):
    ca, other = CertificateAuthority.root("A"), CertificateAuthority.root("B")
    cert = _write(str(tmp_path), "ca", ca.certificate)
    _, key = _write(str(tmp_path), "other", other.certificate, other.key)
    code = playground.main(["--log-format", "none", "--pki-dir", str(tmp_path / "pki"), "--signing-ca-cert", cert,
                            "--signing-ca-key", key])
    assert code == 2
    assert "is not the key of the first certificate" in capsys.readouterr().err


# ---------------------------------------------------------------- the Pending interval

def test_pending_and_rejected_boots_get_the_pending_interval(rt, start, tmp_path):
    started = start("--pki-dir", str(tmp_path), "--heartbeat-interval", "111", "--pending-interval", "7",
                    "--station", "PG_B:" + PASSWORD, "--station", "PG_B16:" + PASSWORD)
    for station_id in ("PG_B", "PG_B16"):
        started.csms.store.stations[station_id].next_boot_status = ["Pending", "Rejected"]
    answers = session(rt, Station(started.csms.url, "PG_B", PASSWORD),
                      ("BootNotification", BOOT), ("BootNotification", BOOT), ("BootNotification", BOOT))
    assert [(a[2]["status"], a[2]["interval"]) for a in answers] == [("Pending", 7), ("Rejected", 7), ("Accepted", 111)]
    answers = session(rt, Station(started.csms.url, "PG_B16", PASSWORD, version="1.6"),
                      ("BootNotification", BOOT16), ("BootNotification", BOOT16), ("BootNotification", BOOT16))
    assert [(a[2]["status"], a[2]["interval"]) for a in answers] == [("Pending", 7), ("Rejected", 7), ("Accepted", 111)]


def test_the_reference_csms_has_its_own_pending_interval():
    csms = ReferenceCsms()
    assert (csms.heartbeat_interval, csms.pending_interval) == (300, 10)
    record = csms.store.add_station("X", PASSWORD)
    record.next_boot_status = ["Pending"]
    assert csms.registration_answer(record, BOOT) == ("Pending", 10)
    assert csms.registration_answer(record, BOOT) == ("Accepted", 300)
    faulty = ReferenceCsms(faults=Faults(heartbeat_interval=5))     # the fault: one interval for every answer
    record = faulty.store.add_station("X", PASSWORD)
    record.next_boot_status = ["Pending"]
    assert faulty.registration_answer(record, BOOT) == ("Pending", 5)


# ---------------------------------------------------------------- availability follows the station

def _status(evse_id, status, connector_id=1):
    return ("StatusNotification", {"timestamp": now_iso(), "connectorStatus": status, "evseId": evse_id,
                                   "connectorId": connector_id})


def test_after_a_reboot_an_available_evse_can_be_reserved_again(rt, start, tmp_path):
    started = start("--pki-dir", str(tmp_path), "--station", "PG_G:" + PASSWORD, "--token", "PGTOKEN:Accepted:PGG")
    csms = started.csms
    station = Station(csms.url, "PG_G", PASSWORD)

    async def scenario():
        await station.connect()
        await station.call("BootNotification", BOOT)
        for evse_id in (1, 2):
            await station.call(*_status(evse_id, "Available"))
        await csms.send("PG_G", "ChangeAvailability", {"operationalStatus": "Inoperative", "evse": {"id": 2}})
        await station.call(*_status(2, "Unavailable"))
        await station.call(*_status(1, "Occupied"))
        # EVSE 1 has a transaction: its Inoperative is Scheduled, still pending when the station reboots
        station.answers["ChangeAvailability"] = {"status": "Scheduled"}
        await csms.send("PG_G", "ChangeAvailability", {"operationalStatus": "Inoperative", "evse": {"id": 1}})
        await station.close()
        await station.connect()
        await station.call("BootNotification", dict(BOOT, reason="RemoteReset"))
        for evse_id in (1, 2):
            await station.call(*_status(evse_id, "Available"))
        outcome = await csms.send("PG_G", "ReserveNow", {
            "id": 77, "expiryDateTime": now_iso(timedelta(hours=1)), "evseId": 2,
            "idToken": {"idToken": "PGTOKEN", "type": "ISO14443"}})
        await station.close()
        return outcome
    outcome = rt.run(scenario(), WAIT * 3)
    assert outcome.ok and outcome.response == {"status": "Accepted"}
    assert availability_state(csms.store.stations["PG_G"]).operational_status(2) == "Operative"


def test_the_operational_view_follows_each_scope_the_station_reports():
    state = StationAvailability()
    for evse_id in (1, 2):
        state.set_status(evse_id, 1, "Available")
    state.operational[(None, None)] = "Inoperative"      # the whole station set Inoperative and in force
    for evse_id in (1, 2):
        state.set_status(evse_id, 1, "Unavailable")
    state.set_status(1, 1, "Available")                  # EVSE 1 is back; EVSE 2 still reports Unavailable
    assert state.operational_status(1, 1) == "Operative" and state.usable(1)
    assert state.operational_status(2, 1) == "Inoperative" and not state.usable(2)
    state.set_status(2, 1, "Faulted")                    # Faulted says nothing about operative or not
    assert state.operational_status(2, 1) == "Inoperative"
    state.set_status(2, 1, "Available")
    assert state.operational == {} and state.usable(2)
    state.set_status(1, 1, "Unavailable")                # made unavailable elsewhere: Inoperative here too
    assert state.operational_status(1) == "Operative" and state.operational_status(1, 1) == "Inoperative"
    assert not state.usable(1)


def test_notify_event_availability_of_an_evse_or_the_station_counts_too(rt, start, tmp_path):
    started = start("--pki-dir", str(tmp_path), "--station", "PG_N:" + PASSWORD)
    station = Station(started.csms.url, "PG_N", PASSWORD)

    def event(component, value, evse=None):
        data = {"eventId": 1, "timestamp": now_iso(), "trigger": "Delta", "actualValue": value,
                "eventNotificationType": "HardWiredNotification", "component": {"name": component},
                "variable": {"name": "AvailabilityState"}}
        if evse:
            data["component"]["evse"] = evse
        return ("NotifyEvent", {"generatedAt": now_iso(), "seqNo": 0, "eventData": [data]})
    state = availability_state(started.csms.store.stations["PG_N"])
    session(rt, station, ("BootNotification", BOOT), _status(1, "Available"), event("EVSE", "Unavailable", {"id": 1}))
    assert state.operational_status(1) == "Inoperative"
    session(rt, station, ("BootNotification", BOOT), event("EVSE", "Available", {"id": 1}),
            event("ChargingStation", "Unavailable"))
    assert state.operational == {(None, None): "Inoperative"}
    session(rt, station, ("BootNotification", BOOT), event("ChargingStation", "Available"))
    assert state.operational == {}


def test_ocpp16_availability_follows_status_notifications(rt, start, tmp_path):
    started = start("--pki-dir", str(tmp_path), "--station", "PG_16:" + PASSWORD)
    csms = started.csms
    station = Station(csms.url, "PG_16", PASSWORD, version="1.6")

    def status(connector_id, value):
        return ("StatusNotification", {"connectorId": connector_id, "errorCode": "NoError", "status": value})

    async def scenario():
        await station.connect()
        views = []
        try:
            await station.call("BootNotification", BOOT16)
            await station.call(*status(1, "Available"))
            await station.call(*status(2, "Charging"))
            await csms.send("PG_16", "ChangeAvailability", {"connectorId": 1, "type": "Inoperative"})
            views.append(dict(reservation_record16(csms.store.stations["PG_16"]).availability))
            station.answers["ChangeAvailability"] = {"status": "Scheduled"}
            await csms.send("PG_16", "ChangeAvailability", {"connectorId": 2, "type": "Inoperative"})
            views.append(dict(reservation_record16(csms.store.stations["PG_16"]).availability))
            await station.call(*status(2, "Unavailable"))     # the transaction ended: now in force
            views.append(dict(reservation_record16(csms.store.stations["PG_16"]).availability))
            # a reboot: the station reports its connectors available again
            await station.call("BootNotification", BOOT16)
            for connector_id in (0, 1, 2):
                await station.call(*status(connector_id, "Available"))
            views.append(dict(reservation_record16(csms.store.stations["PG_16"]).availability))
            await station.call(*status(0, "Unavailable"))
            await station.call(*status(1, "Faulted"))
            await station.call(*status(2, "Preparing"))
            views.append(dict(reservation_record16(csms.store.stations["PG_16"]).availability))
        finally:
            await station.close()
        return views
    views = rt.run(scenario(), WAIT * 3)
    assert views[0] == {1: "Inoperative", 2: "Operative"}
    assert views[1] == {1: "Inoperative", 2: "Operative"}      # Scheduled: not before the station reports it
    assert views[2] == {1: "Inoperative", 2: "Inoperative"}
    assert views[3] == {0: "Operative", 1: "Operative", 2: "Operative"}
    assert views[4] == {0: "Operative", 1: "Operative", 2: "Operative"}   # connector 2 usable: not all Inoperative


# ---------------------------------------------------------------- the command line

def test_the_command_line_prints_where_to_connect_and_what_to_trust(tmp_path):
    """As another suite starts it: its own process, told where to put the certificates, stopped by SIGTERM."""
    process = subprocess.Popen([sys.executable, "-m", "support.reference.csms.playground", "--log-format", "none",
                                "--pki-dir", str(tmp_path), "--station", "PG_CLI::3", "--pending-interval", "5"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        for text in process.stdout:
            lines.append(text.rstrip("\n"))
            if text.startswith("stations: "):
                break
    finally:
        process.terminate()
        code = process.wait(30)
    assert code == 0, lines
    assert lines[0].startswith("reference CSMS listening on ws://127.0.0.1:")
    assert lines[1].startswith("TLS (security profiles 2 and 3) on wss://127.0.0.1:"), lines
    assert f"  CA of the server certificates, to trust: {tmp_path / 'csms-root-ca.pem'}" in lines
    assert any(text.startswith("  client certificate of PG_CLI (profile 3): ") for text in lines)
    assert "PG_CLI (profile 3)" in lines[-1]
