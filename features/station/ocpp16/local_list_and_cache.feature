@ocpp16 @station
Feature: OCPP 1.6 Local Auth List Management and the authorization cache
  OCTT 1.6 Charge Point test cases 2.4 and 2.17: starting with a cached idTag or one of the local
  authorization list, clearing the cache, the list version, full and differential updates and the
  refusals (not supported, version mismatch, failed).

  @TC_007_CS @core @blockC
  Scenario: TC_007_CS Regular Start Charging Session – Cached Id
    Given the station has booted
    And the test CSMS has set the configuration key "AuthorizationCacheEnabled" to "true"
    And the test CSMS has set the configuration key "AuthorizeRemoteTxRequests" to "true"
    And the test CSMS has set the configuration key "LocalPreAuthorize" to "true"
    And the Charge Point has cached idTag "VALID-1"
    When an EV is plugged in at connector 1
    Then the Charge Point sends StatusNotification "Preparing" for connector 1
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1
    Then the station answers RemoteStartTransaction with status "Accepted"
    And the station sends StartTransaction with idTag "VALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_061_CS @core @blockC
  Scenario: TC_061_CS Clear Authorization Data in Authorization Cache
    Given the station has booted
    And the test CSMS has set the configuration key "AuthorizationCacheEnabled" to "true"
    And the test CSMS has set the configuration key "LocalPreAuthorize" to "true"
    And the test CSMS has set the configuration key "ConnectionTimeOut" to "10"
    And the Charge Point has authorized idTag "VALID-1" on connector 1
    Then the Charge Point sends StatusNotification "Available" for connector 1
    When the test CSMS sends ClearCache
    Then the station answers ClearCache with status "Accepted"
    When the driver presents idTag "VALID-1" at connector 1
    Then the station sends Authorize with idTag "VALID-1"
    And the test CSMS's answer to Authorize has idTagInfo.status "Accepted"

  @TC_008_CS @localauthlist @blockC @blockD
  Scenario: TC_008_CS Regular Start Charging Session – Id in Local Authorization List
    Given the station has booted
    And the test CSMS has set the configuration key "LocalPreAuthorize" to "true"
    And the test CSMS has set the configuration key "AuthorizationCacheEnabled" to "false"
    And the test CSMS has set the configuration key "LocalAuthListEnabled" to "true"
    And the test CSMS has set the configuration key "AuthorizeRemoteTxRequests" to "true"
    When the test CSMS sends GetLocalListVersion
    Then the station answers GetLocalListVersion with listVersion ">= 0"
    When the test CSMS sends SendLocalList Full version 1 with idTags "VALID-1"
    Then the station answers SendLocalList with status "Accepted"
    When an EV is plugged in at connector 1
    Then the Charge Point sends StatusNotification "Preparing" for connector 1
    When the test CSMS sends RemoteStartTransaction for idTag "VALID-1" on connector 1
    Then the station answers RemoteStartTransaction with status "Accepted"
    And the station sends StartTransaction with idTag "VALID-1"
    And the test CSMS's answer to StartTransaction has idTagInfo.status "Accepted"
    And the Charge Point sends StatusNotification "Charging" for connector 1

  @TC_042_1_CS @localauthlist @blockD
  Scenario: TC_042_1_CS Get Local List Version (not supported)
    Given the station has booted
    And the test CSMS has set the configuration key "LocalAuthListEnabled" to "false"
    When the test CSMS sends GetLocalListVersion
    Then the station answers GetLocalListVersion with listVersion "-1"

  @TC_042_2_CS @localauthlist @blockD
  Scenario: TC_042_2_CS Get Local List Version (empty)
    Given the station has booted
    And the test CSMS has set the configuration key "LocalAuthListEnabled" to "true"
    When the test CSMS sends SendLocalList Full version 1 without a list
    Then the station answers SendLocalList with status "Accepted"
    When the test CSMS sends GetLocalListVersion
    Then the station answers GetLocalListVersion with listVersion "0"

  @TC_043_CS @localauthlist @blockD
  Scenario: TC_043_CS Send Local Authorization List
    Given the station has booted
    And the test CSMS has set the configuration key "LocalAuthListEnabled" to "true"
    When the test CSMS sends SendLocalList Full version 1 with idTags "LOCAL-1, LOCAL-2"
    Then the station answers SendLocalList with status "Accepted"
    When the test CSMS sends SendLocalList Differential version 2 with idTags "LOCAL-3"
    Then the station answers SendLocalList with status "Accepted"

  @TC_043_1_CS @localauthlist @blockD
  Scenario: TC_043_1_CS Send Local Authorization List - NotSupported
    Given the Charge Point does not support the LocalAuthListManagement feature profile
    And the station has booted
    When the test CSMS sends SendLocalList Full version 1 with idTags "LOCAL-1"
    Then the station answers SendLocalList with status "NotSupported"

  @TC_043_2_CS @localauthlist @blockD
  Scenario: TC_043_2_CS Send Local Authorization List - VersionMismatch
    Given the station has booted
    And the test CSMS has set the configuration key "LocalAuthListEnabled" to "true"
    When the test CSMS sends SendLocalList Full version 2 with idTags "LOCAL-1"
    Then the station answers SendLocalList with status "Accepted"
    When the test CSMS sends GetLocalListVersion
    Then the station answers GetLocalListVersion with listVersion "2"
    When the test CSMS sends SendLocalList Differential version 5 with idTags "LOCAL-2"
    Then the station answers SendLocalList with status "Accepted"
    When the test CSMS sends GetLocalListVersion
    Then the station answers GetLocalListVersion with listVersion "5"
    When the test CSMS sends SendLocalList Differential version 4 with idTags "LOCAL-3"
    Then the station answers SendLocalList with status "VersionMismatch"
    When the test CSMS sends GetLocalListVersion
    Then the station answers GetLocalListVersion with listVersion "5"

  @TC_043_3_CS @localauthlist @blockD
  Scenario: TC_043_3_CS Send Local Authorization List - Failed
    Given the Charge Point fails to store a local authorization list
    And the station has booted
    And the test CSMS has set the configuration key "LocalAuthListEnabled" to "true"
    When the test CSMS sends SendLocalList Full version 2 with idTags "LOCAL-1"
    Then the station answers SendLocalList with status "Failed"
