"""@station features, block A: the test CSMS serves security profile 2 (TLS and Basic auth) or 3
(TLS with a client certificate) on its wss:// address, can present a wrong server certificate or
only TLS 1.1 at the station's next connection attempt, and checks what the station under test did
at each attempt (support/scenario/station_security.py)."""
from behave import given, then, when

from support.scenario import station_security
from support.scenario.station_security import WRONG_SERVER_CERTIFICATES

from station_csms_steps import station_session


def security(context):
    return station_security.of(station_session(context))


# ---------------------------------------------------------------------- what the CSMS does

@given("the test CSMS uses security profile {profile:d}")
def step_csms_profile(context, profile):
    """The test CSMS requires this security profile of the station under test, which is provisioned
    for it before it is switched on: 2 = TLS (the CSMS root CA) and Basic auth with the configured
    password, 3 = TLS with a client certificate whose CN is the station identity.

    Example: Given the test CSMS uses security profile 3
    """
    security(context).use_profile(profile)


@given("the station under test has no CSMS root certificate")
def step_no_csms_root(context):
    """The station under test is switched on without the CSMS root CA (the embedded station is not
    provisioned with it): it cannot verify a CSMS over TLS (TC_A_20_CS).

    Example: Given the station under test has no CSMS root certificate
    """
    security(context).without_csms_root()


@given("the test CSMS presents {certificate} at the station's next connection attempt")
@when("the test CSMS presents {certificate} at the station's next connection attempt")
def step_wrong_certificate(context, certificate):
    """The next TLS connection attempt of the station gets a wrong server certificate: "a server
    certificate from an unknown CA", "an expired server certificate" or "a server certificate for
    another host name"; later attempts get the valid one again. "a server certificate from the new CSMS
    root certificate 2" is wrong too, unless the station installed that root (OCTT TC_M_30_CS).

    Example: Given the test CSMS presents a server certificate from an unknown CA at the station's next connection attempt
    """
    if certificate not in WRONG_SERVER_CERTIFICATES:
        raise AssertionError(f"no wrong server certificate {certificate!r}; say one of "
                             + ", ".join(f'"{c}"' for c in WRONG_SERVER_CERTIFICATES))
    security(context).present_next(WRONG_SERVER_CERTIFICATES[certificate])


@given("the test CSMS offers only TLS 1.1 at the station's next connection attempt")
@when("the test CSMS offers only TLS 1.1 at the station's next connection attempt")
def step_old_tls(context):
    """The next TLS connection attempt of the station meets a CSMS that speaks nothing newer than
    TLS 1.1 (with its valid certificate); later attempts get TLS 1.2 or newer again.

    Example: Given the test CSMS offers only TLS 1.1 at the station's next connection attempt
    """
    security(context).present_next("TLS 1.1")


@when("the test CSMS sets a new BasicAuthPassword for the station")
def step_new_password(context):
    """The CSMS sends SetVariables SecurityCtrlr.BasicAuthPassword = the configured new password
    (NEW_BASIC_AUTH_PASSWORD) and from then on accepts only that password (A01).

    Example: When the test CSMS sets a new BasicAuthPassword for the station
    """
    security(context).set_new_password()


@when("the test CSMS gives the station a network connection profile with security profile {profile:d} in slot {slot:d}")
def step_network_profile(context, profile, slot):
    """The CSMS sends SetNetworkProfile for this configuration slot (OCPP20, JSON, Wired0) with its
    wss:// URL for profiles 2 and 3, its ws:// URL for 1; a higher profile than the one in use is
    what the CSMS requires from the station's next connection on (A05).

    Example: When the test CSMS gives the station a network connection profile with security profile 2 in slot 2
    """
    security(context).give_network_profile(profile, slot)


@when("the test CSMS puts slot {slot:d} first in the station's NetworkConfigurationPriority")
def step_priority(context, slot):
    """The CSMS sends SetVariables OCPPCommCtrlr.NetworkConfigurationPriority = "<slot>,<configured
    slot>" (CONFIGURED_CONFIGURATION_SLOT), as OCTT does in TC_A_19_CS to TC_A_21_CS.

    Example: When the test CSMS puts slot 2 first in the station's NetworkConfigurationPriority
    """
    security(context).put_slot_first(slot)


@when("the test CSMS resets the station OnIdle if it asked for a reboot")
def step_reset_if_reboot_required(context):
    """When the station answered the last SetVariables with RebootRequired, the CSMS sends Reset
    OnIdle and the station must accept it; otherwise nothing happens (TC_A_19_CS step 5).

    Example: When the test CSMS resets the station OnIdle if it asked for a reboot
    """
    security(context).reset_if_reboot_required()


@when("the test CSMS answers the station's CSR with a certificate {kind}")
def step_wrong_signed_certificate(context, kind):
    """The CSMS sends CertificateSigned (ChargingStationCertificate) with a chain the station must
    reject: "from an unknown CA" (the CSR signed by a CA it does not trust) or "for another key than
    the CSR's" (signed by the CSMS root, but not for the key of the station's CSR).

    Example: When the test CSMS answers the station's CSR with a certificate from an unknown CA
    """
    security(context).send_wrong_certificate(kind)


# ---------------------------------------------------------------------- what the station did

@then("the station refuses the test CSMS's server certificate and ends the TLS handshake")
def step_refuses_certificate(context):
    """At its connection attempt that met a wrong server certificate the station ended the TLS
    handshake: it sent no HTTP upgrade request (A00.FR.309-311, .412-.414).

    Example: Then the station refuses the test CSMS's server certificate and ends the TLS handshake
    """
    security(context).expect_refused(set(WRONG_SERVER_CERTIFICATES.values()))


@then("the station refuses TLS 1.1 and ends the TLS handshake")
def step_refuses_old_tls(context):
    """At its connection attempt that met a CSMS offering only TLS 1.1 the station ended the TLS
    handshake: it sent no HTTP upgrade request (A00.FR.314, .316).

    Example: Then the station refuses TLS 1.1 and ends the TLS handshake
    """
    security(context).expect_refused({"TLS 1.1"})


@then("the station connects over TLS with the test CSMS's valid server certificate")
def step_connects_tls(context):
    """The station's next connection attempt (with the CSMS's valid certificate) gets through TLS,
    sends its HTTP upgrade request and the CSMS accepts it (security profile, password, client
    certificate).

    Example: Then the station connects over TLS with the test CSMS's valid server certificate
    """
    security(context).expect_connected()


@then("the station used TLS 1.2 or newer and offered the OCPP cipher suites")
def step_tls_version(context):
    """On that TLS connection (else the latest): TLS 1.2 or 1.3, and the station offered both
    TLS_ECDHE_ECDSA_WITH_AES_128/256_GCM suites or both TLS_RSA_WITH_AES_128/256_GCM suites
    (A00.FR.318-321, as OCTT checks it).

    Example: Then the station used TLS 1.2 or newer and offered the OCPP cipher suites
    """
    security(context).check_tls()


@then("the station presented a valid client certificate for its identity")
def step_client_certificate(context):
    """The client certificate of that TLS connection has a serial number, the station identity as
    commonName and an EC key of at least 224 bits or an RSA key of at least 2048 bits (TC_A_07_CS).

    Example: Then the station presented a valid client certificate for its identity
    """
    security(context).check_client_certificate()


@then("the station presented the certificate the test CSMS signed for it")
def step_signed_certificate_used(context):
    """The client certificate of that TLS connection is the leaf of the CSMS's last CertificateSigned:
    the station switched to its renewed certificate (A02).

    Example: Then the station presented the certificate the test CSMS signed for it
    """
    security(context).check_signed_certificate_used()


@then("the station sent Basic auth with its identity and the {which} password")
def step_basic_auth(context, which):
    """The HTTP upgrade request of that TLS connection carried Authorization: Basic with the identity
    of its URL and the "configured" (BASIC_AUTH_CP_PASSWORD) or "new" (NEW_BASIC_AUTH_PASSWORD)
    password, 16 to 40 characters (TC_A_01_CS, TC_A_09_CS).

    Example: Then the station sent Basic auth with its identity and the new password
    """
    if which not in ("configured", "new"):
        raise AssertionError(f'say "the configured password" or "the new password", not "the {which} password"')
    security(context).check_basic_auth(which)


@then("the csr of the station's SignCertificate has an EC key of at least 224 bits or an RSA key of at least 2048 bits")
def step_csr_key(context):
    """The key of the CSR the station sent last (A02/A03 as OCTT checks it).

    Example: Then the csr of the station's SignCertificate has an EC key of at least 224 bits or an RSA key of at least 2048 bits
    """
    security(context).check_csr_key()


# ---------------------------------------------------------------------- no CertificateSigned (TC_A_23_CS)

@then("the station sends SignCertificate again {count:d} times, first after {seconds} seconds, each wait twice the last")
def step_sign_certificate_repeats(context, count, seconds):
    """A02.FR.17/18 (OCTT TC_A_23_CS): with no CertificateSigned from the test CSMS, which accepted the
    SignCertificate a step matched last, the station sends SignCertificate again this many times: the first
    no sooner than N protocol seconds (CertSigningWaitMinimum, a number or a configured value) after the
    CSMS's answer, each next one no sooner than twice the wait before it; each CSR valid, its key as OCTT
    checks it.

    Example: Then the station sends SignCertificate again 2 times, first after <CONFIGURED_CERT_SIGNING_WAIT_MINIMUM> seconds, each wait twice the last
    """
    station_security.expect_sign_certificate_repeats(station_session(context), count, seconds)


@when("the test CSMS signs the CSR of the station's first SignCertificate")
def step_sign_first_csr(context):
    """CertificateSigned (ChargingStationCertificate) with the certificate the CSMS root signs for the CSR of
    the station's first SignCertificate in the scenario (OCTT TC_A_23_CS step 11: "generated from the
    received CSR from step 3").

    Example: When the test CSMS signs the CSR of the station's first SignCertificate
    """
    station_security.sign_first_csr(station_session(context))
