"""@station features, block M: installing, listing and deleting the station's certificates, OCTT TC_M_xx_CS
(M03, M04, M05). InstallCertificate of a {type}, with an expired {type}, GetInstalledCertificateIds for
{types} and DeleteCertificate for the installed certificate are the sentences OCPP 1.6 has too
(station16_csms_steps.py). The logic is in support/scenario/station_certificates.py."""
from behave import given, then, when

from support.scenario import station_certificates as certificates

from station_csms_steps import station_session


@given("the test CSMS has installed the configured {certificate_types} at the station")
def step_certificate_installed(context, certificate_types):
    """OCTT memory state CertificateInstalled: InstallCertificate of the suite's configured certificate of each
    type ("CSMSRootCertificate and ManufacturerRootCertificate"), answered Accepted (else the scenario is not
    run). The configured CSMSRootCertificate is the CSMS root CA 2's certificate, signed by the CSMS root CA for a
    station with AdditionalRootCertificateCheck true.

    Example: Given the test CSMS has installed the configured CSMSRootCertificate at the station
    """
    certificates.have_installed(station_session(context), certificate_types)


@given("the station does not use AdditionalRootCertificateCheck")
def step_no_additional_root_check(context):
    """OCTT prerequisite "does NOT have AdditionalRootCertificateCheck implemented with value true": a station
    reporting SecurityCtrlr.AdditionalRootCertificateCheck true (GetVariables) is not one the case is for, so
    the scenario is not run; one without the variable, or with false, is.

    Example: Given the station does not use AdditionalRootCertificateCheck
    """
    certificates.require_no_additional_root_check(station_session(context))


@when("the test CSMS installs a new CSMS root certificate the old one did not sign")
def step_install_unsigned_root(context):
    """InstallCertificate CSMSRootCertificate with the CSMS root CA 2's self-signed certificate: not signed by
    the CSMS root CA the station holds (OCTT TC_M_09_CS; AdditionalRootCertificateCheck refuses it, M05.FR.10).

    Example: When the test CSMS installs a new CSMS root certificate the old one did not sign
    """
    certificates.install_not_signed_by_old(station_session(context))


@when("the test CSMS deletes the ChargingStationCertificate it signed")
def step_delete_station_certificate(context):
    """DeleteCertificate with the hash data of the leaf of the test CSMS's last CertificateSigned: the
    station's ChargingStationCertificate (OCTT TC_M_23_CS; the station must not delete it, M04.FR.06).

    Example: When the test CSMS deletes the ChargingStationCertificate it signed
    """
    certificates.delete_station_certificate(station_session(context))


@then("the station reports {certificates_named} among its installed certificates")
def step_certificates_listed(context, certificates_named):
    """The station answered the CSMS's last GetInstalledCertificateIds Accepted with, for each named
    certificate, an entry of its certificateType whose hash data are the certificate's (in the station's
    hashAlgorithm): "the configured <certificateType>" (more types joined by "and"), "the expired certificate".

    Example: Then the station reports the configured CSMSRootCertificate and ManufacturerRootCertificate among its installed certificates
    """
    certificates.check_listed(station_session(context), certificates_named)


@then("{certificate} is not among the station's installed certificates")
def step_certificate_not_listed(context, certificate):
    """The station's answer to the CSMS's last GetInstalledCertificateIds (Accepted or NotFound) has no entry
    with the hash data of "the configured <certificateType>", "the expired certificate" or "the old CSMS root
    certificate" (the CSMS root CA the station trusted first).

    Example: Then the expired certificate is not among the station's installed certificates
    """
    certificates.check_not_listed(station_session(context), certificate)


@then("the station connects over TLS with the server certificate from {root}")
def step_tls_with_root(context, root):
    """After a reset, a connection attempt of the station at the test CSMS's wss:// address presenting a server
    certificate from "the new CSMS root certificate 2" or "the old CSMS root certificate" got through, within
    the reboot deadline (M05.FR.13/14); failed attempts before it are passed over.

    Example: Then the station connects over TLS with the server certificate from the new CSMS root certificate 2
    """
    certificates.expect_tls_connection(station_session(context), root)
