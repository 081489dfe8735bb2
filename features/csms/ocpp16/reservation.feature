@ocpp16 @csms @reservation @blockH
Feature: OCPP 1.6J Reservation - the Central System under test reserves connectors
  OCTT 1.6 test cases TC_046_CSMS to TC_053_CSMS (test-case document FINAL 2024-04, 3.17). The
  Central System reserves and cancels on manual actions (1.6 trigger API reserve-now,
  cancel-reservation, change-availability) with the body the public 1.6 suites send: a connector,
  the idTag (and parentIdTag), a new reservationId and the expiryDate. The suite's Charge Point
  answers as a conformant one (Accepted for a free connector; Occupied, Faulted or Unavailable as the
  connector is) and names the reservation in the StartTransaction that uses it.
  Beyond the document, the scenarios check what the Central System did with each answer: a
  reservation it holds keeps the connector for its idTag (or parentIdTag), so a transaction of
  another idTag there is answered Invalid; an expired, cancelled or refused reservation holds
  nothing, so such a transaction is accepted. Where the Central System keeps a record (trigger API
  reservation-record), the state of the reservation is checked too.

  Background:
    Given the test station is in state Booted

  @TC_046_CSMS
  Scenario: TC_046_CSMS Reservation of a Connector - Transaction
    When the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | idTag       | <VALID_ID_TOKEN>          |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test Charge Point reports connector 1 "Reserved"
    And connector 1 of the test Charge Point goes to state Charging with the valid idTag
    Then the transaction on connector 1 used the CSMS's reservation
    And the CSMS answers every message of the test station
    And the CSMS records the reservation as "Used"

  @TC_047_CSMS
  Scenario: TC_047_CSMS Reservation of a Connector - Expire
    When the CSMS is asked to reserve connector 1 for the valid idTag until the configured expiry date offset
    Then the CSMS sends ReserveNow with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | idTag       | <VALID_ID_TOKEN>          |
    And the CSMS's reservation expires the configured expiry date offset after it was asked
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test Charge Point reports connector 1 "Reserved"
    And the reservation's expiryDate has passed
    And the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station
    # Beyond the document: the expired reservation holds the connector no more.
    When the test Charge Point starts a transaction on connector 1 with the second valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    And the CSMS records the reservation as "Expired"

  @TC_048_1_CSMS
  Scenario: TC_048_1_CSMS Reservation of a Connector - Faulted
    Given the test station will answer ReserveNow with status "Faulted"
    When the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | idTag       | <VALID_ID_TOKEN>          |
    And the CSMS reports the test station's answer to ReserveNow with status "Faulted"
    And the CSMS records the reservation as "Faulted"

  @TC_048_2_CSMS
  Scenario: TC_048_2_CSMS Reservation of a Connector - Occupied
    When the test Charge Point reports connector 1 "Preparing"
    And the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | idTag       | <VALID_ID_TOKEN>          |
    And the CSMS reports the test station's answer to ReserveNow with status "Occupied"
    # Beyond the document: the reservation was not made, so the driver who plugged in may charge.
    When the test Charge Point starts a transaction on connector 1 with the second valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    And the CSMS records the reservation as "Occupied"

  @TC_048_3_CSMS
  Scenario: TC_048_3_CSMS Reservation of a Connector - Unavailable
    When the CSMS is asked to change the availability of connector 1 of the test Charge Point to Inoperative
    Then the CSMS sends ChangeAvailability with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | type        | Inoperative               |
    When the test Charge Point reports connector 1 "Unavailable"
    And the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | idTag       | <VALID_ID_TOKEN>          |
    And the CSMS reports the test station's answer to ReserveNow with status "Unavailable"
    And the CSMS answers every message of the test station
    And the CSMS records the reservation as "Unavailable"

  @TC_048_4_CSMS
  Scenario: TC_048_4_CSMS Reservation of a Connector - Rejected
    # The Charge Point is configured not to accept reservations.
    Given the test station will answer ReserveNow with status "Rejected"
    When the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value                     |
      | connectorId | <CONFIGURED_CONNECTOR_ID> |
      | idTag       | <VALID_ID_TOKEN>          |
    And the CSMS reports the test station's answer to ReserveNow with status "Rejected"
    # Beyond the document: the rejected reservation holds nothing.
    When the test Charge Point starts a transaction on connector 1 with the second valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    And the CSMS records the reservation as "Rejected"

  @TC_049_CSMS
  Scenario: TC_049_CSMS Reservation of a Charge Point - Transaction
    When the CSMS is asked to reserve connector 0 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field         | value            |
      | connectorId   | 0                |
      | idTag         | <VALID_ID_TOKEN> |
      | reservationId | (present)        |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test Charge Point reports connector 1 "Reserved"
    Then the CSMS answers every message of the test station
    # Beyond the document, as its title says: the reserved idTag charges on a connector of the
    # Charge Point, using the reservation.
    When connector 1 of the test Charge Point goes to state Charging with the valid idTag
    Then the transaction on connector 1 used the CSMS's reservation
    And the CSMS records the reservation as "Used"

  @TC_051_CSMS
  Scenario: TC_051_CSMS Cancel Reservation
    When the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value            |
      | connectorId | > 0              |
      | idTag       | <VALID_ID_TOKEN> |
      | expiryDate  | (present)        |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test Charge Point reports connector 1 "Reserved"
    And the CSMS is asked to cancel the reservation
    Then the CSMS cancels the reservation it made
    And the CSMS reports the test station's answer to CancelReservation with status "Accepted"
    When the test Charge Point reports connector 1 "Available"
    Then the CSMS answers every message of the test station
    # Beyond the document: the cancelled reservation holds the connector no more.
    When the test Charge Point starts a transaction on connector 1 with the second valid idTag
    Then the CSMS answers StartTransaction with idTagInfo.status "Accepted"
    And the CSMS records the reservation as "Cancelled"

  @TC_052_CSMS
  Scenario: TC_052_CSMS Cancel Reservation - Rejected
    # The document has the Central System cancel "an unknown reservationId" (step 5, its tool
    # validation: not the reservationId of step 1); the public suite cancels reservation 1 and has
    # the station reject it. The document is followed.
    When the CSMS is asked to reserve connector 1 for the valid idTag
    Then the CSMS sends ReserveNow with
      | field       | value            |
      | connectorId | > 0              |
      | idTag       | <VALID_ID_TOKEN> |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test Charge Point reports connector 1 "Reserved"
    And the CSMS is asked to cancel a reservation the test Charge Point does not hold
    Then the CSMS cancels a reservation other than the one it made
    And the CSMS reports the test station's answer to CancelReservation with status "Rejected"
    And the CSMS answers every message of the test station
    # Beyond the document: the rejected cancellation leaves the reservation the station holds.
    And the CSMS records the reservation as "Accepted"

  @TC_053_CSMS
  Scenario: TC_053_CSMS Use a reserved Connector with parentIdTag
    # The reusable state Charging runs with a new idTag of the reservation's group (the group idTag):
    # the Central System's Authorize.conf gives its parentIdTag, by which the station lets it use the
    # reservation. Step 6 is another new idTag of the group (the second valid idTag), which stops
    # the transaction.
    When the CSMS is asked to reserve connector 1 for the valid idTag and its parentIdTag
    Then the CSMS sends ReserveNow with
      | field         | value            |
      | connectorId   | > 0              |
      | idTag         | <VALID_ID_TOKEN> |
      | parentIdTag   | <GROUP_ID>       |
      | reservationId | (present)        |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test Charge Point reports connector 1 "Reserved"
    And connector 1 of the test Charge Point goes to state Charging with the group idTag
    Then the transaction on connector 1 used the CSMS's reservation
    When the test station sends Authorize for the second valid idToken
    Then the CSMS answers Authorize with
      | field                 | value      |
      | idTagInfo.status      | Accepted   |
      | idTagInfo.parentIdTag | <GROUP_ID> |
    When the test Charge Point stops the transaction on connector 1 with reason "Local" and the second valid idTag
    And the test Charge Point reports connector 1 "Finishing"
    Then the CSMS answers every message of the test station
    And the CSMS records the reservation as "Used"
