"""Steps of block A security: the Basic auth password the CSMS sets, security profile upgrades, and
renewing the station's certificate."""
from behave import given, then, when

from support.station import certificates, security
from support.station.ocpp16 import security as security16
from support.station.answers import Answer
from support.scenario.words import enum_value


@when("the CSMS is asked to update the Basic auth password of the test station")
def step_ask_password(context):
    """Make the CSMS send SetVariables SecurityCtrlr.BasicAuthPassword with a new password (trigger
    API update-basic-auth-password; the CSMS chooses the password, NEW_BASIC_AUTH_PASSWORD for the
    reference CSMS). What the scenario changed is put back in the CSMS at its end. OCPP 1.6:
    ChangeConfiguration AuthorizationKey (the reference CSMS makes a random 20-byte key).

    Example: When the CSMS is asked to update the Basic auth password of the test station
    """
    if context.session.version == "1.6":     # ChangeConfiguration AuthorizationKey (1.6 security A01)
        return security16.ask_authorization_key(context.session)
    security.ask_password_update(context.session)


@given('the test station answers SetVariables with attributeStatus "{status}"')
def step_answer_set_variables(context, status):
    """The test station answers every item of the CSMS's SetVariables with this attributeStatus
    (Accepted values are kept in its device model).

    Example: Given the test station answers SetVariables with attributeStatus "Rejected"
    """
    status = enum_value("SetVariableStatus", status)
    context.session.script_answer("SetVariables", Answer(build=security.set_variables_answer(status)))


@when("the test station connects with the password the CSMS set")
def step_connect_new_password(context):
    """Connect with the BasicAuthPassword of the CSMS's last SetVariables (OCPP 1.6: the AuthorizationKey
    of its last ChangeConfiguration); the outcome is checked later.

    Example: When the test station connects with the password the CSMS set
    """
    if context.session.version == "1.6":     # the AuthorizationKey of its last ChangeConfiguration
        return security16.connect_with_authorization_key(context.session)
    security.connect_with_new_password(context.session)


@when("the CSMS is asked to set a network connection profile with security profile {profile:d}")
def step_ask_network_profile(context, profile):
    """Make the CSMS send SetNetworkProfileRequest for the configured slot with this security profile
    (ocppCsmsUrl: CONFIGURED_OCPP_CSMS_URL, else the CSMS's wss:// URL for profiles 2 and 3).

    Example: When the CSMS is asked to set a network connection profile with security profile 2
    """
    security.ask_network_profile(context.session, profile)


@when("the CSMS is asked to put the new network connection profile first in NetworkConfigurationPriority")
def step_ask_priority(context):
    """Make the CSMS set OCPPCommCtrlr.NetworkConfigurationPriority with the slot of its last
    SetNetworkProfile first (trigger API set-variables).

    Example: When the CSMS is asked to put the new network connection profile first in NetworkConfigurationPriority
    """
    security.ask_priority(context.session)


@then("the CSMS sets NetworkConfigurationPriority with the new configuration slot")
def step_priority_request(context):
    """The CSMS sends SetVariables OCPPCommCtrlr.NetworkConfigurationPriority whose value contains the
    configurationSlot of its last SetNetworkProfile.

    Example: Then the CSMS sets NetworkConfigurationPriority with the new configuration slot
    """
    security.check_priority_request(context.session)


@when("the test station connects with security profile {profile:d}")
def step_connect_profile(context, profile):
    """Connect as the same station with another security profile: 1 over ws:// with Basic auth, 2 over
    TLS with Basic auth, 3 over TLS with the certificate the CSMS signed in this scenario (else the
    configured client certificate). The outcome is checked later.

    Example: When the test station connects with security profile 3
    """
    security.connect_with_profile(context.session, profile)


@given("the test station has renewed its charging station certificate")
def step_renewed(context):
    """Memory state RenewChargingStationCertificate: the CSMS triggers SignChargingStationCertificate,
    accepts the station's CSR and sends a certificate signed by its root, which the station accepts.

    Example: Given the test station has renewed its charging station certificate
    """
    certificates.renew_charging_station_certificate(context.session)
