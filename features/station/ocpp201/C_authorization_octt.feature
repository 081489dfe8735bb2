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
