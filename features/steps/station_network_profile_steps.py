"""@station features, block B (B09/B10): migrating the station under test to another network connection
profile, OCTT TC_B_45_CS - TC_B_50_CS. The test CSMS has a second address (another port: ws://, or with
security profile 2 or 3 a wss:// one presenting the server certificate the scenario names); either address
may refuse the station's next connection attempts. The logic is in
support/scenario/station_network_profiles.py."""
from behave import given, then, when

from support.scenario import station_network_profiles as migration

from station_csms_steps import station_session


@given("the {address} address of the test CSMS refuses the station's next {count:d} connection attempts")
@given("the {address} address of the test CSMS refuses every connection attempt of the station")
def step_refuse_attempts(context, address, count=None):
    """The test CSMS's first address (its own) or second address (the one it gives the station in a new
    network connection profile) refuses the station's next N connection attempts, or every one, with HTTP
    503: OCTT's "does not accept" / "will NOT respond to" the connection request. Attempts after those are
    taken.

    Example: Given the second address of the test CSMS refuses every connection attempt of the station

    Example: Given the first address of the test CSMS refuses the station's next 1 connection attempts
    """
    migration.refuse(station_session(context), address, count)


@given("the second address of the test CSMS presents a server certificate from {certificate}")
def step_second_tls_address(context, certificate):
    """The second address of the test CSMS is a wss:// one (security profile 2 or 3 given first) whose
    server certificate is issued by "the new CSMS root certificate 2" (the CSMS root CA 2, a new CSMS's) or
    by "the old CSMS root certificate" (the CSMS root CA the station trusted from the start).

    Example: Given the second address of the test CSMS presents a server certificate from the new CSMS root certificate 2
    """
    migration.open_tls_second_address(station_session(context), certificate)


@given("the station supports AdditionalRootCertificateCheck")
def step_additional_root_certificate_check(context):
    """OCTT prerequisite AS-2: the station accepts a new CSMSRootCertificate only when the old one signed it,
    and keeps the old one as a fallback (M05). The embedded reference station is made such a station;
    another one must report SecurityCtrlr.AdditionalRootCertificateCheck true, else the scenario is not run.

    Example: Given the station supports AdditionalRootCertificateCheck
    """
    migration.require_additional_root_certificate_check(station_session(context))


@given("the test CSMS has installed the new CSMS root certificate 2 at the station")
def step_new_root_installed(context):
    """OCTT memory state CertificateInstalled with <Configured (new) CSMS Root certificate 2>: InstallCertificate
    CSMSRootCertificate with the CSMS root CA 2's certificate signed by the CSMS root CA, answered Accepted
    (else the scenario is not run).

    Example: Given the test CSMS has installed the new CSMS root certificate 2 at the station
    """
    migration.install_new_root(station_session(context))


@when("the test CSMS gives the station its second address in the configuration slot not in use")
def step_give_second_address(context):
    """SetNetworkProfile with the second address of the test CSMS (the wss:// one when opened, else another
    ws:// port), the configured messageTimeout and ocppInterface, OCPP20 and the security profile in use, for
    CONFIGURED_CONFIGURATION_SLOT_2, or CONFIGURED_CONFIGURATION_SLOT when the station reports slot 2 in
    OCPPCommCtrlr.ActiveNetworkProfile (asked first).

    Example: When the test CSMS gives the station its second address in the configuration slot not in use
    """
    migration.give_second_address(station_session(context))


@when("the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use")
def step_new_slot_first(context):
    """SetVariables OCPPCommCtrlr.NetworkConfigurationPriority = "<the new slot>,<the slot in use>".

    Example: When the test CSMS sets NetworkConfigurationPriority to the new slot, then the slot in use
    """
    migration.put_new_slot_first(station_session(context))


@when("the test CSMS resets the station OnIdle unless it restarts its connection by itself")
def step_reset_unless_reconnecting(context):
    """Reset OnIdle, answered Accepted, when the station answered the last SetVariables with RebootRequired
    or did not close its connection within station_timeout to take the new priority (errata 2023-12 of
    TC_B_45_CS and TC_B_46_CS).

    Example: When the test CSMS resets the station OnIdle unless it restarts its connection by itself
    """
    migration.reset_unless_reconnecting(station_session(context))


@then("the station tries to connect in this order")
def step_attempts_in_order(context):
    """Since the station left its connection, its connection attempts at the test CSMS's addresses are, in
    order, the table's rows: | address | attempts | outcome |, address first, second or either, outcome
    failed (refused by the CSMS, or the station ended the TLS handshake) or connected (the last row only).

    Example:
        Then the station tries to connect in this order
          | address | attempts | outcome   |
          | second  | 2        | failed    |
          | first   | 1        | connected |
    """
    migration.expect_attempts(station_session(context), context.table)


@then("the station connected no sooner than the configured RetryBackOffWaitMinimum after its last failed attempt")
def step_back_off_before_connecting(context):
    """The attempt that got through came at least CONFIGURED_RETRY_BACK_OFF_WAIT_MINIMUM (scaled) after the
    failed one before it (OCTT TC_B_49_CS step 11).

    Example: Then the station connected no sooner than the configured RetryBackOffWaitMinimum after its last failed attempt
    """
    migration.expect_back_off_before_connecting(station_session(context))


@then("the station's answer to GetInstalledCertificateIds lists the old CSMS root certificate")
def step_old_root_listed(context):
    """The station answered the CSMS's last GetInstalledCertificateIds Accepted with a CSMSRootCertificate
    entry whose hash data are those of the CSMS root CA it trusted before the new one (OCTT TC_B_47_CS).

    Example: Then the station's answer to GetInstalledCertificateIds lists the old CSMS root certificate
    """
    migration.check_old_root_listed(station_session(context))
