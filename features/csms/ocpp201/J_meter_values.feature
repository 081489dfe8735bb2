@ocpp201 @csms @blockJ
Feature: J Meter Values - the CSMS under test takes clock-aligned, sampled and signed meter values
  OCTT test cases TC_J_xx_CSMS (OCPP 2.0.1 Part 6). The station reports the energy register
  (Energy.Active.Import.Register, Wh) of the main meter (evseId 0) and of its EVSEs. Timestamps are
  exactly one configured interval apart (CLOCK_ALIGNED_METER_VALUES_INTERVAL,
  SAMPLED_METER_VALUES_INTERVAL, TX_ENDED_METER_VALUES_INTERVAL); the station sends a whole
  series at once instead of waiting for each interval to pass, so the CSMS gets the same data in
  seconds. The CSMS must answer every message that carries them (J01.FR.18, J02.FR.19).

  Background:
    Given the test station is in state Booted

  @TC_J_01_CSMS
  Scenario: TC_J_01_CSMS Clock-aligned Meter Values - No transaction ongoing
    When the test station sends clock-aligned meter values 3 times
    Then the CSMS answers every message that carried meter values in context Sample.Clock
    And the CSMS answers every message of the test station

  @TC_J_02_CSMS
  Scenario: TC_J_02_CSMS Clock-aligned Meter Values - Transaction ongoing
    Given the test station is in state EnergyTransferStarted
    When the test station sends clock-aligned meter values 3 times
    Then the CSMS answers every message that carried meter values in context Sample.Clock
    And the CSMS answers every message of the test station

  @TC_J_03_CSMS
  Scenario: TC_J_03_CSMS Clock-aligned Meter Values - EventType Ended
    Given the test station reports clock-aligned meter values when a transaction ends
    And the test station is in state EnergyTransferStarted
    When the test station waits for the transaction duration
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message that carried meter values in context Sample.Clock and Transaction.End

  @TC_J_04_CSMS
  Scenario: TC_J_04_CSMS Clock-aligned Meter Values - Signed
    Given the test station reports clock-aligned meter values when a transaction ends
    And the test station signs its meter values
    And the test station is in state EnergyTransferStarted
    When the test station waits for the transaction duration
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message that carried meter values in context Sample.Clock and Transaction.End
    And the CSMS answers every message that carried signed meter values

  @TC_J_07_CSMS
  Scenario: TC_J_07_CSMS Sampled Meter Values - EventType Started - EVSE known
    Given the test station reports the energy meter when a transaction starts
    When the test station goes to state EVConnectedPreSession
    Then the CSMS answers every message that carried meter values in context Transaction.Begin

  @TC_J_08_CSMS
  Scenario: TC_J_08_CSMS Sampled Meter Values - Context Transaction.Begin - EVSE not known
    # The driver authorizes first: the Started event has no EVSE, so the Transaction.Begin reading
    # comes with the event that names the EVSE (cable plugged in).
    Given the test station learns the EVSE only when the cable is plugged in
    And the test station reports the energy meter when a transaction starts
    When the test station goes to state Authorized
    And the test station goes to state EVConnectedPreSession
    Then the CSMS answers every message that carried meter values in context Transaction.Begin
    When the test station goes to state EnergyTransferStarted
    Then the CSMS answers every message of the test station

  @TC_J_09_CSMS
  Scenario: TC_J_09_CSMS Sampled Meter Values - EventType Updated
    Given the test station is in state EnergyTransferStarted
    When the test station sends sampled meter values 3 times
    Then the CSMS answers every message that carried meter values in context Sample.Periodic

  @TC_J_10_CSMS
  Scenario: TC_J_10_CSMS Sampled Meter Values - EventType Ended
    Given the test station reports sampled meter values when a transaction ends
    And the test station is in state EnergyTransferStarted
    When the test station waits for the transaction duration
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message that carried meter values in context Sample.Periodic and Transaction.End

  @TC_J_11_CSMS
  Scenario: TC_J_11_CSMS Sampled Meter Values - Signed
    Given the test station reports sampled meter values when a transaction ends
    And the test station signs its meter values
    And the test station is in state EnergyTransferStarted
    When the test station waits for the transaction duration
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message that carried meter values in context Sample.Periodic and Transaction.End
    And the CSMS answers every message that carried signed meter values
