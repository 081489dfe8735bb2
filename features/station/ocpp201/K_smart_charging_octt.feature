@ocpp201 @station @blockK
Feature: K Smart charging - OCTT charging-station cases: a charging profile the station does not support
  OCTT test cases TC_K_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured. The
  reusable states are the state library of block C ("Given the station is brought to state ..."), at the
  configured EVSE and connector with the valid idToken. The profiles' values are the configured ones
  (CONFIGURED_CHARGING_RATE_UNIT: a limit of 6 is 6 A or 6000 W, CONFIGURED_NUMBER_PHASES, CONFIGURED_STACK_LEVEL).

  @TC_K_38_CS
  Scenario: TC_K_38_CS Remote start transaction with charging profile - Ignore chargingProfile
    # Prerequisite "The Charging Station does NOT support Smart Charging": SmartChargingCtrlr.Available and
    # .Enabled (GetVariables); a station that reports either true is not run.
    Given the station has booted
    And the station does not support smart charging
    And the station is brought to state EVConnectedPreSession
    # Steps 1-6 are reusable state Authorized (remote), its RequestStartTransaction with the TxProfile
    # (chargingProfile.transactionId omitted, kind Relative, startPeriod 0): Accepted (with the transactionId
    # of the transaction the cable started, if it did), Authorize when AuthorizeRemoteStart is true, the
    # TransactionEvent RemoteStart with the remoteStartId. Step 7: EnergyTransferStarted.
    When the station is brought to state Authorized (remote) with a TxProfile
    And the station is brought to state EnergyTransferStarted
