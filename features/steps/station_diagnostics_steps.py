"""@station features, block N Diagnostics: a log upload that fails and its retries, CustomerInformation for
an idToken or a customer, what every message of a request holds, and the customer data a station holds.
The logic is in support/scenario/station_diagnostics.py; GetLog to the configured upload location is "the
test CSMS asks for the {log_type} with GetLog" (station16_csms_steps.py, both versions)."""
from behave import given, then, when

from support.scenario import station_diagnostics as diagnostics
from support.scenario.words import field_rows

from station_csms_steps import station_session


@when("the test CSMS asks for the {log_type} with GetLog to a location the station cannot reach, "
      "with {retries:d} retries every {seconds} seconds")
def step_get_log_unreachable(context, log_type, retries, seconds):
    """GetLog of this logType (a configured one: <CONFIGURED_LOG_TYPE>) to an FTP location on a loopback
    port nothing listens on, with these retries and retryInterval (protocol seconds, a number or a
    configured value), and a new requestId (OCTT TC_N_26_CS).

    Example: When the test CSMS asks for the DiagnosticsLog with GetLog to a location the station cannot reach, with 3 retries every <CONFIGURED_RETRY_INTERVAL> seconds
    """
    diagnostics.get_log_unreachable(station_session(context), log_type, retries, seconds)


@then("the station gives up the upload after {attempts:d} failed attempts, the GetLog's retryInterval apart")
def step_failed_upload(context, attempts):
    """N01.FR.10 (OCTT TC_N_26_CS with the 2023-12 errata): for the last GetLog request, LogStatusNotification
    Uploading, then each attempt reported failed (UploadFailure, BadMessage, PermissionDenied or
    NotSupportedOperation; Uploading again before a retry is allowed) this many times, at least the
    request's retryInterval apart, and no further attempt within one more retryInterval.

    Example: Then the station gives up the upload after 4 failed attempts, the GetLog's retryInterval apart
    """
    diagnostics.expect_failed_upload(station_session(context), attempts)


@when("the test CSMS requests the customer information of {whom} with")
def step_customer_information(context, whom):
    """CustomerInformation for a configured idToken ("the valid idToken") or a customerIdentifier ('the
    customer "<CONFIGURED_CUSTOMER_IDENTIFIER>"'), with a new requestId; the table gives report and clear.

    Example:
        When the test CSMS requests the customer information of the valid idToken with
          | field  | value |
          | report | true  |
          | clear  | false |
    """
    diagnostics.customer_information(station_session(context), whom, field_rows(context.table))


@given('the station holds data of the customer "{identifier}"')
def step_customer_data(context, identifier):
    """Memory state of OCTT TC_N_62_CS: the tester stored this customerIdentifier at the station beforehand
    (a configured value, <CONFIGURED_CUSTOMER_IDENTIFIER>). The embedded reference station is given it; a
    station under test must hold it already.

    Example: Given the station holds data of the customer "<CONFIGURED_CUSTOMER_IDENTIFIER>"
    """
    diagnostics.hold_customer_data(station_session(context), identifier)


@then("every {action} the station sent for the {command} request has")
def step_every_message_of_request(context, action, command):
    """Every message of this action the station sent for the CSMS's last request of the command (its
    requestId, after its answer) fits the table; at least one came.

    Example:
        Then every NotifyCustomerInformation the station sent for the CustomerInformation request has
          | field | value       |
          | data  | (not empty) |
    """
    diagnostics.expect_every_message_of_request(station_session(context), action, command,
                                                field_rows(context.table))
