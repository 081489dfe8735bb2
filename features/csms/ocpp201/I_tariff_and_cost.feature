@ocpp201 @csms @blockI
Feature: I Tariff and Cost - the CSMS under test tells the driver what charging costs
  OCTT test cases TC_I_xx_CSMS. Part 6 (2023-06) leaves block I blank ("will be added in a later
  version"); the scenarios follow the public OCTT-style pytest suite. The CSMS must have an
  energy-based tariff for the configured idToken. With ENERGY_TARIFF_PER_KWH set (the embedded
  CSMS: 0.25), every cost must be the energy the station metered at that price; without it, the
  running cost must be 0 or more and the final cost above 0.

  Background:
    Given the test station is in state Booted

  @TC_I_01_CSMS
  Scenario: TC_I_01_CSMS Show EV Driver running total cost during charging - costUpdatedRequest
    # The pytest suite reports the authorization in an Updated event of a transaction it never
    # started; here the reusable state Authorized starts it. I02.FR.01: the running cost comes in a
    # CostUpdatedRequest, or as totalCost in the TransactionEventResponse.
    When the test station goes to state Authorized
    And the test station goes to state EVConnectedPreSession
    And the test station goes to state EnergyTransferStarted
    And the test station sends a sampled meter value
    Then the CSMS tells the test station the running cost of the transaction
    When the test station sends a sampled meter value
    Then the CSMS tells the test station the running cost of the transaction

  @TC_I_02_CSMS
  Scenario: TC_I_02_CSMS Show EV Driver Final Total Cost After Charging
    Given the test station reports the energy meter when a transaction starts
    And the test station reports the energy meter when a transaction ends
    When the test station goes to state EVConnectedPreSession
    And the test station goes to state Authorized
    And the test station goes to state EnergyTransferStarted
    And the test station goes to state StopAuthorized
    And the test station goes to state EVConnectedPostSession
    And the test station goes to state EVDisconnected
    Then the CSMS answers TransactionEvent with the total cost of the metered energy
