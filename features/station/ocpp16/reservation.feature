@ocpp16 @station @reservation @blockH
Feature: OCPP 1.6 Reservation - connectors and the whole Charge Point reserved for an idTag
  OCTT 1.6 Charge Point test cases 2.20: reserving a connector or connector 0, using the reservation
  (locally, remotely, with the parentIdTag), letting it expire, cancelling it, and the refusals
  (Faulted, Occupied, Unavailable, Rejected).

  @TC_046_1_CS
  Scenario: TC_046_1_CS Reservation of a Connector - Local start transaction
    Given the station has booted
    And every connector of the Charge Point but connector 1 is unavailable
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1
    Then the station answers ReserveNow with status "Accepted"
    And the Charge Point sends StatusNotification "Reserved" for connector 1
    When the driver presents idTag "OTHER-1" at connector 1
    Then the Charge Point sends no StartTransaction, StatusNotification for 2 seconds
    When the driver presents idTag "VALID-1" at connector 1
    Then the Charge Point sends StatusNotification "Preparing" for connector 1
    When an EV is plugged in at connector 1
    Then the station sends StartTransaction with idTag "VALID-1"
    And the StartTransaction carries the reservationId of the ReserveNow
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_046_2_CS
  Scenario: TC_046_2_CS Reservation of a Connector - Remote start transaction
    Given the station has booted
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1
    Then the station answers ReserveNow with status "Accepted"
    And the Charge Point sends StatusNotification "Reserved" for connector 1
    Given the Charge Point is charging on connector 1 for idTag "VALID-1"
    Then the StartTransaction carries the reservationId of the ReserveNow

  @TC_047_CS
  Scenario: TC_047_CS Reservation of a Connector - Expire
    Given the station has booted
    And every connector of the Charge Point but connector 1 is unavailable
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1 expiring in 20 seconds
    Then the station answers ReserveNow with status "Accepted"
    And the Charge Point sends StatusNotification "Reserved" for connector 1
    And the Charge Point sends StatusNotification "Available" for connector 1
    Given the Charge Point is charging on connector 1 for idTag "VALID-2"
    Then the StartTransaction carries no reservationId

  @TC_048_1_CS
  Scenario: TC_048_1_CS Reservation of a Connector - Faulted
    Given the station has booted
    And connector 1 of the Charge Point is faulted
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1
    Then the station answers ReserveNow with status "Faulted"

  @TC_048_2_CS
  Scenario: TC_048_2_CS Reservation of a Connector - Occupied
    Given the station has booted
    And connector 1 of the Charge Point is occupied
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1
    Then the station answers ReserveNow with status "Occupied"

  @TC_048_3_CS
  Scenario: TC_048_3_CS Reservation of a Connector - Unavailable
    Given the station has booted
    And connector 1 of the Charge Point is unavailable
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1
    Then the station answers ReserveNow with status "Unavailable"

  @TC_048_4_CS
  Scenario: TC_048_4_CS Reservation of a Connector - Rejected
    Given the Charge Point does not support the Reservation feature profile
    And the station has booted
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 1
    Then the station answers ReserveNow with status "Rejected"

  @TC_049_CS
  Scenario: TC_049_CS Reservation of a Charge Point - Transaction
    Given the station has booted
    And every connector of the Charge Point but connector 1 is unavailable
    # OCTT prerequisite: ReserveConnectorZeroSupported is true (a Charge Point without it: not run)
    And the Charge Point has the configuration key "ReserveConnectorZeroSupported" set to "true"
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 0
    Then the station answers ReserveNow with status "Accepted"
    And the Charge Point sends StatusNotification "Reserved" for connector 1
    Given the Charge Point is charging on connector 1 for idTag "VALID-1"
    Then the StartTransaction carries the reservationId of the ReserveNow

  @TC_050_1_CS
  Scenario: TC_050_1_CS Reservation of a Charge Point - Faulted
    Given the station has booted
    And the Charge Point has the configuration key "ReserveConnectorZeroSupported" set to "true"
    And the Charge Point is faulted
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 0
    Then the station answers ReserveNow with status "Faulted"

  @TC_050_2_CS
  Scenario: TC_050_2_CS Reservation of a Charge Point - Occupied
    Given the station has booted
    And the Charge Point has the configuration key "ReserveConnectorZeroSupported" set to "true"
    And all connectors of the Charge Point are occupied
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 0
    Then the station answers ReserveNow with status "Occupied"

  @TC_050_3_CS
  Scenario: TC_050_3_CS Reservation of a Charge Point - Unavailable
    Given the station has booted
    And the Charge Point has the configuration key "ReserveConnectorZeroSupported" set to "true"
    And the Charge Point is unavailable
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 0
    Then the station answers ReserveNow with status "Unavailable"

  @TC_050_4_CS
  Scenario: TC_050_4_CS Reservation of a Charge Point - Rejected
    Given the Charge Point does not support the Reservation feature profile
    And the station has booted
    When the test CSMS sends ReserveNow for idTag "VALID-1" on connector 0
    Then the station answers ReserveNow with status "Rejected"

  @TC_051_CS
  Scenario: TC_051_CS Cancel Reservation
    Given the station has booted
    And connector 1 of the Charge Point is reserved for idTag "VALID-1"
    When the test CSMS sends CancelReservation for the reservation
    Then the station answers CancelReservation with status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 1
    Given the Charge Point is charging on connector 1 for idTag "VALID-2"
    Then the StartTransaction carries no reservationId

  @TC_052_CS
  Scenario: TC_052_CS Cancel Reservation - Rejected
    Given the station has booted
    And connector 1 of the Charge Point is reserved for idTag "VALID-1"
    When the test CSMS sends CancelReservation for an unknown reservation
    Then the station answers CancelReservation with status "Rejected"
    And the Charge Point sends no StatusNotification for 2 seconds

  @TC_053_CS
  Scenario: TC_053_CS Use a reserved Connector with parentIdTag
    Given the test CSMS gives parentIdTag "PARENT-1" in idTagInfo
    And the station has booted
    And every connector of the Charge Point but connector 1 is unavailable
    When the test CSMS sends ReserveNow for idTag "VALID-1" with parentIdTag "PARENT-1" on connector 1
    Then the station answers ReserveNow with status "Accepted"
    And the Charge Point sends StatusNotification "Reserved" for connector 1
    Given the Charge Point has authorized idTag "VALID-2" on connector 1
    When an EV is plugged in at connector 1
    Then the station sends StartTransaction with idTag "VALID-2"
    And the StartTransaction carries the reservationId of the ReserveNow
    And the Charge Point sends StatusNotification "Charging" for connector 1
