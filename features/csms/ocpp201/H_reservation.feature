@ocpp201 @csms @blockH
Feature: H Reservation - the CSMS under test reserves EVSEs and follows what becomes of the reservations
  OCTT test cases TC_H_xx_CSMS. Part 6 (2023-06) leaves block H "intentionally blank, this will be
  added in a later version", so these scenarios follow the public OCTT-style pytest suite: its
  steps, and its tool validations of the ReserveNowRequest (evseId, connectorType, idToken).
  The CSMS reserves on a "manual action": the trigger API's reserve-now and cancel-reservation (the
  CSMS chooses the reservation id and the expiryDateTime), or call/ReserveNow and
  call/CancelReservation where a trigger API has only those. The station accepts a reservation of a
  free EVSE and reports the connectors it reserves; the reservation ends with CancelReservation or
  with a ReservationStatusUpdate (Expired, Removed).

  Background:
    Given the test station is in state Booted

  @TC_H_01_CSMS
  Scenario: TC_H_01_CSMS Reserve a specific EVSE - Accepted - Valid idToken
    # The document's one step: Reusable State Reserved for <Configured evseId> (it checks the
    # ReserveNowRequest: evseId, no connectorType, the valid idToken and its type; the station
    # accepts and reports the connector Reserved).
    When the test station goes to state Reserved
    Then the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    And the CSMS answers every message of the test station

  @TC_H_07_CSMS
  Scenario: TC_H_07_CSMS Reserve a specific EVSE - Reservation Ended / not used
    When the CSMS is asked to reserve EVSE 1 for the valid idToken for the configured transaction duration
    Then the CSMS sends ReserveNow with
      | field           | value                 |
      | evseId          | <CONFIGURED_EVSE_ID>  |
      | connectorType   | (absent)              |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | expiryDateTime  | (present)             |
    When the test station reports connector status "Reserved"
    And the expiryDateTime of the reservation has passed
    And the test station reports connector status "Available"
    And the test station sends ReservationStatusUpdate "Expired" for the reservation
    Then the CSMS answers every message of the test station

  @TC_H_08_CSMS
  Scenario: TC_H_08_CSMS Reserve an unspecified EVSE - Accepted
    When the CSMS is asked to reserve an unspecified EVSE for the valid idToken
    Then the CSMS sends ReserveNow with
      | field           | value                 |
      | evseId          | (absent)              |
      | connectorType   | (absent)              |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    # The document reports the connector Reserved "only if configured with one EVSE": one reservation
    # without an EVSE reserves a connector only when it takes up every free EVSE.
    When the test station reports its reserved connectors
    Then the CSMS answers every message of the test station

  @TC_H_14_CSMS
  Scenario: TC_H_14_CSMS Reserve an unspecified EVSE - Amount of EVSEs available equals the amount of reservations
    When the CSMS is asked to reserve an unspecified EVSE for the valid idToken once for every EVSE
    Then the CSMS has sent one ReserveNow per EVSE, each with
      | field           | value                 |
      | evseId          | (absent)              |
      | connectorType   | (absent)              |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    # After the last reservation every free EVSE is taken: the station reports all its connectors Reserved.
    When the test station reports its reserved connectors
    Then the CSMS answers every message of the test station

  @TC_H_15_CSMS
  Scenario: TC_H_15_CSMS Reserve a connector with a specific type - Success
    When the CSMS is asked to reserve a connector of type "<CONFIGURED_CONNECTOR_TYPE>" for the valid idToken
    Then the CSMS sends ReserveNow with
      | field           | value                       |
      | evseId          | (absent)                    |
      | connectorType   | <CONFIGURED_CONNECTOR_TYPE> |
      | idToken.idToken | <VALID_ID_TOKEN>            |
      | idToken.type    | <VALID_ID_TOKEN_TYPE>       |
    And the CSMS reports the test station's answer to ReserveNow with status "Accepted"
    When the test station reports its reserved connectors
    Then the CSMS answers every message of the test station

  @TC_H_17_CSMS
  Scenario: TC_H_17_CSMS Cancel reservation of an EVSE - Success
    When the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS sends ReserveNow with
      | field           | value                 |
      | evseId          | <CONFIGURED_EVSE_ID>  |
      | connectorType   | (absent)              |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
    When the test station reports connector status "Reserved"
    And the CSMS is asked to cancel the reservation
    Then the CSMS cancels the reservation it made
    And the CSMS reports the test station's answer to CancelReservation with status "Accepted"
    When the test station reports connector status "Available"
    Then the CSMS answers every message of the test station
    # Beyond the document: what the CSMS did with the Accepted cancellation. The EVSE is free again,
    # so the CSMS reserves it when asked (a CSMS that still counts the reservation would not).
    When the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS sends ReserveNow with
      | field  | value                |
      | evseId | <CONFIGURED_EVSE_ID> |

  @TC_H_19_CSMS
  Scenario: TC_H_19_CSMS Reserve a specific EVSE - Use a reserved EVSE with GroupId
    When the CSMS is asked to reserve EVSE 1 for the valid idToken and its groupIdToken
    Then the CSMS sends ReserveNow with
      | field                | value                 |
      | evseId               | <CONFIGURED_EVSE_ID>  |
      | connectorType        | (absent)              |
      | groupIdToken         | (present)             |
      | groupIdToken.idToken | <GROUP_ID>            |
      | idToken.idToken      | <VALID_ID_TOKEN>      |
      | idToken.type         | <VALID_ID_TOKEN_TYPE> |
    When the test station reports connector status "Reserved"
    Then the CSMS answers every message of the test station
    # Beyond the public suite, which stops here: the title's "use a reserved EVSE with GroupId".
    # Another token of the group arrives; the CSMS gives its groupIdToken, by which the station lets
    # it use the reservation.
    When the test station sends Authorize for the group idToken
    Then the CSMS answers Authorize with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |

  @TC_H_20_CSMS
  Scenario: TC_H_20_CSMS Charging Station cancels reservation when Faulted
    When the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS sends ReserveNow with
      | field           | value                 |
      | evseId          | <CONFIGURED_EVSE_ID>  |
      | connectorType   | (absent)              |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
    When the test station reports connector status "Reserved"
    And the test station reports connector status "Faulted"
    And the test station sends ReservationStatusUpdate "Removed" for the reservation
    Then the CSMS answers every message of the test station

  @TC_H_22_CSMS
  Scenario: TC_H_22_CSMS Reserve a specific EVSE - Configured to Reject
    Given the test station will answer ReserveNow with status "Rejected"
    When the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS sends ReserveNow with
      | field           | value                |
      | evseId          | <CONFIGURED_EVSE_ID> |
      | idToken.idToken | <VALID_ID_TOKEN>     |
    And the CSMS reports the test station's answer to ReserveNow with status "Rejected"
    # Beyond the document: what "correctly read the response" means for the CSMS. The rejected
    # reservation holds nothing, so the CSMS asks again when asked (a CSMS that took it as made would not).
    When the CSMS is asked to reserve EVSE 1 for the valid idToken
    Then the CSMS sends ReserveNow with
      | field  | value                |
      | evseId | <CONFIGURED_EVSE_ID> |
