@ocpp201 @station @blockN
Feature: N Diagnostics - OCTT charging-station cases: log uploads, customer information
  OCTT test cases TC_N_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured.
  Log uploads go to station_upload_location, OCTT's configured log location (a server for one of the
  station's FileTransferProtocols, the document's prerequisite); the suite runs no file server: the
  embedded reference station simulates the upload (a made-up https:// location counts as reachable).
  TC_N_26_CS's location is one the station cannot reach: an FTP location on a loopback port nothing
  listens on. The customer's idToken is the configured valid one, the customer identifier
  <CONFIGURED_CUSTOMER_IDENTIFIER>. Memory state IdTokenLocalAuthList "(If implemented)" is left out: the
  cases judge the reports, which the Authorization Cache fills (memory state IdTokenCached, whose session
  is the document's charging state "Authorized (local), ParkingBayUnoccupied"). The document's "a message
  is sent indicating that no data is found / that the data is cleared" is a NotifyCustomerInformation for
  the request: its data is free text.

  # ------------------------------------------------------------------ N01 log upload

  @TC_N_25_CS
  Scenario: TC_N_25_CS Retrieve Log Information - Diagnostics Log - Success
    Given the station has booted
    When the test CSMS asks for the DiagnosticsLog with GetLog
    Then the station answers GetLog with
      | field    | value       |
      | status   | Accepted    |
      | filename | (not empty) |
    And the station sends LogStatusNotification "Uploading", "Uploaded" in that order for the GetLog request

  @TC_N_26_CS
  Scenario: TC_N_26_CS Retrieve Log Information - Diagnostics Log - Upload failed
    # Errata 2023-12: <Configured retryInterval> longer than an upload attempt takes.
    Given the station has booted
    When the test CSMS asks for the DiagnosticsLog with GetLog to a location the station cannot reach, with 3 retries every <CONFIGURED_RETRY_INTERVAL> seconds
    Then the station answers GetLog with status "Accepted"
    # Errata 2023-12: steps (3,) 5 four times (the first attempt and 3 retries), <Configured retryInterval> apart.
    And the station gives up the upload after 4 failed attempts, the GetLog's retryInterval apart

  @TC_N_35_CS
  Scenario: TC_N_35_CS Retrieve Log Information - Security Log - Success
    # Errata 2023-12: the prerequisite "supports Monitoring" is removed.
    Given the station has booted
    When the test CSMS asks for the SecurityLog with GetLog
    Then the station answers GetLog with status "Accepted"
    And the station sends LogStatusNotification "Uploading", "Uploaded" in that order for the GetLog request

  @TC_N_36_CS
  Scenario: TC_N_36_CS Retrieve Log Information - Second Request
    # Errata 2023-12: for a station that can cancel an ongoing upload (no longer "supports Monitoring").
    # The second GetLog goes out once the first upload is under way (its Uploading came); a station whose
    # upload is over by then cannot be judged here, as in OCTT.
    Given the station has booted
    When the test CSMS asks for the <CONFIGURED_LOG_TYPE> with GetLog
    Then the station answers GetLog with status "Accepted"
    And the station sends LogStatusNotification "Uploading" in that order for the GetLog request
    When the test CSMS asks for the <CONFIGURED_LOG_TYPE> with GetLog
    Then the station answers GetLog with status "AcceptedCanceled"
    # Step 7: the cancelled upload's notification (the document names no requestId for it).
    And after answering GetLog the station sends LogStatusNotification with
      | field  | value            |
      | status | AcceptedCanceled |
    And the station sends LogStatusNotification "Uploading", "Uploaded" in that order for the GetLog request

  # ------------------------------------------------------------------ N09 get customer information

  @TC_N_27_CS
  Scenario: TC_N_27_CS Get Customer Information - Accepted + data
    # Prerequisite: local authorization with the local authorization list or the Authorization Cache (the
    # Enabled variable of the one the station lacks is left alone).
    Given the station has booted
    And the station's LocalAuthListCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station has the valid idToken in its authorization cache
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | true  |
      | clear  | false |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false
    And every NotifyCustomerInformation the station sent for the CustomerInformation request has
      | field | value       |
      | data  | (not empty) |

  @TC_N_28_CS
  Scenario: TC_N_28_CS Get Customer Information - Accepted + no data
    Given the station has booted
    # Memory state: the CSMS has the station clear the customer information of the idToken.
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | false |
      | clear  | true  |
    Then the station answers CustomerInformation with status "Accepted"
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | true  |
      | clear  | false |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false
    And every NotifyCustomerInformation the station sent for the CustomerInformation request has
      | field | value             |
      | tbc   | false or (absent) |

  # ------------------------------------------------------------------ N10 clear customer information

  @TC_N_30_CS
  Scenario: TC_N_30_CS Clear Customer Information - Clear and report + data
    Given the station has booted
    And the station's LocalAuthListCtrlr.Enabled is "true" if implemented
    And the station's AuthCtrlr.LocalPreAuthorize is "true"
    And the station's AuthCacheCtrlr.Enabled is "true" if implemented
    And the station has the valid idToken in its authorization cache
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | true  |
      | clear  | true  |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false
    And every NotifyCustomerInformation the station sent for the CustomerInformation request has
      | field | value       |
      | data  | (not empty) |
    # Steps 5-8: the document expects the report only after an Accepted answer at step 6; the suite expects
    # Accepted, as the station accepted the same request for the same idToken at step 2.
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | true  |
      | clear  | false |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false
    And every NotifyCustomerInformation the station sent for the CustomerInformation request has
      | field | value             |
      | tbc   | false or (absent) |

  @TC_N_31_CS
  Scenario: TC_N_31_CS Clear Customer Information - Clear and report + no data
    # Prerequisite: the station holds no customer information of the valid idToken (a new embedded
    # reference station holds none).
    Given the station has booted
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | true  |
      | clear  | true  |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false

  @TC_N_32_CS
  Scenario: TC_N_32_CS Clear Customer Information - Clear and no report
    Given the station has booted
    When the test CSMS requests the customer information of the valid idToken with
      | field  | value |
      | report | false |
      | clear  | true  |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false

  @TC_N_62_CS
  Scenario: TC_N_62_CS Clear Customer Information - Clear and report - customerIdentifier
    # Prerequisite: the station retrieves and deletes customer information by customerIdentifier.
    Given the station holds data of the customer "<CONFIGURED_CUSTOMER_IDENTIFIER>"
    And the station has booted
    When the test CSMS requests the customer information of the customer "<CONFIGURED_CUSTOMER_IDENTIFIER>" with
      | field  | value |
      | report | true  |
      | clear  | true  |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false
    And every NotifyCustomerInformation the station sent for the CustomerInformation request has
      | field | value       |
      | data  | (not empty) |
    When the test CSMS requests the customer information of the customer "<CONFIGURED_CUSTOMER_IDENTIFIER>" with
      | field  | value |
      | report | true  |
      | clear  | false |
    Then the station answers CustomerInformation with status "Accepted"
    And the station sends NotifyCustomerInformation for the CustomerInformation request from seqNo 0 until tbc is false
    And every NotifyCustomerInformation the station sent for the CustomerInformation request has
      | field | value   |
      | data  | (empty) |
