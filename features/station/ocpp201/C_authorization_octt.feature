@ocpp201 @station @blockC
Feature: C Authorization - OCTT charging-station cases: local authorization, the authorization cache
  OCTT test cases TC_C_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured.
  Reusable states ("the station is brought to state EVConnectedPreSession") are reached at the
  configured EVSE and connector through the station's driver, with the document's tool validations;
  which TransactionEvents they expect follows the station's TxCtrlr.TxStartPoint (read with GetVariables).
  The memory state IdTokenCached ("the station has the blocked idToken in its authorization cache")
  authorizes the idToken once, answered with the status of its kind, and ends that session.
  "AuthCtrlr.AuthEnabled" and "AuthCacheCtrlr.AuthCacheEnabled" of the document are the variables
  AuthCtrlr.Enabled and AuthCacheCtrlr.Enabled of Part 2. Where the document has the OCTT wait
  <Configured message timeout> for a message that must not come, the suite waits 5 protocol seconds.
  The errata's prerequisite "supports authorization methods other than NoAuthorization" is the
  tester's: a station without them is not run through this feature.

  # ------------------------------------------------------------------ C01 local start, not accepted

  @TC_C_02_CS
  Scenario: TC_C_02_CS Local start transaction - Authorization Invalid/Unknown
    Given the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the invalid idToken with "Invalid"
    When the driver presents the invalid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <INVALID_ID_TOKEN>      |
      | idToken.type    | <INVALID_ID_TOKEN_TYPE> |
    And the station sends no TransactionEvent for 5 seconds

  @TC_C_05_CS
  Scenario: TC_C_05_CS Local start transaction - Authorization invalid - Cable lock
    # Prerequisite: a cable lock keeps the EV driver from connecting before authorization, so no
    # reusable state: the idToken is presented with no EV connected.
    Given the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the test CSMS will answer the invalid idToken with "Invalid"
    When the driver presents the invalid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <INVALID_ID_TOKEN>      |
      | idToken.type    | <INVALID_ID_TOKEN_TYPE> |
    And the station sends no TransactionEvent for 5 seconds

  @TC_C_06_CS
  Scenario: TC_C_06_CS Local start transaction - Authorization Blocked
    Given the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the blocked idToken with "Blocked"
    When the driver presents the blocked idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <BLOCKED_ID_TOKEN>      |
      | idToken.type    | <BLOCKED_ID_TOKEN_TYPE> |
    And the station sends no TransactionEvent for 5 seconds

  @TC_C_07_CS
  Scenario: TC_C_07_CS Local start transaction - Authorization Expired
    Given the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the expired idToken with "Expired"
    When the driver presents the expired idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <EXPIRED_ID_TOKEN>      |
      | idToken.type    | <EXPIRED_ID_TOKEN_TYPE> |
    And the station sends no TransactionEvent for 5 seconds

  @TC_C_56_CS
  Scenario: TC_C_56_CS Local start transaction - Authorization Unknown
    Given the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the invalid idToken with "Unknown"
    When the driver presents the invalid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <INVALID_ID_TOKEN>      |
      | idToken.type    | <INVALID_ID_TOKEN_TYPE> |
    And the station sends no TransactionEvent for 5 seconds

  @TC_C_04_CS
  Scenario: TC_C_04_CS Local Stop Transaction - Different idToken
    Given the station's AuthCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.DisableRemoteAuthorization is "false" if implemented
    And the station is brought to state EnergyTransferStarted
    # Manual action: present a different idToken than the one that started the transaction. Its
    # Accepted answer carries no groupIdToken, so it shares no group with the first.
    When the driver presents the second valid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <VALID_ID_TOKEN_2>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE_2> |
    # Note: no TransactionEvent after it. The suite lets periodic meter values of the running
    # transaction pass and fails on one that ends, deauthorizes or suspends it.
    And the station keeps the transaction going for 5 seconds

  # ------------------------------------------------------------------ C12 authorization through the cache

  @TC_C_08_CS
  Scenario: TC_C_08_CS Authorization through authorization cache - Accepted
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    # Authorized with the cached idToken: no Authorize (C12.FR.02), a TransactionEvent Authorized.
    When the station is brought to state Authorized with the valid idToken from its authorization cache
    And the station is brought to state EnergyTransferStarted

  @TC_C_09_CS
  Scenario: TC_C_09_CS Authorization through authorization cache - Invalid & Not Accepted
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCacheCtrlr.DisablePostAuthorize is "false" if implemented
    And the station has the invalid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    When the driver presents the invalid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <INVALID_ID_TOKEN>      |
      | idToken.type    | <INVALID_ID_TOKEN_TYPE> |

  @TC_C_10_CS
  Scenario: TC_C_10_CS Authorization through authorization cache - Blocked
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCacheCtrlr.DisablePostAuthorize is "false" if implemented
    And the station has the blocked idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    When the driver presents the blocked idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <BLOCKED_ID_TOKEN>      |
      | idToken.type    | <BLOCKED_ID_TOKEN_TYPE> |

  @TC_C_11_CS
  Scenario: TC_C_11_CS Authorization through authorization cache - Expired
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCacheCtrlr.DisablePostAuthorize is "false" if implemented
    And the station has the expired idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    When the driver presents the expired idToken
    # The document's validation names <Configured valid_idtoken_idtoken>; the idToken presented, and
    # the one in the cache, is the expired one: the suite checks that.
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <EXPIRED_ID_TOKEN>      |
      | idToken.type    | <EXPIRED_ID_TOKEN_TYPE> |

  @TC_C_12_CS
  Scenario: TC_C_12_CS Authorization through authorization cache - Invalid & Accepted
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCacheCtrlr.DisablePostAuthorize is "false" if implemented
    And the station has the invalid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the invalid idToken with "Accepted"
    # Steps 1-4: Authorize (the document's validation names the valid idToken; the one presented is
    # the invalid one), answered Accepted, and the TransactionEvent Authorized.
    When the station is brought to state Authorized with the invalid idToken
    And the station is brought to state EnergyTransferStarted

  @TC_C_13_CS
  Scenario: TC_C_13_CS Authorization through authorization cache - Accepted but cable not connected yet.
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station has the valid idToken in its authorization cache
    # Reusable state ParkingBayOccupied "if applicable": the suite's drivers have no parking bay.
    # Steps 1-2: the cached idToken presented, a TransactionEvent Authorized (Started, or Updated when
    # the transaction already runs) without an Authorize.
    When the station is brought to state Authorized with the valid idToken from its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the station is brought to state EnergyTransferStarted

  @TC_C_57_CS
  Scenario: TC_C_57_CS Authorization through authorization cache - AuthCacheDisablePostAuthorize
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCacheCtrlr.DisablePostAuthorize is "true"
    And the station has the invalid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    When the driver presents the invalid idToken
    # No Authorize, and authorization refused: no TransactionEvent either.
    Then the station sends no Authorize for 5 seconds
    And the station sends no TransactionEvent for 5 seconds

  # ------------------------------------------------------------------ C10 storing in the cache

  @TC_C_32_CS
  Scenario: TC_C_32_CS Store Authorization Data in the Authorization Cache - Persistent over reboot
    Given the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true"
    And the station has the valid idToken in its authorization cache
    # Reusable state Booted: the station is switched off and on again.
    When the station powers off
    And the station is brought to state Booted
    # Steps 2-3: the cached idToken presented, a TransactionEvent Authorized with it (no Authorize).
    And the station is brought to state Authorized with the valid idToken from its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the station is brought to state EnergyTransferStarted

  @TC_C_33_CS
  Scenario: TC_C_33_CS Store Authorization Data in the Authorization Cache - Update on AuthorizeResponse
    Given the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true"
    And the station's LocalAuthListCtrlr.Enabled is "true"
    And the station is brought to state EVConnectedPreSession
    # Steps 1-4: Authorize answered Accepted, the TransactionEvent Authorized.
    When the station is brought to state Authorized with the valid idToken
    And the station is brought to state EnergyTransferStarted
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    # Reusable states ParkingBayUnoccupied and ParkingBayOccupied: the suite's drivers have no parking bay.
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the valid idToken with "Invalid"
    # Steps 12-13: the same idToken, now in the cache: a TransactionEvent Authorized, no Authorize.
    And the driver presents the valid idToken
    Then the station sends TransactionEvent with
      | field           | value                 |
      | triggerReason   | Authorized            |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |

  @TC_C_34_CS
  Scenario: TC_C_34_CS Store Authorization Data in the Authorization Cache - Update on TransactionResponse
    Given the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true"
    And the station's LocalAuthListCtrlr.Enabled is "true"
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the valid idToken with "Invalid"
    # Steps 1-2: the cached idToken presented: a TransactionEvent Authorized with it, answered Invalid.
    When the station is brought to state Authorized with the valid idToken from its authorization cache
    # Steps 3-6: a station with StopTxOnInvalidId true ends the transaction on the Invalid answer
    # (Deauthorized) before the EV leaves; EVDisconnected takes either.
    And the station is brought to state EVDisconnected
    And the station is brought to state EVConnectedPreSession
    # Steps 7-8: the cache now says Invalid: the station asks the CSMS.
    And the driver presents the valid idToken
    Then the station sends Authorize with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |

  @TC_C_36_CS
  Scenario: TC_C_36_CS Store Authorization Data in the Authorization Cache - AuthCacheCtrlr.LocalPreAuthorize = false
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true"
    And the station's AuthCtrlr.LocalPreAuthorize is "false"
    And the station has the valid idToken in its authorization cache
    And the test CSMS will answer the valid idToken with "Invalid"
    When the driver presents the valid idToken
    Then the station sends Authorize with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |

  @TC_C_46_CS
  Scenario: TC_C_46_CS Store Authorization Data in the Authorization Cache - AuthCacheLifeTime
    Given the station implements AuthCacheCtrlr.Available with value "true"
    # The document's AuthCacheLifeTime is AuthCacheCtrlr.LifeTime of Part 2; its prerequisite "is implemented":
    # a station that does not accept the value is not run. <Configured TransactionDuration> is
    # STATION_TRANSACTION_DURATION (TRANSACTION_DURATION, 5 protocol seconds; 1 against the embedded station).
    And the station's AuthCacheCtrlr.LifeTime is "<STATION_TRANSACTION_DURATION>"
    # The document's AuthCacheCtrlr.LocalPreAuthorize is AuthCtrlr.LocalPreAuthorize of Part 2.
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    When the transaction duration has passed
    # Authorized (local): the cached idToken has not been used for its lifetime, so the station no
    # longer holds it (C10.FR.08) and asks the CSMS with Authorize.
    And the station is brought to state Authorized with the valid idToken

  # ------------------------------------------------------------------ C11 clearing the cache

  @TC_C_37_CS
  Scenario: TC_C_37_CS Clear Authorization Data in Authorization Cache - Accepted
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    # Not in the document: with LocalPreAuthorize false a station asks the CSMS for a cached idToken
    # anyway, and one that kept its cache after an Accepted ClearCache would pass.
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station has the valid idToken in its authorization cache
    When the test CSMS sends ClearCache
    Then the station answers ClearCache with status "Accepted"
    # Reusable state ParkingBayOccupied: the suite's drivers have no parking bay.
    When the station is brought to state EVConnectedPreSession
    # Steps 5-8 (errata 2023-12: triggerReason Authorized in the TransactionEvent): Authorize, as the
    # cache is empty, then the TransactionEvent Authorized.
    And the station is brought to state Authorized with the valid idToken
    And the station is brought to state EnergyTransferStarted

  @TC_C_38_CS
  Scenario: TC_C_38_CS Clear Authorization Data in Authorization Cache - Rejected
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "false" if implemented
    And the station has the valid idToken in its authorization cache
    When the test CSMS sends ClearCache
    Then the station answers ClearCache with status "Rejected"

  # ------------------------------------------------------------------ C09 authorization by GroupId
  # <Configured GroupId> is GROUP_ID; "other valid idToken with <Configured GroupId>" is GROUP_ID_TOKEN.
  # The test CSMS answers each idToken of the group with idTokenInfo.groupIdToken <GROUP_ID> (type Central).

  @TC_C_39_CS
  Scenario: TC_C_39_CS Authorization by GroupId - Success
    Given the test CSMS puts the valid idToken in group "<GROUP_ID>"
    And the test CSMS puts the group idToken in group "<GROUP_ID>"
    And the station is brought to state EVConnectedPreSession
    # Steps 1-4: Authorize, answered Accepted with the group, and the TransactionEvent Authorized.
    When the station is brought to state Authorized with the valid idToken
    And the station is brought to state EnergyTransferStarted
    # Manual action: present the other idToken of the group. Steps 6-9: its Authorize and the
    # TransactionEvent StopAuthorized (C09.FR.03). The document's validations of steps 6 and 8 name the
    # valid idToken; the idToken presented, and the one the station reports, is the other one: the suite
    # checks that.
    And the station is brought to state StopAuthorized with the group idToken
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected
    # Reusable state ParkingBayUnoccupied: the suite's drivers have no parking bay.

  @TC_C_41_CS
  Scenario: TC_C_41_CS Authorization by GroupId - Success with Authorization Cache
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    # Both idTokens belong to <Configured GroupId>: the answers of the memory states carry it into the cache.
    And the test CSMS puts the valid idToken in group "<GROUP_ID>"
    And the test CSMS puts the second valid idToken in group "<GROUP_ID>"
    And the station has the valid idToken in its authorization cache
    And the station has the second valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    # Steps 1-2: the cached idToken presented, the TransactionEvent Authorized without an Authorize.
    When the station is brought to state Authorized with the valid idToken from its authorization cache
    And the station is brought to state EnergyTransferStarted
    # Manual action: present idToken2, cached with the group. Step 4: StopAuthorized (C09.FR.07); the
    # document's validation names the valid idToken, the suite checks idToken2, the one presented.
    And the station is brought to state StopAuthorized with the second valid idToken from its authorization cache
    And the station is brought to state EVConnectedPostSession
    And the station is brought to state EVDisconnected

  @TC_C_42_CS
  Scenario: TC_C_42_CS Authorization by GroupId - Not stopped by GroupId
    Given the test CSMS puts the valid idToken in group "<GROUP_ID>"
    And the test CSMS puts the invalid idToken in group "<GROUP_ID>"
    And the test CSMS will answer the invalid idToken with "Invalid"
    And the station is brought to state EVConnectedPreSession
    When the station is brought to state Authorized with the valid idToken
    And the station is brought to state EnergyTransferStarted
    # Manual action: present the invalid idToken of the same group. Step 6 (the document's validation
    # names the valid idToken; the one presented is the invalid one): Authorize, answered Invalid with
    # the group; then no TransactionEvent that stops the transaction (C09.FR.11).
    And the driver presents the invalid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <INVALID_ID_TOKEN>      |
      | idToken.type    | <INVALID_ID_TOKEN_TYPE> |
    And the station keeps the transaction going for 5 seconds

  @TC_C_44_CS
  Scenario: TC_C_44_CS Authorization by GroupId - Invalid status with Authorization Cache
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCacheCtrlr.DisablePostAuthorize is "false" if implemented
    And the test CSMS puts the valid idToken in group "<GROUP_ID>"
    And the test CSMS puts the invalid idToken in group "<GROUP_ID>"
    And the station has the valid idToken in its authorization cache
    And the station has the invalid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    # Steps 1-2: the cached idToken presented, the TransactionEvent Authorized without an Authorize.
    When the station is brought to state Authorized with the valid idToken from its authorization cache
    And the station is brought to state EnergyTransferStarted
    # Manual action: present the invalid idToken, cached as Invalid with the group. Step 4: Authorize
    # (DisablePostAuthorize false), answered Invalid; the OCTT then waits for no TransactionEvent.
    And the driver presents the invalid idToken
    Then the station sends Authorize with
      | field           | value                   |
      | idToken.idToken | <INVALID_ID_TOKEN>      |
      | idToken.type    | <INVALID_ID_TOKEN_TYPE> |
    And the station keeps the transaction going for 5 seconds

  # ------------------------------------------------------------------ C16 master pass
  # <Configured MasterPassGroupId> is MASTERPASS_GROUP_ID, the masterpass idToken MASTERPASS_ID_TOKEN; the
  # test CSMS answers it Accepted with that groupIdToken. The document's AuthCtrlr.MastersPassGroupId is
  # AuthCtrlr.MasterPassGroupId of Part 2. TC_C_47_CS and TC_C_48_CS are for a station with a user interface
  # at which the Master Pass holder selects the transactions to stop (driver actions select_stop_all_transactions,
  # select_stop_transaction), TC_C_49_CS for one without (station_has_user_interface; the embedded reference
  # station is made either). "EnergyTransferStarted for all EVSE" is EVSE 1 and EVSE 2 (CONFIGURED_NUMBER_OF_EVSES;
  # the state on EVSE 2 is left out for a station with one), with the valid and the second valid idToken as
  # TC_C_49_CS names them. Step 7, ParkingBayUnoccupied, asks nothing of a station whose transactions the
  # Master Pass ended: left out.

  @TC_C_45_CS
  Scenario: TC_C_45_CS Authorization by GroupId - Master pass - Not able to start transaction + groupId
    # TxStartPoint "should contain Authorized or PowerPathClosed and not contain ParkingBayOccupancy or
    # EVConnected": Authorized, the one at which a station that wrongly authorizes starts at once.
    Given the station has booted
    And the station's TxCtrlr.TxStartPoint is "Authorized"
    And the station's AuthCtrlr.MasterPassGroupId is "<MASTERPASS_GROUP_ID>"
    And the test CSMS puts the master pass idToken in group "<MASTERPASS_GROUP_ID>"
    When the driver presents the master pass idToken
    # Step 1: the document's validation names the valid idToken; the one presented is the masterpass one.
    Then the station sends Authorize with
      | field           | value                      |
      | idToken.idToken | <MASTERPASS_ID_TOKEN>      |
      | idToken.type    | <MASTERPASS_ID_TOKEN_TYPE> |
    When the station is brought to state EVConnectedPreSession
    # Step 4 (C16.FR.03): no TransactionEvent ChargingStateChanged with chargingState Charging. With these
    # start points a station that did not authorize the Master Pass sends no TransactionEvent at all.
    Then the station sends no TransactionEvent for 5 seconds

  @TC_C_47_CS
  Scenario: TC_C_47_CS Stop Transaction with a Master Pass - With UI - All transactions
    Given the station has a user interface
    And the station has booted
    And the station's AuthCtrlr.MasterPassGroupId is "<MASTERPASS_GROUP_ID>"
    And the test CSMS puts the master pass idToken in group "<MASTERPASS_GROUP_ID>"
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the driver presents the master pass idToken
    Then the station sends Authorize with
      | field           | value                      |
      | idToken.idToken | <MASTERPASS_ID_TOKEN>      |
      | idToken.type    | <MASTERPASS_ID_TOKEN_TYPE> |
    When the Master Pass holder selects at the user interface to stop all transactions
    # Step 3 (C16.FR.01): every transaction ends, stoppedReason MasterPass.
    Then the station ends the transaction on every EVSE with
      | field                         | value                                  |
      | transactionInfo.stoppedReason | MasterPass                             |
      | idToken.idToken               | (absent) or <MASTERPASS_ID_TOKEN>      |
      | idToken.type                  | (absent) or <MASTERPASS_ID_TOKEN_TYPE> |
    When the station is brought to state EVConnectedPostSession on EVSE 1
    And the station is brought to state EVConnectedPostSession on EVSE 2
    And the station is brought to state EVDisconnected on EVSE 1
    And the station is brought to state EVDisconnected on EVSE 2

  @TC_C_48_CS
  Scenario: TC_C_48_CS Stop Transaction with a Master Pass - With UI - With UI - Specific transactions
    Given the station has a user interface
    And the station has booted
    And the station's AuthCtrlr.MasterPassGroupId is "<MASTERPASS_GROUP_ID>"
    And the test CSMS puts the master pass idToken in group "<MASTERPASS_GROUP_ID>"
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the driver presents the master pass idToken
    Then the station sends Authorize with
      | field           | value                      |
      | idToken.idToken | <MASTERPASS_ID_TOKEN>      |
      | idToken.type    | <MASTERPASS_ID_TOKEN_TYPE> |
    When the Master Pass holder selects at the user interface to stop the transaction on EVSE 1
    # Step 3 (C16.FR.01): the selected transaction ends, stoppedReason MasterPass.
    Then the station ends the transaction on EVSE 1 with
      | field                         | value                                  |
      | transactionInfo.stoppedReason | MasterPass                             |
      | idToken.idToken               | (absent) or <MASTERPASS_ID_TOKEN>      |
      | idToken.type                  | (absent) or <MASTERPASS_ID_TOKEN_TYPE> |
    When the station is brought to state EVConnectedPostSession on EVSE 1
    And the station is brought to state EVDisconnected on EVSE 1
    # Post scenario validation "All other EVSE still transfer energy": the transaction on EVSE 2 goes on.
    Then the station keeps the transaction going for 5 seconds

  @TC_C_49_CS
  Scenario: TC_C_49_CS Stop Transaction with a Master Pass - Without UI
    # Purpose: "the Charging station does not have an User Interface".
    Given the station has no user interface
    And the station has booted
    And the station's AuthCtrlr.MasterPassGroupId is "<MASTERPASS_GROUP_ID>"
    And the test CSMS puts the master pass idToken in group "<MASTERPASS_GROUP_ID>"
    # "EnergyTransferStarted for EVSEId 1 and EVSEId 2 if the Charging Station has more than one EVSE"
    # (CONFIGURED_NUMBER_OF_EVSES; the state on EVSE 2 is left out for a station with one).
    And the station is brought to state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the station is brought to state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the driver presents the master pass idToken
    Then the station sends Authorize with
      | field           | value                      |
      | idToken.idToken | <MASTERPASS_ID_TOKEN>      |
      | idToken.type    | <MASTERPASS_ID_TOKEN_TYPE> |
    # Step 3 (C16.FR.02): every transaction ends, stoppedReason MasterPass.
    And the station ends the transaction on every EVSE with
      | field                         | value                                  |
      | transactionInfo.stoppedReason | MasterPass                             |
      | idToken.idToken               | (absent) or <MASTERPASS_ID_TOKEN>      |
      | idToken.type                  | (absent) or <MASTERPASS_ID_TOKEN_TYPE> |
    When the station is brought to state EVConnectedPostSession on EVSE 1
    And the station is brought to state EVConnectedPostSession on EVSE 2
    And the station is brought to state EVDisconnected on EVSE 1
    And the station is brought to state EVDisconnected on EVSE 2

  # ------------------------------------------------------------------ C12/C15 offline authorization
  # "The OCTT closes the WebSocket connection AND does not accept a reconnect ... accepts reconnection
  # attempt": the test CSMS goes down while the idToken is presented and comes back N protocol seconds
  # later. The document's RetryBackOffWaitMinimum <Configured RetryBackOffWaitMinimum_duration> and
  # OfflineThreshold (that + 60) give a person time for the manual tasks; the suite's driver needs none,
  # so the station keeps its own (RetryBackOffRandomRange is set to 0 as the document says).
  # <Configured Transaction Duration> of the wait is taken as 5 protocol seconds.

  @TC_C_15_CS
  Scenario: TC_C_15_CS Authorization through authorization cache - StopTxOnInvalidId = false, MaxEnergyOnInvalidId > 0
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCtrlr.LocalAuthorizeOffline is "true"
    And the station's AuthCtrlr.OfflineTxForUnknownIdEnabled is "true" if implemented
    And the station's TxCtrlr.StopTxOnInvalidId is "false"
    # Errata 2023-12: 10000 Wh instead of 500. Prerequisite "MaxEnergyOnInvalidId implemented": a station
    # that does not accept the value is not run.
    And the station's TxCtrlr.MaxEnergyOnInvalidId is "10000"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the valid idToken with "Invalid"
    When the driver presents the valid idToken while the test CSMS is down for 5 seconds
    # Step 3 (errata): the queued TransactionEvents; the Authorized one is optional.
    Then the station sends TransactionEvent with
      | field         | value                |
      | triggerReason | ChargingStateChanged |
      | offline       | true                 |
    # Step 4: the idToken answered Invalid. Errata: no Deauthorized, no SuspendedEVSE; the energy
    # transfer goes on (10000 Wh take far longer than the scenario).
    And the station keeps the transaction going for 5 seconds

  @TC_C_16_CS
  Scenario: TC_C_16_CS Authorization through authorization cache - StopTxOnInvalidId = true
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCtrlr.LocalAuthorizeOffline is "true"
    And the station's TxCtrlr.StopTxOnInvalidId is "true"
    And the station's TxCtrlr.MaxEnergyOnInvalidId is "0"
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the valid idToken with "Invalid"
    When the driver presents the valid idToken while the test CSMS is down for 5 seconds
    # Step 3: the queued TransactionEvents (the Authorized one optional), then, on the Invalid answer
    # (step 4), Deauthorized.
    Then the station sends TransactionEvent with
      | field         | value                |
      | triggerReason | ChargingStateChanged |
      | offline       | true                 |
    And the station sends TransactionEvent with
      | field         | value        |
      | triggerReason | Deauthorized |

  @TC_C_17_CS
  Scenario: TC_C_17_CS Authorization through authorization cache - StopTxOnInvalidId = false
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCtrlr.OfflineTxForUnknownIdEnabled is "true" if implemented
    And the station's TxCtrlr.StopTxOnInvalidId is "false"
    And the station's TxCtrlr.MaxEnergyOnInvalidId is "0"
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the valid idToken with "Invalid"
    When the driver presents the valid idToken while the test CSMS is down for 5 seconds
    Then the station sends TransactionEvent with
      | field           | value                 |
      | triggerReason   | Authorized            |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | offline         | true                  |
    # Step 5, after the Invalid answer: the energy transfer suspended (no energy on an invalid idToken).
    # The document's "No message with triggerReason SuspendedEVSE" names no TriggerReason of Part 2: left out.
    And the station sends TransactionEvent with
      | field                         | value         |
      | transactionInfo.chargingState | SuspendedEVSE |

  @TC_C_18_CS
  Scenario: TC_C_18_CS Authorization through authorization cache - StopTxOnInvalidId = true, MaxEnergyOnInvalidId > 0
    Given the station implements AuthCacheCtrlr.Available with value "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    And the station's AuthCtrlr.LocalAuthorizeOffline is "true"
    And the station's AuthCtrlr.OfflineTxForUnknownIdEnabled is "true" if implemented
    And the station's TxCtrlr.StopTxOnInvalidId is "true"
    And the station's TxCtrlr.MaxEnergyOnInvalidId is "500"
    And the station's OCPPCommCtrlr.RetryBackOffRandomRange is "0"
    And the station has the valid idToken in its authorization cache
    And the station is brought to state EVConnectedPreSession
    And the test CSMS will answer the valid idToken with "Invalid"
    When the driver presents the valid idToken while the test CSMS is down for 5 seconds
    Then the station sends TransactionEvent with
      | field         | value                |
      | triggerReason | ChargingStateChanged |
      | offline       | true                 |
    # Step 5: StopTxOnInvalidId true wins over MaxEnergyOnInvalidId: Deauthorized at once, online.
    And the station sends TransactionEvent with
      | field         | value              |
      | triggerReason | Deauthorized       |
      | offline       | false or (absent)  |

  @TC_C_26_CS
  Scenario: TC_C_26_CS Offline Authorization - Unknown Id
    Given the station's LocalAuthListCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true" if implemented
    # Prerequisite "OfflineTxForUnknownIdEnabled is implemented": a station that does not accept it is not run.
    And the station's AuthCtrlr.OfflineTxForUnknownIdEnabled is "true"
    And the station's AuthCtrlr.LocalAuthorizeOffline is "true"
    And the station's TxCtrlr.MaxEnergyOnInvalidId is "0" if implemented
    And the station's TxCtrlr.StopTxOnInvalidId is "false"
    # "The OCTT will respond to the TransactionEventRequest containing the idToken with Invalid".
    And the test CSMS will answer the valid idToken with "Invalid"
    And the station has started a transaction while offline
    # Step 1: the queued TransactionEvent with the idToken has offline true. The document wants one of
    # the queued messages to have chargingState SuspendedEVSE; the station can only suspend on the
    # Invalid answer, after it is back online, so the suite takes the SuspendedEVSE event that follows.
    Then the station sends TransactionEvent with
      | field           | value                 |
      | idToken.idToken | <VALID_ID_TOKEN>      |
      | idToken.type    | <VALID_ID_TOKEN_TYPE> |
      | offline         | true                  |
    And the station sends TransactionEvent with
      | field                         | value         |
      | transactionInfo.chargingState | SuspendedEVSE |
    # Manual actions: present the valid idToken, unplug; step 3: TransactionEvent StopAuthorized.
    When the station is brought to state StopAuthorized
    And the station is brought to state EVDisconnected
