@ocpp201 @station @blockJ
Feature: J Meter values - OCTT charging-station cases: clock-aligned and sampled meter values, signed readings, reading contexts
  OCTT test cases TC_J_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured. The
  reusable states are the state library of block C ("Given the station is brought to state ..."), at the
  configured EVSE and connector with the valid idToken. A "Configuration State" is a Given that sets the
  variable; the intervals the document leaves configured are settings (support/config.py), in protocol
  seconds, which the embedded station runs compressed. What else a case checks against (the measurands of
  AlignedDataCtrlr and SampledDataCtrlr, the intervals, PublicKeyWithSignedMeterValue) is read from the
  station with GetVariables, as OCTT knows its configuration.
  Errata 2023-12 (6.1.23): clock-aligned meter values come in MeterValues; a NotifyEvent beside them is not
  judged. Reusable state ParkingBayUnoccupied is EVConnectedPostSession and EVDisconnected (its parking bay
  part needs a sensor, as in block E). OCTT ends a case after three Meter Value messages or its
  <Configured transaction duration>: the suite waits a number of intervals instead, so that the timestamps
  of the readings, one interval apart, can be judged.

  # ------------------------------------------------------------------ J01 clock-aligned meter values

  @TC_J_01_CS
  Scenario: TC_J_01_CS Clock-aligned Meter Values - No transaction ongoing
    Given the station has booted
    And the station's AlignedDataCtrlr.Interval is "<CONFIGURED_CLOCK_ALIGNED_METER_VALUES_INTERVAL>"
    # "Three Meter Value messages": three intervals (a station may send one per EVSE in an interval).
    Then the station sends clock-aligned MeterValues for 3 intervals

  @TC_J_02_CS
  Scenario: TC_J_02_CS Clock-aligned Meter Values - Transaction ongoing
    Given the station has booted
    And the station's AlignedDataCtrlr.Interval is "<CONFIGURED_CLOCK_ALIGNED_METER_VALUES_INTERVAL>"
    And the station's AlignedDataCtrlr.SendDuringIdle is "false" if implemented
    And the station is brought to state EnergyTransferStarted
    # Steps 1-2 or 3-4: the transaction's EVSE in TransactionEvent MeterValueClock or in MeterValues, every
    # interval; MeterValues of idle EVSEs beside them are judged as in TC_J_01_CS.
    Then the station reports the transaction's clock-aligned readings for 2 intervals

  @TC_J_03_CS
  Scenario: TC_J_03_CS Clock-aligned Meter Values - EventType Ended
    Given the station has booted
    And the station's AlignedDataCtrlr.TxEndedInterval is "<CONFIGURED_CLOCK_ALIGNED_TX_ENDED_METER_VALUES_INTERVAL>"
    And the station's AlignedDataCtrlr.SendDuringIdle is "false" if implemented
    And the station is brought to state EnergyTransferStarted
    When the transaction runs for 3 intervals of AlignedDataCtrlr.TxEndedInterval
    # Step 1, ParkingBayUnoccupied: the transaction stops.
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    Then the Ended event of the transaction holds clock-aligned meter values

  @TC_J_04_CS
  Scenario: TC_J_04_CS Clock-aligned Meter Values - Signed
    Given the station has booted
    And the station's AlignedDataCtrlr.TxEndedInterval is "<CONFIGURED_CLOCK_ALIGNED_TX_ENDED_METER_VALUES_INTERVAL>"
    And the station's AlignedDataCtrlr.SendDuringIdle is "false" if implemented
    And the station's AlignedDataCtrlr.SignReadings is "true"
    And the station is brought to state EnergyTransferStarted
    When the transaction runs for 3 intervals of AlignedDataCtrlr.TxEndedInterval
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    # The document's "should" validations are judged as musts: the case is about the signed readings.
    Then the Ended event of the transaction holds signed clock-aligned meter values

  @TC_J_06_CS
  Scenario: TC_J_06_CS Clock-aligned Meter Values - No Meter Values during transaction
    # Prerequisite: AlignedDataCtrlr.SendDuringIdle is implemented (a station without it is not run).
    Given the station has booted
    And the station's AlignedDataCtrlr.Interval is "<CONFIGURED_CLOCK_ALIGNED_METER_VALUES_INTERVAL>"
    And the station's AlignedDataCtrlr.SendDuringIdle is "true"
    Then the station sends clock-aligned MeterValues for 2 intervals
    When the station is brought to state EnergyTransferStarted
    # Step 6 comes after <Configured clock-aligned Meter Values interval + 5 seconds>: two intervals.
    And the transaction runs for 2 intervals of AlignedDataCtrlr.Interval
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    # Post scenario validation "no message to report Meter Values while the transaction was active": the
    # clock-aligned ones, which SendDuringIdle governs (Part 2 Appendix); the Transaction.Begin reading of the
    # Started event and the TxEndedInterval readings of the Ended one are the sampled and Tx-ended data's.
    Then the station sent no clock-aligned meter values while the transaction ran
    And the station sends clock-aligned MeterValues for 2 intervals

  # ------------------------------------------------------------------ J02 sampled meter values

  @TC_J_07_CS
  Scenario: TC_J_07_CS Sampled Meter Values - EventType Started - EVSE known
    # Prerequisite: TxStartPoint without ParkingBayOccupancy; the case sets EVConnected (one of the allowed
    # start points). Reusable state ParkingBayOccupied is left out (no parking bay sensor, as in block E).
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "EVConnected"
    When the station is brought to state EVConnectedPreSession
    # Post scenario validation on the TransactionEvent Started (EVConnectedPreSession's, with the EVSE).
    Then that TransactionEvent reads each measurand of SampledDataCtrlr.TxStartedMeasurands in context "Transaction.Begin"
    When the station is brought to state EnergyTransferStarted

  @TC_J_08_CS
  Scenario: TC_J_08_CS Sampled Meter Values - Context Transaction.Begin - EVSE not known
    # Prerequisite: more than one EVSE, and the EVSE not known when the idToken is presented (one card
    # reader for all EVSEs: station_has_shared_card_reader; the embedded reference station is made so).
    Given the station has a card reader for all its EVSEs
    And the station has booted
    And the station's TxCtrlr.TxStartPoint is "Authorized"
    # Reusable state EnergyTransferStarted, its parts one by one: Authorized (the Started event, without the
    # EVSE), EVConnectedPreSession (the Updated event that names the EVSE), then the energy transfer.
    When the station is brought to state Authorized
    And the station is brought to state EVConnectedPreSession
    Then that TransactionEvent reads each measurand of SampledDataCtrlr.TxStartedMeasurands in context "Transaction.Begin"
    When the station is brought to state EnergyTransferStarted

  @TC_J_09_CS
  Scenario: TC_J_09_CS Sampled Meter Values - EventType Updated
    Given the station has booted
    And the station's SampledDataCtrlr.TxUpdatedInterval is "<CONFIGURED_TRANSACTION_UPDATED_METERVALUES_INTERVAL>"
    And the station is brought to state EnergyTransferStarted
    Then the station samples the transaction 3 times at its TxUpdatedInterval

  @TC_J_10_CS
  Scenario: TC_J_10_CS Sampled Meter Values - EventType Ended
    Given the station has booted
    And the station's SampledDataCtrlr.TxEndedInterval is "<CONFIGURED_SAMPLED_TX_ENDED_METER_VALUES_INTERVAL>"
    And the station is brought to state EnergyTransferStarted
    When the transaction runs for 3 intervals of SampledDataCtrlr.TxEndedInterval
    # Step 1, ParkingBayUnoccupied: the transaction stops.
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    Then the Ended event of the transaction holds sampled meter values

  @TC_J_11_CS
  Scenario: TC_J_11_CS Sampled Meter Values - Signed
    Given the station has booted
    And the station's SampledDataCtrlr.TxEndedInterval is "<CONFIGURED_SAMPLED_TX_ENDED_METER_VALUES_INTERVAL>"
    And the station's SampledDataCtrlr.SignReadings is "true"
    And the station is brought to state EnergyTransferStarted
    When the transaction runs for 3 intervals of SampledDataCtrlr.TxEndedInterval
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    Then the Ended event of the transaction holds signed sampled meter values
