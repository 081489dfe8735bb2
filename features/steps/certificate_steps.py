"""Steps of certificate management (block M), certificate signing (A02) and ISO 15118 contract
certificates checked through OCSP (C07, M06)."""
from behave import given, then, when

from support.station import certificates
from support.station.ocpp16 import security as security16
from support.scenario.words import enum_value, split_list


def _certificate_type(words, kind="InstallCertificateUse"):
    return enum_value(kind, words.strip().strip('"'))


def _certificate_type16(words):
    return enum_value("CertificateUse", words.strip().strip('"'), "1.6")


# ---------------------------------------------------------------------- A02 signing

@when("the test station sends SignCertificate for a {certificate_type}")
def step_sign_certificate(context, certificate_type):
    """Send SignCertificateRequest with a new CSR (CN = the station identity) for a
    ChargingStationCertificate or a V2GCertificate, or for a combined certificate (certificateType omitted).
    OCPP 1.6: for a ChargePointCertificate (SignCertificate.req carries only the csr).

    Example: When the test station sends SignCertificate for a ChargingStationCertificate
    Example: When the test station sends SignCertificate for a combined certificate
    """
    if context.session.version == "1.6":     # OCPP 1.6 security: SignCertificate.req has only the csr
        if certificate_type.strip() != "ChargePointCertificate":
            context.session.fail("in OCPP 1.6 the station signs a ChargePointCertificate")
        return security16.send_sign_certificate(context.session)
    kind = None if certificate_type == "combined certificate" else _certificate_type(certificate_type,
                                                                                    "CertificateSigningUse")
    certificates.send_sign_certificate(context.session, kind)


@then("the certificate chain the CSMS sent is made from the test station's CSR and signed under the {root}")
def step_check_chain(context, root):
    """The CSMS's last CertificateSigned carries a PEM chain whose leaf holds the key of the station's
    CSR, is valid, and chains up to the CSMS root (CSMS_ROOT_CA_CERT, else TLS_CA_CERT) or the V2G
    root (V2G_ROOT_CA_CERT).

    Example: Then the certificate chain the CSMS sent is made from the test station's CSR and signed under the CSMS root
    """
    certificates.check_certificate_signed(context.session, root)


# ---------------------------------------------------------------------- M05 install

@when("the CSMS is asked to install the {certificate_type} on the test station")
def step_ask_install(context, certificate_type):
    """Make the CSMS send InstallCertificate with the suite's certificate of this type (trigger API
    call/InstallCertificate): CSMSRootCertificate, ManufacturerRootCertificate, V2GRootCertificate or
    MORootCertificate. OCPP 1.6: CentralSystemRootCertificate (a second CSMS root, "Root 2") or
    ManufacturerRootCertificate (trigger API /api/octt/1.6/{station}/install-certificate).

    Example: When the CSMS is asked to install the V2GRootCertificate on the test station
    """
    if context.session.version == "1.6":     # CentralSystemRootCertificate or ManufacturerRootCertificate
        return security16.ask_install(context.session, _certificate_type16(certificate_type))
    certificates.ask_to_install(context.session, _certificate_type(certificate_type))


@then("the CSMS sends InstallCertificate with the configured {certificate_type}")
def step_install_request(context, certificate_type):
    """The CSMS sends InstallCertificate with this certificateType and the suite's certificate of it.

    Example: Then the CSMS sends InstallCertificate with the configured MORootCertificate
    """
    if context.session.version == "1.6":
        return security16.check_install_request(context.session, _certificate_type16(certificate_type))
    certificates.check_install_request(context.session, _certificate_type(certificate_type))


@given("the CSMS has installed the {certificate_type} on the test station")
def step_certificate_installed(context, certificate_type):
    """Reusable state CertificateInstalled: the CSMS installs the suite's certificate of this type and
    the station accepts it.

    Example: Given the CSMS has installed the CSMSRootCertificate on the test station
    """
    if context.session.version == "1.6":
        return security16.certificate_installed(context.session, _certificate_type16(certificate_type))
    certificate_type = _certificate_type(certificate_type)
    certificates.ask_to_install(context.session, certificate_type)
    certificates.check_install_request(context.session, certificate_type)


# ---------------------------------------------------------------------- M03 retrieve

@when("the CSMS is asked for the installed certificates of type {certificate_types}")
def step_ask_installed(context, certificate_types):
    """Make the CSMS send GetInstalledCertificateIds for these GetCertificateIdUse types (trigger API
    call/GetInstalledCertificateIds). OCPP 1.6: one CertificateUse type.

    Example: When the CSMS is asked for the installed certificates of type CSMSRootCertificate and ManufacturerRootCertificate
    """
    if context.session.version == "1.6":     # GetInstalledCertificateIds.req names one certificateType
        return security16.ask_installed_ids(context.session, _certificate_type16(certificate_types))
    types = [_certificate_type(t, "GetCertificateIdUse") for t in split_list(certificate_types)]
    certificates.ask_installed_ids(context.session, types)


@when("the CSMS is asked for all installed certificates")
def step_ask_installed_all(context):
    """Make the CSMS send GetInstalledCertificateIds without certificateType.

    Example: When the CSMS is asked for all installed certificates
    """
    certificates.ask_installed_ids(context.session, [])


@given("the test station reports its certificate hash data with {algorithm}")
def step_hash_algorithm(context, algorithm):
    """The hashAlgorithm (SHA256, SHA384 or SHA512) of the hash data the test station reports in
    GetInstalledCertificateIds (SHA256 by default).

    Example: Given the test station reports its certificate hash data with SHA384
    """
    certificates.of(context.session.station.model).hash_algorithm = enum_value("HashAlgorithm", algorithm)


@given("the test station has no {certificate_type} installed")
def step_no_certificate(context, certificate_type):
    """Remove every certificate of this type from the test station's truststore (it then answers
    GetInstalledCertificateIds for it with NotFound).

    Example: Given the test station has no ManufacturerRootCertificate installed
    """
    certificate_type = _certificate_type(certificate_type, "GetCertificateIdUse")
    certificates.of(context.session.station.model).remove_type(certificate_type)


# ---------------------------------------------------------------------- M04 delete

@when("the CSMS is asked to delete the test station's {certificate_type}")
def step_ask_delete(context, certificate_type):
    """Make the CSMS delete a certificate of this type from the station (trigger API
    delete-certificate): it asks the station for its hash data, then sends DeleteCertificate.
    OCPP 1.6: the one the CSMS installed in this scenario (trigger API delete-installed-certificate,
    else get-installed-certificate-ids and delete-certificate).

    Example: When the CSMS is asked to delete the test station's CSMSRootCertificate
    """
    if context.session.version == "1.6":     # the one the CSMS installed (TC_076_CSMS)
        return security16.ask_delete(context.session, _certificate_type16(certificate_type))
    certificates.ask_to_delete(context.session, _certificate_type(certificate_type, "GetCertificateIdUse"))


@then("the CSMS asks for the installed certificates of type {certificate_type} or of every type")
def step_installed_request(context, certificate_type):
    """The CSMS sends GetInstalledCertificateIds whose certificateType contains this type or is omitted.

    Example: Then the CSMS asks for the installed certificates of type CSMSRootCertificate or of every type
    """
    certificates.check_installed_ids_request(context.session,
                                             _certificate_type(certificate_type, "GetCertificateIdUse"))


@then("the CSMS sends DeleteCertificate with the hash data the test station reported for its {certificate_type}")
def step_delete_request(context, certificate_type):
    """The CSMS sends DeleteCertificate whose certificateHashData is the one the station reported for a
    certificate of this type, with the same hashAlgorithm (M04.FR.07).

    Example: Then the CSMS sends DeleteCertificate with the hash data the test station reported for its CSMSRootCertificate
    """
    certificates.check_delete_request(context.session, _certificate_type(certificate_type, "GetCertificateIdUse"))


# ---------------------------------------------------------------------- OCSP (C07, M06)

@given("the OCSP responder reports the EV's contract certificate as {status}")
def step_contract_status(context, status):
    """The suite's OCSP responder answers good, revoked or unknown for the EV's contract certificate
    (issued for the eMAID by the suite's MO sub-CA, its AIA pointing at the responder).

    Example: Given the OCSP responder reports the EV's contract certificate as revoked
    """
    certificates.set_contract_status(context.session, status)


@when("the test station sends Authorize with the hash data of the EV's contract certificate")
def step_authorize_hash_data(context):
    """Send Authorize for the eMAID with iso15118CertificateHashData of the contract certificate and its
    sub-CA, whose responderURL is the suite's OCSP responder (local contract certificate validation).

    Example: When the test station sends Authorize with the hash data of the EV's contract certificate
    """
    certificates.send_authorize_with_hash_data(context.session)


@when("the test station sends Authorize with the EV's contract certificate")
def step_authorize_certificate(context):
    """Send Authorize for the eMAID with the PEM contract certificate chain (central validation: the
    CSMS finds the OCSP URL in the certificate).

    Example: When the test station sends Authorize with the EV's contract certificate
    """
    certificates.send_authorize_with_certificate(context.session)


@when("the test station asks for the OCSP status of its V2G sub-CA certificate")
def step_certificate_status(context):
    """Send GetCertificateStatus with ocspRequestData of the sub-CA of the station's V2G certificate
    chain and the suite's OCSP responder as responderURL.

    Example: When the test station asks for the OCSP status of its V2G sub-CA certificate
    """
    certificates.send_certificate_status_request(context.session)


@then("the CSMS asked the OCSP responder")
def step_asked_responder(context):
    """Since the station's last message about a certificate, the suite's OCSP responder got a request
    about that certificate.

    Example: Then the CSMS asked the OCSP responder
    """
    certificates.check_csms_asked_responder(context.session)


@then("the CSMS answers GetCertificateStatus with the responder's signed answer that the certificate is good")
def step_ocsp_result(context):
    """The CSMS answered GetCertificateStatus Accepted with an ocspResult that is the base64 DER OCSP
    response, signed by the issuer, saying the asked certificate is good.

    Example: Then the CSMS answers GetCertificateStatus with the responder's signed answer that the certificate is good
    """
    certificates.check_ocsp_result(context.session)


# ---------------------------------------------------------------------- M01/M02

@when("the test station forwards the EV's {request} in Get15118EVCertificate")
def step_ev_certificate(context, request):
    """Send Get15118EVCertificate with an EV's CertificateInstallationReq (action Install) or
    CertificateUpdateReq (action Update), Base64 encoded.

    Example: When the test station forwards the EV's CertificateInstallationReq in Get15118EVCertificate
    """
    certificates.send_ev_certificate_request(context.session, request)


@then("the CSMS answers Get15118EVCertificate Accepted with a Base64 exiResponse")
def step_exi_response(context):
    """The CSMS answered Get15118EVCertificate with status Accepted and a non-empty Base64 exiResponse.

    Example: Then the CSMS answers Get15118EVCertificate Accepted with a Base64 exiResponse
    """
    certificates.check_exi_response(context.session)
