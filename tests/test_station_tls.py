"""Transport security in the station direction (OCPP 2.0.1 block A, TC_A_xx_CS): the reference
station against the test CSMS's wss:// front door (support/csms/scripted_tls.py), the test CSMS
against wrong client certificates, and the station faults that make the matching scenarios fail."""
import asyncio
import functools
import ssl

import pytest
from cryptography.hazmat.primitives import serialization
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus, WebSocketException

from behave_runner import run_behave, scenario_verdict
from support.csms.scripted import TestCsms
from support.csms.scripted_tls import front_door
from support.pki.authority import make_csr, pem
from support.pki.store import TestPki, wrong_cn_client
from support.reference.station.station import ReferenceStation, ReferenceStationSettings, StationFaults
from support.station.tls import client_context

STATION = "CS_TLS"
PASSWORD = "0123456789abcdef"
DEADLINE = 20.0
FEATURE = "features/station/ocpp201/A_security_tls.feature"


def run_async(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        async def main():
            return await asyncio.wait_for(fn(*args, **kwargs), 20)
        return asyncio.run(main())
    return wrapper


class Setup:
    """A test CSMS with its front door, requiring `profile` of STATION, and a reference station
    provisioned for it (not yet switched on)."""

    def __init__(self, profile=2, faults=""):
        self.profile = profile
        self.faults = faults
        self.pki = TestPki()

    async def __aenter__(self):
        self.csms = await TestCsms().start()
        self.door = await front_door(self.csms)
        self.door.reset(STATION)
        script = self.csms.script_for(STATION)
        script.security_profile = self.profile
        script.password = PASSWORD
        self.pki.csms_root
        settings = ReferenceStationSettings(time_scale=0.05, reconnect_backoff=(0.05,), min_retry_interval=0.05,
                                            call_timeout=DEADLINE, security_profile=self.profile,
                                            tls_ca_cert=self.pki.path("csms-root-ca"))
        if self.profile == 3:
            settings.tls_client_cert, settings.tls_client_key = self.pki.station_client(STATION)
        self.station = ReferenceStation(STATION, self.door.url, PASSWORD if self.profile == 2 else None,
                                        settings=settings, faults=StationFaults.parse(self.faults))
        return self

    async def __aexit__(self, *exc):
        await self.station.close()
        await self.csms.stop()

    def security_events(self):
        return [o.request["type"] for o in self.station.outcomes if o.action == "SecurityEventNotification"]

    async def until_event(self, kind):
        return await self.station.wait_until(lambda: kind in self.security_events(), DEADLINE)


# ---------------------------------------------------------------------- the reference station

@run_async
async def test_the_station_connects_with_profiles_2_and_3():
    for profile in (2, 3):
        async with Setup(profile) as setup:
            await setup.station.power_on()
            assert await setup.until_event("StartupOfTheDevice"), setup.station.trace.render()
            handshake = setup.door.handshakes[0]
            assert handshake.upgraded and handshake.refusal is None and handshake.tls_version in ("TLSv1.2", "TLSv1.3")
            assert (handshake.credentials == (STATION, PASSWORD)) == (profile == 2)
            assert bool(handshake.client_certificate) == (profile == 3)


@pytest.mark.parametrize("kind", ["unknown CA", "expired", "wrong host"])
def test_the_station_refuses_a_csms_certificate_it_cannot_verify(kind):
    @run_async
    async def check():
        async with Setup(2) as setup:
            setup.door.present_next(kind)
            await setup.station.power_on()
            assert await setup.until_event("InvalidCsmsCertificate"), setup.station.trace.render()
            first, second = setup.door.handshakes[:2]
            assert first.endpoint == kind and not first.upgraded and first.closed
            assert second.upgraded and second.refusal is None
    check()


@run_async
async def test_the_station_refuses_tls_1_1():
    async with Setup(2) as setup:
        setup.door.present_next("TLS 1.1")
        await setup.station.power_on()
        assert await setup.station.wait_until(lambda: setup.station.accepted, DEADLINE)
        first, second = setup.door.handshakes[:2]
        assert first.endpoint == "TLS 1.1" and not first.upgraded and first.closed
        assert second.upgraded and second.tls_version in ("TLSv1.2", "TLSv1.3")


@run_async
async def test_a_station_fault_accepts_any_server_certificate():
    async with Setup(2, "accept_any_server_certificate") as setup:
        setup.door.present_next("unknown CA")
        await setup.station.power_on()
        assert await setup.station.wait_until(lambda: setup.station.accepted, DEADLINE)
        assert setup.door.handshakes[0].endpoint == "unknown CA" and setup.door.handshakes[0].upgraded


@run_async
async def test_certificate_signed_is_checked_against_the_csms_root_and_the_csr():
    async with Setup(3) as setup:
        station, pki = setup.station, setup.pki
        await station.power_on()
        assert await station.wait_until(lambda: station.accepted, DEADLINE)
        await station.sign_certificate()
        csr = station.sent("SignCertificate")[-1]["csr"]

        async def certificate_signed(chain):
            outcome = await setup.csms.send(STATION, "CertificateSigned", {
                "certificateChain": chain, "certificateType": "ChargingStationCertificate"}, DEADLINE)
            return outcome.response

        rogue = pki.root("invalid-ca", "Untrusted Test CA")
        answer = await certificate_signed(pem(rogue.sign_csr(csr)) + pem(rogue.certificate))
        assert answer["status"] == "Rejected" and "does not lead to a CSMSRootCertificate" in \
            answer["statusInfo"]["additionalInfo"]
        other, _ = make_csr(STATION)
        answer = await certificate_signed(pem(pki.csms_root.sign_csr(other)) + pem(pki.csms_root.certificate))
        assert answer["status"] == "Rejected" and "key of the station's last CSR" in answer["statusInfo"]["additionalInfo"]
        assert await setup.station.wait_until(
            lambda: setup.security_events().count("InvalidChargingStationCertificate") == 2, DEADLINE)

        leaf = pki.csms_root.sign_csr(csr)
        assert (await certificate_signed(pem(leaf) + pem(pki.csms_root.certificate)))["status"] == "Accepted"
        await station.reconnect()
        assert await station.wait_until(lambda: len([h for h in setup.door.handshakes if h.upgraded]) == 2
                                        and station.connected, DEADLINE)
        assert setup.door.handshakes[-1].client_certificate == leaf.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------------- the test CSMS

async def _try_connect(url, context):
    """The HTTP status of the CSMS's refusal, "tls" when TLS failed, or None when it accepted."""
    try:
        async with connect(url, ssl=context, subprotocols=["ocpp2.0.1"], open_timeout=DEADLINE):
            return None
    except InvalidStatus as exc:
        return exc.response.status_code
    except (ssl.SSLError, OSError, WebSocketException):
        return "tls"


@run_async
async def test_the_test_csms_checks_client_certificates_with_profile_3():
    async with Setup(3) as setup:
        pki, ca = setup.pki, setup.pki.path("csms-root-ca")
        url = f"{setup.door.url}/{STATION}"
        assert await _try_connect(url, client_context(ca, *pki.station_client(STATION))) is None
        assert await _try_connect(url, client_context(ca, *pki.invalid_client(STATION))) == "tls"
        assert not setup.door.handshakes[1].upgraded
        assert await _try_connect(url, client_context(ca, *wrong_cn_client(pki, STATION))) == 401
        assert "not 'CS_TLS'" in setup.door.handshakes[2].refusal
        assert await _try_connect(url, client_context(ca)) == 401          # no client certificate
        assert await _try_connect(f"{setup.csms.url}/{STATION}", None) == 401   # no TLS


@run_async
async def test_the_test_csms_serves_only_tls_1_2_and_newer_with_the_ocpp_suites():
    async with Setup(2) as setup:
        ca = setup.pki.path("csms-root-ca")
        url = f"{setup.door.url}/{STATION}"
        assert await _try_connect(url, client_context(ca, maximum_version=ssl.TLSVersion.TLSv1_1)) == "tls"
        assert await _try_connect(url, client_context(ca)) == 401               # TLS fine, Basic auth missing
        weak = client_context(ca)
        weak.maximum_version = ssl.TLSVersion.TLSv1_2
        weak.set_ciphers("ECDHE-ECDSA-AES128-SHA256")                          # not an OCPP suite
        assert await _try_connect(url, weak) == "tls"


# ---------------------------------------------------------------------- the scenarios against wrong stations

MUTANTS = [
    # (station fault, case that must fail, words the failure must contain)
    ("accept_any_server_certificate", "TC_A_05_CS", "the station accepted a server certificate from an unknown CA"),
    ("accept_old_tls", "TC_A_06_CS", "sent its HTTP upgrade request over TLSv1.1"),
    ("accept_any_certificate_chain", "TC_A_14_CS", 'status is "Accepted", expected Rejected'),
    ("no_security_events", "TC_A_05_CS", "did not send SecurityEventNotificationRequest with type InvalidCsmsCertificate"),
    ("upgrade_without_certificates", "TC_A_21_CS",
     'setVariableResult[0].attributeStatus is "Accepted", expected Rejected'),
    ("no_cert_signing_retry", "TC_A_23_CS", "did not send SignCertificateRequest again 4 protocol seconds"),
]


@pytest.mark.parametrize("fault,case,words", MUTANTS, ids=[f"{m[0]}-{m[1]}" for m in MUTANTS])
def test_scenario_fails_against_wrong_station(fault, case, words):
    code, output, verdicts = run_behave(f"-D station_faults={fault}", "-D station_timeout=3", f"--tags=@{case}",
                                        features=FEATURE)
    assert code != 0, output
    assert "failed" in scenario_verdict(verdicts, case), output
    assert words in output, output
    assert "Message trace" in output, output


def test_the_tls_scenarios_pass_against_the_reference_station():
    code, output, verdicts = run_behave("--tags=@station and @tls", features=FEATURE)
    assert code == 0, output
    ran = {name: v for name, v in verdicts.items() if v != "skipped"}
    assert len(ran) >= 19 and set(ran.values()) == {"passed"}, verdicts
