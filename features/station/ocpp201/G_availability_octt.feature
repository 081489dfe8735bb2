@ocpp201 @station @blockG
Feature: G Availability - OCTT charging-station cases: connector status notifications, ChangeAvailability of an EVSE, a connector or the whole station, with transactions, persisting across a reboot
  OCTT test cases TC_G_xx_CS (OCPP 2.0.1 Part 6, with the 2023-12 errata) for a charging station. The
  suite plays the CSMS; the station under test is the embedded reference station unless configured. The
  reusable states are the state library ("Given the station is brought to state ..."), at the configured
  EVSE and connector (CONFIGURED_EVSE_ID, CONFIGURED_CONNECTOR_ID) with the valid idToken; reusable state
  Unavailable is ChangeAvailability Inoperative of the whole station, or "for the configured EVSE" or "for
  the configured connector", answered Accepted, then StatusNotification Unavailable for each connector of it
  (and no other connector reported Unavailable). The document's NotifyEvent form of a connector status
  (AvailabilityState) is not taken: the suite checks StatusNotification. The suite knows one connector per
  EVSE: the connectors of the configured EVSE are its configured connector. Reusable state ParkingBayUnoccupied
  (steps 12-14 of the cases with a transaction) is left out: most stations have no parking bay sensor.

  # ------------------------------------------------------------------ G01 connector status

  @TC_G_01_CS
  Scenario: TC_G_01_CS Connector status Notification - Available to Occupied
    Given the station has booted
    # Step 1: the EV plugged in at the configured EVSE and connector, StatusNotification Occupied there (and
    # the TransactionEvent the station's TxStartPoint asks for).
    When the station is brought to state EVConnectedPreSession

  @TC_G_02_CS
  Scenario: TC_G_02_CS Connector status Notification - Occupied to Available
    Given the station has booted
    And the station is brought to state EVConnectedPreSession
    # Manual action "Disconnect the EV and EVSE" and step 3 (StatusNotification Available at the configured EVSE
    # and connector) are the reusable state EVDisconnected, which also checks the end of a transaction the
    # plug-in started.
    When the station is brought to state EVDisconnected

  # ------------------------------------------------------------------ G03/G04 operative to inoperative and back

  @TC_G_03_CS
  Scenario: TC_G_03_CS Change Availability EVSE - Operative to inoperative
    Given the station has booted
    # Post scenario validation: every connector of the EVSE reported (Unavailable).
    When the station is brought to state Unavailable for the configured EVSE

  @TC_G_04_CS
  Scenario: TC_G_04_CS Change Availability EVSE - Inoperative to operative
    Given the station has booted
    # Memory state "Unavailable for <Configured evseId>".
    And the station is brought to state Unavailable for the configured EVSE
    When the test CSMS sends ChangeAvailability "Operative" for the configured EVSE
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Available" for the configured EVSE

  @TC_G_05_CS
  Scenario: TC_G_05_CS Change Availability Charging Station - Operative to inoperative
    Given the station has booted
    # Post scenario validation: every connector reported (Unavailable).
    When the station is brought to state Unavailable

  @TC_G_06_CS
  Scenario: TC_G_06_CS Change Availability Charging Station - Inoperative to operative
    Given the station has booted
    And the station is brought to state Unavailable
    When the test CSMS sends ChangeAvailability "Operative"
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Available" for all its connectors

  @TC_G_07_CS
  Scenario: TC_G_07_CS Change Availability Connector - Operative to inoperative
    Given the station has booted
    When the station is brought to state Unavailable for the configured connector

  @TC_G_08_CS
  Scenario: TC_G_08_CS Change Availability Connector - Inoperative to operative
    Given the station has booted
    # Memory state "Unavailable for <Configured connectorId>".
    And the station is brought to state Unavailable for the configured connector
    When the test CSMS sends ChangeAvailability "Operative" for the configured connector
    Then the station answers ChangeAvailability with status "Accepted"
    And the station sends StatusNotification "Available" for the configured connector

  # ------------------------------------------------------------------ G03/G04 to the state it is in
  # The post scenario validation "a message to report the state of a connector has been received for all
  # connectors" is the boot's (and the reusable state's) StatusNotification of every connector.

  @TC_G_09_CS
  Scenario: TC_G_09_CS Change Availability EVSE - Operative to operative
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Operative" for the configured EVSE
    Then the station answers ChangeAvailability with status "Accepted"

  @TC_G_10_CS
  Scenario: TC_G_10_CS Change Availability EVSE - Inoperative to inoperative
    Given the station has booted
    And the station is brought to state Unavailable for the configured EVSE
    When the test CSMS sends ChangeAvailability "Inoperative" for the configured EVSE
    Then the station answers ChangeAvailability with status "Accepted"

  @TC_G_12_CS
  Scenario: TC_G_12_CS Change Availability Charging Station - Operative to operative
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Operative"
    Then the station answers ChangeAvailability with status "Accepted"

  @TC_G_13_CS
  Scenario: TC_G_13_CS Change Availability Charging Station - Inoperative to inoperative
    Given the station has booted
    And the station is brought to state Unavailable
    When the test CSMS sends ChangeAvailability "Inoperative"
    # As the 2023-12 errata give it: no status report is needed (nothing changed).
    Then the station answers ChangeAvailability with status "Accepted"

  @TC_G_15_CS
  Scenario: TC_G_15_CS Change Availability Connector - Operative to operative
    Given the station has booted
    When the test CSMS sends ChangeAvailability "Operative" for the configured connector
    Then the station answers ChangeAvailability with status "Accepted"

  @TC_G_16_CS
  Scenario: TC_G_16_CS Change Availability Connector - Inoperative to inoperative
    Given the station has booted
    # Charging state "State is Unavailable": the reusable state for the connector the case is about.
    And the station is brought to state Unavailable for the configured connector
    When the test CSMS sends ChangeAvailability "Inoperative" for the configured connector
    Then the station answers ChangeAvailability with status "Accepted"

  # ------------------------------------------------------------------ G03/G04 during a transaction
  # "Steps 4, 7, 10 and 13 will only be executed if the previous step ended the transaction": after each
  # reusable state the suite checks the StatusNotification Unavailable once the transaction has ended (which
  # state ends it follows the station's TxStopPoint), and that the station did not report it while the
  # transaction went on. The wait of <Configured Transaction Duration> is taken before StopAuthorized.

  @TC_G_11_CS
  Scenario: TC_G_11_CS Change Availability EVSE - With ongoing transaction
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends ChangeAvailability "Inoperative" for the configured EVSE
    Then the station answers ChangeAvailability with status "Scheduled"
    When the transaction duration has passed
    And the station is brought to state StopAuthorized
    Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended
    When the station is brought to state EVConnectedPostSession
    Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended
    # EVDisconnected: the connector stays Unavailable (no StatusNotification Available expected).
    When the station is brought to state EVDisconnected
    Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended

  @TC_G_14_CS
  Scenario: TC_G_14_CS Change Availability Charging Station - With ongoing transaction
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends ChangeAvailability "Inoperative"
    Then the station answers ChangeAvailability with status "Scheduled"
    # Step 3: the connectors of the EVSEs without a transaction (all but the configured one).
    And the station sends StatusNotification "Unavailable" for the EVSEs that have no transaction
    When the transaction duration has passed
    And the station is brought to state StopAuthorized
    Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended
    When the station is brought to state EVConnectedPostSession
    Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended
    When the station is brought to state EVDisconnected
    Then the station sends StatusNotification "Unavailable" for the configured EVSE if the transaction has ended

  @TC_G_17_CS
  Scenario: TC_G_17_CS Change Availability Connector - With ongoing transaction
    Given the station has booted
    And the station is brought to state EnergyTransferStarted
    When the test CSMS sends ChangeAvailability "Inoperative" for the configured connector
    Then the station answers ChangeAvailability with status "Scheduled"
    When the transaction duration has passed
    And the station is brought to state StopAuthorized
    Then the station sends StatusNotification "Unavailable" for the configured connector if the transaction has ended
    When the station is brought to state EVConnectedPostSession
    Then the station sends StatusNotification "Unavailable" for the configured connector if the transaction has ended
    When the station is brought to state EVDisconnected
    Then the station sends StatusNotification "Unavailable" for the configured connector if the transaction has ended

  # ------------------------------------------------------------------ G03.FR.08/G04.FR.09 across a reboot
  # Reusable states Booting and Booted through ResetRequest Immediate (the document's other way for Booted is
  # a power cycle). After the boot the suite checks the statuses the station reported since its new connection.

  @TC_G_18_CS
  Scenario: TC_G_18_CS Change Availability EVSE - state persists across reboot
    Given the station has booted
    # Steps 1-4 are reusable state Unavailable for the configured EVSE; step 3's "connectorStatus Available for
    # evseId not <Configured evseId>": no other connector is reported Unavailable.
    When the station is brought to state Unavailable for the configured EVSE
    # Step 5, reusable state Booted.
    And the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    # The note of step 5: Unavailable at the configured EVSE (its connector), Available elsewhere.
    And the station sends StatusNotification "Unavailable" for the configured connector and "Available" for the others
    And the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |

  @TC_G_19_CS
  Scenario: TC_G_19_CS Change Availability Connector - state persists across reboot
    Given the station has booted
    # Charging state "state is Unavailable": the reusable state for the connector the case is about.
    And the station is brought to state Unavailable for the configured connector
    # Step 1, reusable state Booting.
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    And the station sends StatusNotification "Unavailable" for the configured connector and "Available" for the others
    And the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |

  @TC_G_21_CS
  Scenario: TC_G_21_CS Change Availability Charging Station - state persists across reboot
    Given the station has booted
    And the station is brought to state Unavailable
    When the test CSMS sends Reset "Immediate"
    Then the station answers Reset with status "Accepted"
    And the station sends BootNotification
    And the test CSMS's answer to BootNotification has status "Accepted"
    # Step 4: the first status of every connector since the reboot's new connection is Unavailable.
    And the station is "Unavailable" on every connector after the reconnection
    And the station sends SecurityEventNotification with
      | field | value                                   |
      | type  | "StartupOfTheDevice" or "ResetOrReboot" |
