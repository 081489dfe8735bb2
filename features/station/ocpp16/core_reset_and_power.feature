@ocpp16 @station @core
Feature: OCPP 1.6 Core - the Charge Point resets, loses power and keeps its availability
  OCTT 1.6 Charge Point test cases 2.6 and 2.13: Hard and Soft reset with and without a
  transaction (StopTransaction reason HardReset / SoftReset), power failures with and without
  backup power, and an Unavailable status that survives a power cycle. After a soft reset the
  Charge Point need not restart (OCTT TC_014_CS, TC_016_CS: the BootNotification is optional).

  @TC_013_CS @blockB
  Scenario: TC_013_CS Hard Reset Without transaction
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Inoperative" for connector 1
    Then the station answers ChangeAvailability with status "Accepted"
    And the Charge Point sends StatusNotification "Unavailable" for connector 1
    When the test CSMS sends Reset "Hard"
    Then the station answers Reset with status "Accepted"
    And the station connects to the test CSMS again
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Unavailable" for connector 1
    And the Charge Point sends StatusNotification "Available" for every connector but 1, connector 0 included
    When the test CSMS sends ChangeAvailability "Operative" for connector 1
    Then the station answers ChangeAvailability with status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 1

  @TC_014_CS @blockB
  Scenario: TC_014_CS Soft Reset Without Transaction
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Inoperative" for connector 1
    Then the station answers ChangeAvailability with status "Accepted"
    And the Charge Point sends StatusNotification "Unavailable" for connector 1
    When the test CSMS sends Reset "Soft"
    Then the station answers Reset with status "Accepted"
    And the Charge Point, if it restarts, boots and sends StatusNotification "Unavailable" for connector 1 and "Available" for the other connectors
    When the test CSMS sends ChangeAvailability "Operative" for connector 1
    Then the station answers ChangeAvailability with status "Accepted"
    And the Charge Point sends StatusNotification "Available" for connector 1

  @TC_015_CS @blockB
  Scenario: TC_015_CS Hard Reset With Transaction
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends Reset "Hard"
    Then the station answers Reset with status "Accepted"
    And the station sends StopTransaction with reason "HardReset"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Finishing" or "Preparing" for connector 1
    And the Charge Point sends StatusNotification "Available" for every connector but 1, connector 0 included

  @TC_016_CS @blockB
  Scenario: TC_016_CS Soft Reset With Transaction
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the test CSMS sends Reset "Soft"
    Then the station answers Reset with status "Accepted"
    And the station sends StopTransaction with reason "SoftReset"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1
    And the Charge Point, if it restarts, boots and sends StatusNotification "Finishing" or "Preparing" for connector 1 and "Available" for connector 0 and the other connectors

  @TC_032_1_CS @blockE
  Scenario: TC_032_1_CS Power failure boot charging point - configured to stop transaction(s) before going down
    Given the Charge Point has backup power
    And the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the Charge Point loses power and gets it back
    Then the station sends StopTransaction with reason "PowerLoss"
    And the StopTransaction names the transaction and a meterStop not below its meterStart
    And the Charge Point sends StatusNotification "Finishing" for connector 1
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Finishing" or "Preparing" for connector 1
    And the Charge Point sends StatusNotification "Available" for every connector but 1, connector 0 included

  @TC_032_2_CS @blockE
  Scenario: TC_032_2_CS Power failure boot charging point-configured to stop transaction(s)
    Given the station has booted
    And the Charge Point is charging on connector 1 for idTag "VALID-1"
    When the Charge Point loses power and gets it back
    Then the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Preparing" or "Finishing" or "Charging" for connector 1
    And the Charge Point sends StatusNotification "Available" for every connector but 1, connector 0 included
    And the station sends StopTransaction with reason "PowerLoss" or "Local" or "(absent)"
    And the StopTransaction names the transaction and a meterStop not below its meterStart

  @TC_034_CS @blockG
  Scenario: TC_034_CS Power Failure with Unavailable Status
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Inoperative" for connector 0
    Then the station answers ChangeAvailability with status "Accepted"
    And the Charge Point sends StatusNotification "Unavailable" for connector 0 and every connector
    When the Charge Point loses power and gets it back
    Then the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the Charge Point sends StatusNotification "Unavailable" for connector 0 and every connector
