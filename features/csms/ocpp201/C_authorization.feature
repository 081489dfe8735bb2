@ocpp201 @csms @blockC
Feature: C Authorization - the CSMS under test authorizes idTokens
  OCTT test cases TC_C_xx_CSMS (OCPP 2.0.1 Part 6). The tokens are the configured ones
  (VALID_ID_TOKEN, INVALID_ID_TOKEN, BLOCKED_ID_TOKEN, EXPIRED_ID_TOKEN, MASTERPASS_ID_TOKEN, ...);
  the CSMS must know them with the status their name says. TC_C_50/51/52 (@ocsp) authorize an EV
  contract certificate for the eMAID (EMAID_ID_TOKEN) through the suite's OCSP responder.

  Background:
    Given the test station is in state Booted

  @TC_C_02_CSMS
  Scenario: TC_C_02_CSMS Local start transaction - Authorization Invalid/Unknown
    When the test station sends Authorize for the invalid idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Invalid" or "Unknown"

  @TC_C_06_CSMS
  Scenario: TC_C_06_CSMS Local start transaction - Authorization Blocked
    When the test station sends Authorize for the blocked idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Blocked" or "Invalid"

  @TC_C_07_CSMS
  Scenario: TC_C_07_CSMS Local start transaction - Authorization Expired
    When the test station sends Authorize for the expired idToken
    Then the CSMS answers Authorize with idTokenInfo.status "Expired" or "Invalid"

  @TC_C_08_CSMS
  Scenario: TC_C_08_CSMS Authorization through authorization cache - Accepted
    # TxStartPoint contains ParkingBayOccupancy/EVConnected: the transaction exists before the
    # token is presented, and the station uses its cache instead of sending Authorize.
    Given the test station is in state EVConnectedPreSession
    When the test station sends a TransactionEvent with
      | field         | value       |
      | eventType     | Updated     |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | valid       |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"

  @TC_C_20_CSMS
  Scenario: TC_C_20_CSMS Authorization through authorization cache - Invalid
    Given the test station is in state EVConnectedPreSession
    When the test station sends a TransactionEvent with
      | field         | value       |
      | eventType     | Updated     |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | invalid     |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Invalid" or "Unknown"

  @TC_C_37_CSMS
  Scenario: TC_C_37_CSMS Clear Authorization Data in Authorization Cache - Accepted
    Given the test station will answer ClearCache with status "Accepted"
    When the CSMS is asked to clear the authorization cache of the test station
    Then the CSMS sends ClearCache
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"

  @TC_C_38_CSMS
  Scenario: TC_C_38_CSMS Clear Authorization Data in Authorization Cache - Rejected
    Given the test station will answer ClearCache with status "Rejected"
    When the CSMS is asked to clear the authorization cache of the test station
    Then the CSMS sends ClearCache
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"

  @TC_C_39_CSMS
  Scenario: TC_C_39_CSMS Authorization by GroupId - Success
    Given the test station is in state EVConnectedPreSession
    When the test station sends Authorize for the second valid idToken
    Then the CSMS answers Authorize with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station sends a TransactionEvent with
      | field         | value       |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | valid       |
    Then the CSMS answers TransactionEvent with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station goes to state EnergyTransferStarted
    And the test station sends Authorize for the second valid idToken
    Then the CSMS answers Authorize with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | StopAuthorized |
      | chargingState | EVConnected    |
      | idToken       | second valid   |
    Then the CSMS answers TransactionEvent with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station goes to state EVConnectedPostSession
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message of the test station

  @TC_C_40_CSMS
  Scenario: TC_C_40_CSMS Authorization by GroupId - Success with Local Authorization List
    # Both tokens are in the station's local list: the station sends no Authorize.
    Given the test station is in state EVConnectedPreSession
    When the test station sends a TransactionEvent with
      | field         | value       |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | valid       |
    Then the CSMS answers TransactionEvent with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station goes to state EnergyTransferStarted
    And the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | StopAuthorized |
      | chargingState | EVConnected    |
      | idToken       | second valid   |
    Then the CSMS answers TransactionEvent with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station goes to state EVConnectedPostSession
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message of the test station

  @TC_C_43_CSMS
  Scenario: TC_C_43_CSMS Authorization by GroupId - Invalid status with Local Authorization List
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite: the stopping token is
    # checked online (Authorize) while the local list is in use, and must share the group.
    Given the test station is in state EVConnectedPreSession
    When the test station sends a TransactionEvent with
      | field         | value       |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | valid       |
    Then the CSMS answers TransactionEvent with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station goes to state EnergyTransferStarted
    And the test station sends Authorize for the second valid idToken
    Then the CSMS answers Authorize with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station sends a TransactionEvent with
      | field         | value          |
      | eventType     | Updated        |
      | triggerReason | StopAuthorized |
      | chargingState | EVConnected    |
      | idToken       | second valid   |
    Then the CSMS answers TransactionEvent with
      | field                            | value      |
      | idTokenInfo.status               | Accepted   |
      | idTokenInfo.groupIdToken.idToken | <GROUP_ID> |
    When the test station goes to state EVConnectedPostSession
    And the test station goes to state EVDisconnected
    Then the CSMS answers every message of the test station

  @TC_C_47_CSMS @two_evses
  Scenario: TC_C_47_CSMS Stop Transaction with a Master Pass - With UI - All transactions
    Given the test station is in state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the test station is in state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the test station sends Authorize for the master pass idToken
    Then the CSMS answers Authorize with
      | field                            | value                 |
      | idTokenInfo.status               | Accepted              |
      | idTokenInfo.groupIdToken.idToken | <MASTERPASS_GROUP_ID> |
    When the test station sends a TransactionEvent on EVSE 1 with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | chargingState | Idle           |
      | stoppedReason | MasterPass     |
      | idToken       | master pass    |
    Then the CSMS answers TransactionEvent with
      | field                            | value                 |
      | idTokenInfo.status               | Accepted              |
      | idTokenInfo.groupIdToken.idToken | <MASTERPASS_GROUP_ID> |
    When the test station sends a TransactionEvent on EVSE 2 with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | chargingState | Idle           |
      | stoppedReason | MasterPass     |
      | idToken       | master pass    |
    Then the CSMS answers TransactionEvent with
      | field                            | value                 |
      | idTokenInfo.status               | Accepted              |
      | idTokenInfo.groupIdToken.idToken | <MASTERPASS_GROUP_ID> |

  @TC_C_48_CSMS
  Scenario: TC_C_48_CSMS Stop Transaction with a Master Pass - With UI - Specific transactions
    # Part 6 step 1 names the valid idToken but validates the master pass group: the master pass
    # user presents the master pass token, which is what the validation can only mean.
    Given the test station is in state EnergyTransferStarted on EVSE 1 with the valid idToken
    When the test station sends Authorize for the master pass idToken
    Then the CSMS answers Authorize with
      | field                            | value                 |
      | idTokenInfo.status               | Accepted              |
      | idTokenInfo.groupIdToken.idToken | <MASTERPASS_GROUP_ID> |
    When the test station sends a TransactionEvent on EVSE 1 with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | chargingState | Idle           |
      | stoppedReason | MasterPass     |
      | idToken       | master pass    |
    Then the CSMS answers TransactionEvent with
      | field                            | value                 |
      | idTokenInfo.status               | Accepted              |
      | idTokenInfo.groupIdToken.idToken | <MASTERPASS_GROUP_ID> |

  @TC_C_49_CSMS @two_evses
  Scenario: TC_C_49_CSMS Stop Transaction with a Master Pass - Without UI
    Given the test station is in state EnergyTransferStarted on EVSE 1 with the valid idToken
    And the test station is in state EnergyTransferStarted on EVSE 2 with the second valid idToken
    When the test station sends Authorize for the master pass idToken
    Then the CSMS answers Authorize with
      | field                            | value                 |
      | idTokenInfo.status               | Accepted              |
      | idTokenInfo.groupIdToken.idToken | <MASTERPASS_GROUP_ID> |
    When the test station sends a TransactionEvent on EVSE 1 with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | chargingState | Idle           |
      | stoppedReason | MasterPass     |
      | idToken       | valid          |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station sends a TransactionEvent on EVSE 2 with
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
      | chargingState | Idle           |
      | stoppedReason | MasterPass     |
      | idToken       | second valid   |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    And the CSMS answers every message of the test station

  @TC_C_50_CSMS @ocsp
  Scenario: TC_C_50_CSMS Authorization using Contract Certificates 15118 - Online - Local contract certificate validation - Accepted
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite. The station checked the
    # contract chain itself and sends its OCSP hash data; the CSMS must ask the responder named in
    # it, which answers from the suite's PKI with a signed RFC 6960 response.
    Given the OCSP responder reports the EV's contract certificate as good
    And the test station is in state EVConnectedPreSession
    When the test station sends Authorize with the hash data of the EV's contract certificate
    Then the CSMS asked the OCSP responder
    And the CSMS answers Authorize with
      | field              | value    |
      | idTokenInfo.status | Accepted |
      | certificateStatus  | Accepted |
    When the test station sends a TransactionEvent with
      | field         | value       |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | eMAID       |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station goes to state EnergyTransferStarted with the eMAID idToken
    Then the CSMS answers every message of the test station

  @TC_C_51_CSMS @ocsp
  Scenario: TC_C_51_CSMS Authorization using Contract Certificates 15118 - Online - Local contract certificate validation - Rejected
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite (C07.FR.16): the eMAID is
    # valid, but the responder reports its contract certificate revoked.
    Given the OCSP responder reports the EV's contract certificate as revoked
    And the test station is in state EVConnectedPreSession
    When the test station sends Authorize with the hash data of the EV's contract certificate
    Then the CSMS asked the OCSP responder
    And the CSMS answers Authorize with
      | field              | value              |
      | idTokenInfo.status | Invalid            |
      | certificateStatus  | CertificateRevoked |

  @TC_C_52_CSMS @ocsp
  Scenario: TC_C_52_CSMS Authorization using Contract Certificates 15118 - Online - Central contract certificate validation - Accepted
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite. The station sends the
    # contract certificate chain itself: the CSMS checks it up to the MO root it trusts, finds the
    # responder in the certificate's Authority Information Access and asks it (C07.FR.05).
    Given the OCSP responder reports the EV's contract certificate as good
    And the test station is in state EVConnectedPreSession
    When the test station sends Authorize with the EV's contract certificate
    Then the CSMS asked the OCSP responder
    And the CSMS answers Authorize with
      | field              | value    |
      | idTokenInfo.status | Accepted |
      | certificateStatus  | Accepted |
    When the test station sends a TransactionEvent with
      | field         | value       |
      | triggerReason | Authorized  |
      | chargingState | EVConnected |
      | idToken       | eMAID       |
    Then the CSMS answers TransactionEvent with idTokenInfo.status "Accepted"
    When the test station goes to state EnergyTransferStarted with the eMAID idToken
    Then the CSMS answers every message of the test station
