"""Steps about smart charging (block K): the CSMS made to set, replace, read and clear charging
profiles and to ask for a composite schedule; the profiles the station has and reports, external
limits, the EV's charging needs and schedule (ISO 15118); and checks of the profiles the CSMS sends.
Limits are in the configured chargingRateUnit as OCTT writes them: 6 is 6 A, or 6000 W."""
from behave import given, then, when

from support.station import smart_charging_actions as sc
from support.scenario.words import enum_value, field_rows

ARTICLES = ("a", "an")


def _purpose(words):
    return enum_value("ChargingProfilePurpose", words)


def _kind(words):
    return enum_value("ChargingProfileKind", words)


# ---------------------------------------------------------------------- the station's own profiles

@given("the test station has a {purpose} with limit {limit:g} on EVSE {evse:d}")
@given("the test station has a {purpose} with limit {limit:g} at stack level {level:d} on EVSE {evse:d}")
def step_station_has_profile(context, purpose, limit, evse, level=None):
    """The test station has this charging profile installed from before the scenario (at the
    configured stack level unless one is given). A ChargingStationExternalConstraints comes from an
    external system (chargingLimitSource EMS); the others were set by the CSO.

    Example: Given the test station has a TxDefaultProfile with limit 6 on EVSE 1
    Example: Given the test station has a ChargingStationExternalConstraints with limit 16 on EVSE 1
    """
    sc.install_local(context.session, _purpose(purpose), limit, evse, level)


# ---------------------------------------------------------------------- making the CSMS act

@when("the CSMS is asked to set a {purpose} of kind {kind} with limit {limit:g} on EVSE {evse:d}")
def step_set_profile(context, kind, purpose, limit, evse):
    """Make the CSMS send SetChargingProfile with a new charging profile of this kind and purpose
    (configured stackLevel, chargingRateUnit, duration, numberPhases, recurrencyKind). The CSMS fills
    in the rest: the id, validFrom/validTo and startSchedule (now) of an Absolute profile, and the
    transactionId of a TxProfile when a transaction is ongoing on the EVSE (trigger API
    set-charging-profile).

    Example: When the CSMS is asked to set a TxDefaultProfile of kind Absolute with limit 6 on EVSE 1
    Example: When the CSMS is asked to set a TxProfile of kind Relative with limit 7 on EVSE 1
    """
    sc.ask_set_profile(context.session, _kind(kind), _purpose(purpose), limit, evse)


@when("the CSMS is asked to replace that charging profile with limit {limit:g}")
def step_replace_profile(context, limit):
    """Make the CSMS send the charging profile it sent last again, with the same id, purpose, kind
    and stack level but another limit (K01.FR.05: the same id replaces it).

    Example: When the CSMS is asked to replace that charging profile with limit 6
    """
    sc.ask_replace_previous(context.session, limit)


@when("the CSMS is asked to renegotiate the charging schedule on EVSE {evse:d} with limit {limit:g}")
def step_renegotiate(context, evse, limit):
    """Make the CSMS send a new Relative TxProfile for the transaction on the EVSE, one stack level
    above the TxProfiles it has set for that transaction, so that it prevails (K16).

    Example: When the CSMS is asked to renegotiate the charging schedule on EVSE 1 with limit 10
    """
    sc.ask_set_profile(context.session, "Relative", "TxProfile", limit, evse, renegotiate=True)


@when("the CSMS is asked to clear the reported {purpose} of EVSE {evse:d} by its id")
def step_clear_reported(context, purpose, evse):
    """Make the CSMS send ClearChargingProfile with only the chargingProfileId of the profile of
    this purpose that the station reported on the EVSE (the CSMS finds the id in what it was told;
    trigger API clear-charging-profile).

    Example: When the CSMS is asked to clear the reported TxDefaultProfile of EVSE 1 by its id
    """
    sc.ask_clear_reported(context.session, _purpose(purpose), evse)


@when("the CSMS is asked to clear the {purpose} profiles of EVSE {evse:d} at the configured stack level")
def step_clear_criteria(context, purpose, evse):
    """Make the CSMS send ClearChargingProfile with chargingProfileCriteria: this purpose, the EVSE
    and the configured stackLevel.

    Example: When the CSMS is asked to clear the TxDefaultProfile profiles of EVSE 1 at the configured stack level
    """
    sc.ask_clear_by_criteria(context.session, _purpose(purpose), evse)


@when("the CSMS is asked for the charging profiles installed on EVSE {evse:d} with")
@when("the CSMS is asked for the charging profiles of all EVSEs with")
def step_get_profiles(context, evse=None):
    """Make the CSMS send GetChargingProfiles for an EVSE (0: the station itself), or without evseId
    for every EVSE; the table is the chargingProfile criterion (| criterion | value |:
    chargingProfilePurpose, stackLevel, chargingLimitSource, chargingProfileId). The CSMS chooses
    the requestId.

    Example:
        When the CSMS is asked for the charging profiles installed on EVSE 1 with
          | criterion              | value            |
          | chargingProfilePurpose | TxDefaultProfile |
          | stackLevel             | 0                |
    """
    sc.ask_get_profiles(context.session, evse, sc.criteria_from_rows(context.session, field_rows(context.table)))


@when("the CSMS is asked for that charging profile by its id")
def step_get_profile_by_id(context):
    """Make the CSMS send GetChargingProfiles with the chargingProfileId of the profile it set last.

    Example: When the CSMS is asked for that charging profile by its id
    """
    sc.ask_get_previous_by_id(context.session)


@when("the CSMS is asked for the composite schedule of EVSE {evse:d}")
def step_composite(context, evse):
    """Make the CSMS send GetCompositeSchedule for the EVSE (0: the grid connection), for the
    configured duration and chargingRateUnit.

    Example: When the CSMS is asked for the composite schedule of EVSE 1
    """
    sc.ask_composite_schedule(context.session, evse)


# ---------------------------------------------------------------------- the station sends

@when("the test station reports its charging profiles to the CSMS")
def step_report_profiles(context):
    """Answer the CSMS's last GetChargingProfiles with ReportChargingProfiles: the station's
    matching profiles, one message per EVSE and source, tbc true on all but the last.

    Example: When the test station reports its charging profiles to the CSMS
    """
    sc.report_profiles(context.session)


@when("the test station reports an external charging limit of {limit:g} from {source} on EVSE {evse:d}")
def step_charging_limit(context, limit, source, evse):
    """Send NotifyChargingLimit: an external system (chargingLimitSource) limits the EVSE, with a
    charging schedule of that limit.

    Example: When the test station reports an external charging limit of 16 from EMS on EVSE 1
    """
    sc.send_charging_limit(context.session, limit, enum_value("ChargingLimitSource", source), evse)


@when("the test station reports that the external charging limit from {source} on EVSE {evse:d} is released")
def step_cleared_limit(context, source, evse):
    """Send ClearedChargingLimit: the external system released its limit on the EVSE.

    Example: When the test station reports that the external charging limit from EMS on EVSE 1 is released
    """
    sc.send_cleared_limit(context.session, enum_value("ChargingLimitSource", source), evse)


@when("the test station sends NotifyEVChargingNeeds for EVSE {evse:d}")
@when("the test station sends NotifyEVChargingNeeds for EVSE {evse:d} with an EV maximum current of {amps:g} A")
def step_ev_needs(context, evse, amps=None):
    """Send the mock EV's charging needs (ISO 15118: AC three phase, 6 to 32 A, 50 kWh; or another
    maximum current, as when the EV renegotiates).

    Example: When the test station sends NotifyEVChargingNeeds for EVSE 1 with an EV maximum current of 10 A
    """
    sc.send_ev_charging_needs(context.session, evse, amps)


@when("the test station sends NotifyEVChargingSchedule for EVSE {evse:d} with the schedule of that profile")
def step_ev_schedule(context, evse):
    """Send the EV's charging schedule: the schedule of the last charging profile the CSMS set on
    the EVSE.

    Example: When the test station sends NotifyEVChargingSchedule for EVSE 1 with the schedule of that profile
    """
    sc.send_ev_charging_schedule(context.session, evse)


@when("the test station sends NotifyEVChargingSchedule for EVSE {evse:d} with twice the limits of that profile")
def step_ev_schedule_exceeding(context, evse):
    """Send an EV charging schedule that exceeds the last charging profile the CSMS set on the EVSE:
    every limit doubled.

    Example: When the test station sends NotifyEVChargingSchedule for EVSE 1 with twice the limits of that profile
    """
    sc.send_ev_charging_schedule(context.session, evse, factor=2.0)


# ---------------------------------------------------------------------- checks of the CSMS

@then("the CSMS sets a charging profile on EVSE {evse:d} with")
def step_check_set_profile(context, evse):
    """The CSMS sends SetChargingProfile for the EVSE; its chargingProfile follows the OCPP rules
    (first period at 0, startSchedule with Absolute and Recurring only, recurrencyKind with
    Recurring only, ...) and every row holds. Rows may name chargingProfile fields directly
    (stackLevel), chargingSchedule.X (the first schedule) and period.X (its first period). Values
    may also be `now`, `now + duration`, `(the transaction)`, `(the previous id)`, `(a new id)`,
    `(configured number of phases)` (or absent when it is 3) and `(1 item)`.

    Example:
        Then the CSMS sets a charging profile on EVSE 1 with
          | field                  | value                    |
          | chargingProfilePurpose | TxDefaultProfile         |
          | stackLevel             | <CONFIGURED_STACK_LEVEL> |
          | validFrom              | now                      |
          | period.limit           | 6 or 6000                |
    """
    sc.check_profile_request(context.session, "SetChargingProfile", evse, field_rows(context.table))


@then("the CSMS requests a transaction start on EVSE {evse:d} with a charging profile with")
def step_check_remote_start_profile(context, evse):
    """The CSMS sends RequestStartTransaction for the EVSE with a chargingProfile that follows the
    OCPP rules, a TxProfile without transactionId (F01.FR.09/.11); rows as for SetChargingProfile,
    plus fields of the request itself (idToken.idToken).

    Example:
        Then the CSMS requests a transaction start on EVSE 1 with a charging profile with
          | field           | value            |
          | idToken.idToken | <VALID_ID_TOKEN> |
          | transactionId   | (absent)         |
    """
    sc.check_profile_request(context.session, "RequestStartTransaction", evse, field_rows(context.table))


@then("the CSMS clears the reported charging profile by its id")
def step_check_clear_reported(context):
    """The CSMS sends ClearChargingProfile with the chargingProfileId of a profile the station
    reported, and no chargingProfileCriteria.

    Example: Then the CSMS clears the reported charging profile by its id
    """
    sc.check_clear_reported(context.session)


@then('the CSMS reports that the test station refused {action} with CALLERROR "{code}"')
def step_reported_call_error(context, action, code):
    """The trigger API reports that the station answered the CSMS's request with this CALLERROR.

    Example: Then the CSMS reports that the test station refused SetChargingProfile with CALLERROR "NotSupported"
    """
    sc.check_reported_call_error(context.session, action, code)
