"""Steps about the station's Local Authorization List: what the station holds, and the CSMS made to
send full or differential updates or to ask for the list's version (block D)."""
from behave import given, then, when

from support.station import local_list
from support.station.ocpp16 import local_auth_list
from support.scenario.words import token_kind


@given("the test station has a local authorization list of the configured version with the {token} idToken")
def step_has_local_list(context, token):
    """The test station holds a local list of version LOCAL_LIST_VERSION with one configured idToken;
    it answers GetLocalListVersion with that version and applies the CSMS's updates to the list.

    Example: Given the test station has a local authorization list of the configured version with the valid idToken
    """
    local_list.install(context.session, context.settings.integer("local_list_version"), [token_kind(token)])


@given("the test station has no local authorization list")
def step_no_local_list(context):
    """The test station has no local list installed: it answers GetLocalListVersion with 0 (OCPP 1.6:
    listVersion 0).

    Example: Given the test station has no local authorization list
    """
    if context.session.version == "1.6":   # listVersion 0 (ocpp16/local_auth_list.py)
        local_auth_list.install_local_list(context.session, 0)
        return
    local_list.install(context.session, 0, [])


@when("the CSMS is asked to send its full local authorization list")
def step_full_list(context):
    """Make the CSMS send SendLocalList with updateType Full and the idTokens it holds
    (trigger API send-local-list).

    Example: When the CSMS is asked to send its full local authorization list
    """
    local_list.ask_send_local_list(context.session, "Full")


@when("the CSMS is asked to empty the local authorization list with a full update")
def step_empty_list(context):
    """Make the CSMS send SendLocalList with updateType Full and no entries, which empties the
    station's list.

    Example: When the CSMS is asked to empty the local authorization list with a full update
    """
    local_list.ask_send_local_list(context.session, "Full", add=[])


@when("the CSMS is asked to update the local authorization list with the {token} idToken")
def step_differential_add(context, token):
    """Make the CSMS send a differential SendLocalList that adds (or updates) a configured idToken.

    Example: When the CSMS is asked to update the local authorization list with the valid idToken
    """
    local_list.ask_send_local_list(context.session, "Differential", add=[token_kind(token)])


@when("the CSMS is asked to remove the {token} idToken from the local authorization list")
def step_differential_remove(context, token):
    """Make the CSMS send a differential SendLocalList that removes a configured idToken (an entry
    without idTokenInfo, D01.FR.17).

    Example: When the CSMS is asked to remove the valid idToken from the local authorization list
    """
    local_list.ask_send_local_list(context.session, "Differential", remove=[token_kind(token)])


@when("the CSMS is asked for the version of the local authorization list")
def step_ask_version(context):
    """Make the CSMS send GetLocalListVersionRequest (trigger API get-local-list-version; OCPP 1.6:
    /api/octt/1.6/{station}/get-local-list-version).

    Example: When the CSMS is asked for the version of the local authorization list
    """
    if context.session.version == "1.6":   # trigger API /api/octt/1.6/{station}/get-local-list-version
        local_auth_list.ask_local_list_version(context.session)
        return
    local_list.ask_local_list_version(context.session)


@then("the local authorization list the CSMS sent has unique idTokens, each with idTokenInfo")
def step_full_list_entries(context):
    """The CSMS's last SendLocalList has entries, no idToken twice (D01.FR.06) and idTokenInfo in
    every entry, as a full list needs.

    Example: Then the local authorization list the CSMS sent has unique idTokens, each with idTokenInfo
    """
    local_list.check_full_list_entries(context.session)
