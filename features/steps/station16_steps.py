"""@ocpp16 @station features: making the OCPP 1.6 Charge Point under test act (through its driver),
the tool's reusable states, and checking what it sent. Connectors are numbered 1..N; connector 0 is
the Charge Point itself. The sentences shared with 2.0.1 are in station_steps.py."""
from behave import given, then, when

from support.scenario.ocpp16.station_session import session16
from support.scenario.words import enum_value, split_list


# ---------------------------------------------------------------------- what the Charge Point is

@given("the Charge Point has a fixed cable")
def step_fixed_cable(context):
    """The Charge Point has a cable fixed to it (UnlockConnector is NotSupported); set up before it
    powers up (the embedded station is made so, a real one must be).

    Example: Given the Charge Point has a fixed cable
    """
    session16(context).configure_station(fixed_cable=True)


@given("the Charge Point has backup power")
def step_backup_power(context):
    """On a power failure the Charge Point stops its transactions before going down (TC_032_1_CS).

    Example: Given the Charge Point has backup power
    """
    session16(context).configure_station(backup_power=True)


@given("the Charge Point does not support the {profile} feature profile")
def step_without_profile(context, profile):
    """The Charge Point's SupportedFeatureProfiles lack this profile (Reservation,
    LocalAuthListManagement, SmartCharging, RemoteTrigger, FirmwareManagement).

    Example: Given the Charge Point does not support the Reservation feature profile
    """
    session = session16(context)
    known = ["FirmwareManagement", "LocalAuthListManagement", "Reservation", "SmartCharging", "RemoteTrigger"]
    if profile not in known:
        from support.scenario.expect import StepError
        raise StepError(f"'{profile}' is not an optional OCPP 1.6 feature profile; one of {', '.join(known)}")
    profiles = session.station_settings.get("feature_profiles", "Core," + ",".join(known)).split(",")
    session.configure_station(feature_profiles=",".join(p for p in profiles if p != profile))


@given("the Charge Point fails to store a local authorization list")
def step_local_list_fails(context):
    """The Charge Point is in a state in which it fails to store a local list (TC_043_3_CS).

    Example: Given the Charge Point fails to store a local authorization list
    """
    session16(context).configure_station(local_list_storage_fails=True)


# ---------------------------------------------------------------------- the tool's reusable states

@given('the Charge Point is charging on connector {connector:d} for idTag "{id_tag}"')
def step_charging(context, connector, id_tag):
    """OCTT reusable state Charging: GetConfiguration AuthorizeRemoteTxRequests, the cable plugged in
    (Preparing), RemoteStartTransaction (Accepted), Authorize when AuthorizeRemoteTxRequests is true,
    StartTransaction (idTagInfo Accepted), StatusNotification Charging.

    Example: Given the Charge Point is charging on connector 1 for idTag "VALID-1"
    """
    session16(context).reusable_charging(connector, id_tag)


@given('the Charge Point has authorized idTag "{id_tag}" on connector {connector:d}')
def step_authorized(context, id_tag, connector):
    """OCTT reusable state Authorized: the idTag presented, Authorize (Accepted), StatusNotification
    Preparing.

    Example: Given the Charge Point has authorized idTag "VALID-1" on connector 1
    """
    session16(context).reusable_authorized(connector, id_tag)


@given('the Charge Point has cached idTag "{id_tag}"')
def step_cached(context, id_tag):
    """OCTT memory state IdTagCached: a transaction with the idTag on the configured connector, stopped
    with the idTag (StopTransaction, Finishing), the cable unplugged (Available).

    Example: Given the Charge Point has cached idTag "VALID-1"
    """
    session16(context).memory_cached(id_tag)


@given('connector {connector:d} of the Charge Point is occupied')
def step_occupied(context, connector):
    """OCTT reusable state SetConnectorOccupied: a cable plugged in, StatusNotification Preparing.

    Example: Given connector 1 of the Charge Point is occupied
    """
    session = session16(context)
    session.act("plug_in", connector, 1)
    session.expect_status16("Preparing", connector)


@given('connector {connector:d} of the Charge Point is faulted')
def step_connector_faulted(context, connector):
    """OCTT reusable state SetConnectorFaulted: the connector becomes Faulted (a manual action).

    Example: Given connector 1 of the Charge Point is faulted
    """
    session = session16(context)
    session.act("set_fault", connector, "OtherError")
    session.expect_status16("Faulted", connector)


@given("the Charge Point is faulted")
def step_charge_point_faulted(context):
    """OCTT reusable state SetChargePointFaulted: the Charge Point (connector 0) becomes Faulted.

    Example: Given the Charge Point is faulted
    """
    session = session16(context)
    session.act("set_fault", 0, "OtherError")
    session.expect_status16("Faulted", 0)


# ---------------------------------------------------------------------- making the Charge Point act

@when("an EV is plugged in at connector {connector:d}")
def step_plug_in(context, connector):
    """The EV driver plugs the cable in at a connector.

    Example: When an EV is plugged in at connector 1
    """
    session16(context).act("plug_in", connector, 1)


@when("the EV is unplugged from connector {connector:d}")
def step_unplug(context, connector):
    """The EV driver takes the cable out of the connector (and the EV).

    Example: When the EV is unplugged from connector 1
    """
    session16(context).act("unplug", connector, 1)


@when("the cable is disconnected on the EV side at connector {connector:d}")
def step_ev_side(context, connector):
    """The cable comes out of the EV but stays in the Charge Point's socket (TC_005_x_CS).

    Example: When the cable is disconnected on the EV side at connector 1
    """
    session16(context).act("disconnect_ev", connector)


@when("the cable is plugged in halfway at connector {connector:d}")
def step_halfway(context, connector):
    """The EV driver plugs the cable in only halfway, so the connector cannot lock (TC_024_CS).

    Example: When the cable is plugged in halfway at connector 1
    """
    session16(context).act("plug_in_halfway", connector)


@when('the driver presents idTag "{id_tag}" at connector {connector:d}')
def step_present(context, id_tag, connector):
    """The EV driver presents an idTag (card, app, start button) at a connector.

    Example: When the driver presents idTag "VALID-1" at connector 1
    """
    session16(context).act("present_token", id_tag, "ISO14443", connector)


@when('connector {connector:d} of the Charge Point fails with errorCode "{error_code}"')
def step_fault(context, connector, error_code):
    """The connector (0: the Charge Point) becomes Faulted with this errorCode (a manual action).

    Example: When connector 1 of the Charge Point fails with errorCode "GroundFailure"
    """
    session = session16(context)
    session.act("set_fault", connector, session.enum_at("StatusNotification", "errorCode", error_code))


@when("the lock of connector {connector:d} breaks")
def step_break_lock(context, connector):
    """The connector's lock no longer opens, so UnlockConnector fails (TC_030_CS).

    Example: When the lock of connector 1 breaks
    """
    session16(context).act("break_lock", connector)


@when("the Charge Point loses power and gets it back")
def step_power_failure(context):
    """A power failure: the power goes and comes back (with backup power the Charge Point first stops
    its transactions).

    Example: When the Charge Point loses power and gets it back
    """
    session16(context).act("power_failure")


# ---------------------------------------------------------------------- what the Charge Point sent

@then('the Charge Point sends StatusNotification "{status}" for connector {connector:d} with errorCode "{error_code}"')
def step_status_error(context, status, connector, error_code):
    """The Charge Point's next StatusNotification for this connector has this status and errorCode.

    Example: Then the station sends StatusNotification "Faulted" for connector 1 with errorCode "ConnectorLockFailure"
    """
    session16(context).expect_status16(status, connector, error_code)


@then('the Charge Point sends StatusNotification "{status}" for connector {connector:d}')
def step_status(context, status, connector):
    """The Charge Point's next StatusNotification for this connector (0: the Charge Point) has this
    status; `"A" or "B"` allows either.

    Example: Then the Charge Point sends StatusNotification "Preparing" for connector 1
    """
    session16(context).expect_status16(status, connector)


@then('the Charge Point sends StatusNotification "{status}" for connector 0 and every connector')
def step_status_all(context, status):
    """StatusNotification with this status for connector 0 and for every connector.

    Example: Then the Charge Point sends StatusNotification "Unavailable" for connector 0 and every connector
    """
    session16(context).expect_status_with_connector_zero(status)


@then('the Charge Point, if it restarts, boots and sends StatusNotification "{status}" for connector {connector:d} '
      'and "{others_status}" for {others}')
def step_optional_restart(context, status, connector, others_status, others):
    """After a soft reset (OCTT TC_014_CS, TC_016_CS) the BootNotification is optional: when the Charge
    Point restarts (its connection closes or it boots within the station timeout after its Reset
    answer), the test CSMS accepts its boot and, after it, the Charge Point reports this status for the
    connector and the other status for "the other connectors" or "connector 0 and the other
    connectors"; when it stays up, there is nothing more to check.

    Example: Then the Charge Point, if it restarts, boots and sends StatusNotification "Unavailable" for connector 1 and "Available" for the other connectors
    """
    session = session16(context)
    scopes = {"the other connectors": False, "connector 0 and the other connectors": True}
    if others not in scopes:
        from support.scenario.expect import StepError
        raise StepError(f"'{others}': say \"the other connectors\" or \"connector 0 and the other connectors\"")
    for value in [others_status] + status.split(" or "):
        enum_value("ChargePointStatus", value.strip().strip('"'), "1.6")
    session.expect_restart_after_soft_reset(status, connector, others_status, scopes[others])


@then('the station sends {action} with status "{status}", with or without "{optional}" before it')
def step_status_after_optional(context, action, status, optional):
    """The station's next message of this action has this status, or first the optional one and then
    this status (OCTT: Downloading is optional when "the download may fail immediately", TC_044_2_CS;
    Installing when the installation may, TC_044_3_CS). A repeat of the optional status is passed over.

    Example: Then the station sends FirmwareStatusNotification with status "DownloadFailed", with or without "Downloading" before it
    """
    session16(context).expect_status_after_optional(action, status, optional)


@then('the StopTransaction names the transaction and a meterStop not below its meterStart')
def step_stop_consistent(context):
    """The StopTransaction a step matched last has the transactionId the CSMS gave its
    StartTransaction and a meterStop (Wh) at least that meterStart.

    Example: Then the StopTransaction names the transaction and a meterStop not below its meterStart
    """
    session16(context).check_stop_matches_start()


@then('the StopTransaction carries the idTag of the StartTransaction')
def step_stop_id_tag(context):
    """The idTag of the StopTransaction a step matched last is the one its transaction started with.

    Example: Then the StopTransaction carries the idTag of the StartTransaction
    """
    session16(context).check_stop_id_tag()


@then('the StartTransaction carries the reservationId of the ReserveNow')
def step_start_reservation(context):
    """The StartTransaction a step matched last has the reservationId (and the idTag, or an idTag of
    its parentIdTag) of the CSMS's last ReserveNow.

    Example: Then the StartTransaction carries the reservationId of the ReserveNow
    """
    session16(context).check_reservation_used()


@then('the station sends {count:d} MeterValues for the transaction with the measurands of {key} '
      'in context "{reading_context}", {seconds:g} seconds apart')
def step_sampled(context, count, key, reading_context, seconds):
    """The Charge Point's next MeterValues carry the transactionId, sampled values in this context with
    every measurand of the configuration key (as it reported it in GetConfiguration; empty means
    Energy.Active.Import.Register) and timestamps N protocol seconds apart.

    Example: Then the station sends 3 MeterValues for the transaction with the measurands of MeterValuesSampledData in context "Sample.Periodic", 10 seconds apart
    """
    session16(context).check_meter_values(count, reading_context, key, seconds)


@then('the station sends {count:d} clock-aligned MeterValues for the transaction with the measurands of {key}, every {seconds:g} seconds')
def step_aligned(context, count, key, seconds):
    """The Charge Point's next MeterValues in context Sample.Clock carry the transactionId, every
    measurand of the configuration key, and timestamps on the multiples of the interval.

    Example: Then the station sends 3 clock-aligned MeterValues for the transaction with the measurands of MeterValuesAlignedData, every 20 seconds
    """
    session16(context).check_meter_values(count, "Sample.Clock", key, seconds, aligned=True)


@then('the Charge Point sends {count:d} queued MeterValues for the transaction in order, {seconds:g} seconds apart')
def step_queued(context, count, seconds):
    """The Charge Point delivers the MeterValues it queued while offline: the first ones it sends once
    its connection is back, at least this many, sampled before it reconnected (not new ones), with the
    transactionId, timestamps in chronological order and N protocol seconds apart (TC_036_CS).

    Example: Then the Charge Point sends 3 queued MeterValues for the transaction in order, 10 seconds apart
    """
    session16(context).check_meter_values(count, "Sample.Periodic", None, seconds, queued=True)


@then("the Charge Point answers GetConfiguration with every key OCTT requires for its feature profiles")
def step_required_keys(context):
    """The Charge Point's answer to the last GetConfiguration lists every Core key (and those of the
    feature profiles it reports in SupportedFeatureProfiles) with the accessibility OCTT TC_019_CS
    requires (R, RW).

    Example: Then the Charge Point answers GetConfiguration with every key OCTT requires for its feature profiles
    """
    session16(context).check_required_keys()


@then("the Charge Point answers GetConfiguration with every key that was asked for")
def step_all_asked(context):
    """The answer to the last GetConfiguration lists every key of its request, and no unknownKey.

    Example: Then the Charge Point answers GetConfiguration with every key that was asked for
    """
    session16(context).check_all_keys_answered()


@given('the Charge Point has the configuration key "{key}" set to "{value}"')
def step_requires_key(context, key, value):
    """An OCTT prerequisite: the test CSMS reads the key with GetConfiguration; a Charge Point without
    it, or with another value, is not one the case is for, and the scenario is not run.

    Example: Given the Charge Point has the configuration key "ReserveConnectorZeroSupported" set to "true"
    """
    session16(context).require_configuration_value(key, value)


@given("the Charge Point implements the OCPP 1.6 security extension")
def step_security_extension(context):
    """OCTT prerequisite of the security cases ("supports a security profile"): the Charge Point
    has the configuration key SecurityProfile of the OCPP 1.6 security extension (read with
    GetConfiguration). A Charge Point without it is not one the case is for: the scenario is not run.

    Example: Given the Charge Point implements the OCPP 1.6 security extension
    """
    session16(context).require_configuration_value(
        "SecurityProfile", why="the OCPP 1.6 security extension, which every security case needs")


@then('the Charge Point reports the configuration key "{key}" as "{value}"')
def step_key_value(context, key, value):
    """The answer to the last GetConfiguration gives this value for the key.

    Example: Then the Charge Point reports the configuration key "MeterValueSampleInterval" as "10"
    """
    session16(context).check_configuration_value(key, value)


@then("the Charge Point lists the installed certificate")
def step_lists_certificate(context):
    """The answer to the last GetInstalledCertificateIds contains the hash data of the certificate of
    the CSMS's InstallCertificate, as the suite calculates it.

    Example: Then the Charge Point lists the installed certificate
    """
    session16(context).check_installed_hash(True)


@then("the Charge Point no longer lists the installed certificate")
def step_unlists_certificate(context):
    """The answer to the last GetInstalledCertificateIds no longer contains that certificate.

    Example: Then the Charge Point no longer lists the installed certificate
    """
    session16(context).check_installed_hash(False)


@then('the Charge Point connected with Basic auth as its identity with password "{password}"')
def step_basic_auth_password(context, password):
    """The Charge Point's latest connection carried HTTP Basic auth: username its identity, this
    password (16 to 40 characters).

    Example: Then the Charge Point connected with Basic auth as its identity with password "0123456789abcdef"
    """
    session16(context).check_basic_auth(password)


@then("the Charge Point sends no {actions} for {seconds:g} seconds")
def step_sends_none_of(context, actions, seconds):
    """None of these messages (comma-separated) comes from the Charge Point for N protocol seconds.

    Example: Then the Charge Point sends no StartTransaction, Authorize for 2 seconds
    """
    session = session16(context)
    session.expect_none_of(split_list(actions), session.protocol_seconds(seconds))


@given("every connector of the Charge Point but connector {connector:d} is unavailable")
def step_others_unavailable(context, connector):
    """OCTT "SetConnectorUnavailable for all unused connectors": ChangeAvailability Inoperative (Accepted)
    and StatusNotification Unavailable for every other connector.

    Example: Given every connector of the Charge Point but connector 1 is unavailable
    """
    from support.csms.ocpp16.scripted import build_change_availability16
    session = session16(context)
    for other in session.connectors():
        if other != connector:
            session.command("ChangeAvailability", build_change_availability16(other, "Inoperative"))
            session.check_command_answer("ChangeAvailability", [("status", "Accepted")])
            session.expect_status16("Unavailable", other)


@given("all connectors of the Charge Point are occupied")
def step_all_occupied(context):
    """OCTT "SetConnectorOccupied for all connectors": a cable in every connector (Preparing).

    Example: Given all connectors of the Charge Point are occupied
    """
    session = session16(context)
    for connector in session.connectors():
        session.act("plug_in", connector, 1)
        session.expect_status16("Preparing", connector)


@given('the test CSMS has read the configuration key "{key}"')
def step_read_key(context, key):
    """OCTT reusable state GetConfiguration: GetConfiguration of one key, which the Charge Point lists.

    Example: Given the test CSMS has read the configuration key "MeterValuesSampledData"
    """
    from support.csms.ocpp16.scripted import build_get_configuration
    session = session16(context)
    session.command("GetConfiguration", build_get_configuration([key]))
    session.check_command_answer("GetConfiguration", [("configurationKey[0].key", key)])


@given('the Charge Point connects with the Basic auth password "{password}"')
def step_station_password(context, password):
    """Security profile 1: the Charge Point's AuthorizationKey is this password and the CSMS requires
    it (set up before the Charge Point powers up).

    Example: Given the Charge Point connects with the Basic auth password "0123456789abcdef"
    """
    session = session16(context)
    session.configure_station(password=password)
    session.script.password = password


@when("the Charge Point has queued {count:d} MeterValues of the transaction")
def step_queued_wait(context, count):
    """While offline, wait until the Charge Point holds this many MeterValues of its transaction for
    later (an event the embedded station reports; OCTT waits for "a few meter values").

    Example: When the Charge Point has queued 3 MeterValues of the transaction
    """
    session16(context).act("wait_queued", "MeterValues", count)


@then('the Charge Point sends StatusNotification "{status}" for every connector but {connector:d}, connector 0 included')
def step_status_others(context, status, connector):
    """StatusNotification with this status for connector 0 and every connector except this one.

    Example: Then the Charge Point sends StatusNotification "Available" for every connector but 1, connector 0 included
    """
    session = session16(context)
    for other in [0] + session.connectors():
        if other != connector:
            session.expect_status16(status, other)


@then("the Charge Point answers {action} with an empty payload")
def step_answer_empty(context, action):
    """The Charge Point answered the CSMS's last request of this action with a CALLRESULT {}.

    Example: Then the Charge Point answers UpdateFirmware with an empty payload
    """
    session = session16(context)
    answer = session.check_command_answer(action, [])
    if answer != {}:
        session.fail(f"expected the station to answer {action} with an empty payload, but it answered {answer}")


@then("the StartTransaction carries no reservationId")
def step_start_without_reservation(context):
    """The StartTransaction a step matched last has no reservationId (no reservation was used).

    Example: Then the StartTransaction carries no reservationId
    """
    session = session16(context)
    start = session.latest_message("StartTransaction").frame.payload
    if "reservationId" in start:
        session.fail(f"the station's StartTransaction has reservationId {start['reservationId']}; no reservation "
                     "should have been used")


@given('the Charge Point is charging on connector {connector:d} for idTag "{id_tag}" with a TxProfile of {limit:g} {unit}')
def step_charging_profile(context, connector, id_tag, limit, unit):
    """OCTT reusable state Charging whose RemoteStartTransaction carries a TxProfile (stack level 0,
    Absolute from now, 300 seconds) with this limit (TC_059_CS).

    Example: Given the Charge Point is charging on connector 1 for idTag "VALID-1" with a TxProfile of 6 A
    """
    from support.csms.ocpp16.scripted import build_charging_profile
    session = session16(context)
    unit = session.enum_at("GetCompositeSchedule", "chargingRateUnit", unit)
    profile = build_charging_profile(59, "TxProfile", 0, ((0, limit),), unit, 300)
    session.reusable_charging(connector, id_tag, profile)


@then('the composite schedule has the limits "{limits}" from the start of the charging profiles')
def step_composite(context, limits):
    """The Charge Point's last GetCompositeSchedule answer has these periods (startPeriod: limit, as OCTT
    writes them from the profiles' startSchedule), each moved by the time x from that startSchedule to
    the composite's scheduleStart (within two seconds).

    Example: Then the composite schedule has the limits "0: 8, 50: 10, 200: 6, 240: 10" from the start of the charging profiles
    """
    session16(context).check_composite(limits)


@then("the composite schedule starts within {seconds:g} seconds of the current time")
def step_composite_start(context, seconds):
    """The scheduleStart of the last composite schedule is at most N seconds from now (OCTT's configured
    maximum time deviation).

    Example: Then the composite schedule starts within 5 seconds of the current time
    """
    session16(context).check_composite_start(seconds)


@then('the Charge Point reports a value of at least {minimum:d} for the configuration key "{key}"')
def step_key_at_least(context, key, minimum):
    """The answer to the last GetConfiguration gives the key a whole number of at least this much.

    Example: Then the Charge Point reports a value of at least 3 for the configuration key "MaxChargingProfilesInstalled"
    """
    session16(context).check_configuration_value(key, minimum=minimum)
