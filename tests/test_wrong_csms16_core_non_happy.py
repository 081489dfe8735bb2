"""OCPP 1.6 Core profile, non-happy flows (TC_017 - TC_040, features/csms/ocpp16/core_profile_non_happy.feature):
each scenario fails against a Central System that gets its case wrong (the reference CSMS with one
fault on, -D csms_faults=...) and passes against the reference CSMS. Also what the reference CSMS
keeps of a station's configuration answers, seen through probe scenarios, and the trigger API's
1.6 records."""
from behave_runner import mutation_test, run_behave, temp_features

FEATURE = "features/csms/ocpp16/core_profile_non_happy.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("accept_any_start_16", "TC_037_3_CSMS", 'idTagInfo.status is "Accepted", expected Invalid'),
    ("arrival_time_16", "TC_037_1_CSMS", "startTime is"),
    ("arrival_time_16", "TC_039_CSMS", "stopTime is"),
    ("close_transactions_on_boot_16", "TC_032_1_CSMS", "reason is 'Reboot', expected 'PowerLoss'"),
    ("keep_rejected_configuration_16", "TC_040_1_CSMS",
     "does not record configuration key OcttUnknownKey as unknown to the station"),
    ("keep_rejected_configuration_16", "TC_040_2_CSMS",
     "records '-1' as the value of configuration key MeterValueSampleInterval"),
    ("readonly_ignored_16", "TC_019_1_CSMS", "SupportedFeatureProfiles: recorded as RW, the station reported R"),
    ("readonly_ignored_16", "TC_019_2_CSMS", "SupportedFeatureProfiles: recorded as RW, the station reported R"),
    ("stop_on_remote_stop_16", "TC_028_CSMS", "the transaction is recorded as stopped, expected running"),
    # the example: a Central System that accepts an expired idTag
    ("accept_expired_16", "TC_023_2_CSMS", 'idTagInfo.status is "Accepted", expected Expired'),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1")


def test_the_feature_passes_against_the_reference_csms():
    code, output, verdicts = run_behave(features=FEATURE)
    assert code == 0, output
    assert len(verdicts) == 16 and set(verdicts.values()) == {"passed"}, verdicts


PROBES = """@ocpp16 @csms @probe
Feature: what the reference Central System keeps of a 1.6 station's configuration

  Background:
    Given the test station is in state Booted

  Scenario: a key the station does not know in GetConfiguration is recorded as unknown
    When the CSMS is asked for the configuration key "OcttUnknownKey"
    Then the CSMS reports that the test station answered GetConfiguration with
      | field         | value          |
      | unknownKey[0] | OcttUnknownKey |
    And the CSMS records that the test Charge Point does not support the configuration key "OcttUnknownKey"

  Scenario: a rejected change of a read-only key leaves the value the station reported
    When the CSMS is asked for all configuration keys of the test Charge Point
    And the CSMS is asked to change the configuration key "NumberOfConnectors" to "5"
    Then the CSMS reports the test station's answer to ChangeConfiguration with status "Rejected"
    And the CSMS records the configuration key "NumberOfConnectors" of the test Charge Point as "2"

  Scenario: a change answered RebootRequired is taken
    Given the test station will answer ChangeConfiguration with status "RebootRequired"
    When the CSMS is asked to change the configuration key "HeartbeatInterval" to "120"
    Then the CSMS reports the test station's answer to ChangeConfiguration with status "RebootRequired"
    And the CSMS records the configuration key "HeartbeatInterval" of the test Charge Point as "120"

  Scenario: a value read later replaces what the CSMS knew
    When the CSMS is asked to change the configuration key "HeartbeatInterval" to "120"
    And the CSMS is asked to change the configuration key "HeartbeatInterval" to "abc"
    Then the CSMS reports the test station's answer to ChangeConfiguration with status "Rejected"
    And the CSMS records the configuration key "HeartbeatInterval" of the test Charge Point as "120"
    # changed at the station itself (e.g. locally by a technician)
    Given the test Charge Point has the configuration key "HeartbeatInterval" set to "90"
    When the CSMS is asked for the configuration key "HeartbeatInterval"
    Then the CSMS reports that the test station answered GetConfiguration with
      | field                     | value |
      | configurationKey[0].value | 90    |
    And the CSMS records the configuration key "HeartbeatInterval" of the test Charge Point as "90"
"""


def test_the_reference_csms_keeps_what_the_station_answered():
    code, output, verdicts = run_behave("--tags=@probe", features=temp_features(PROBES))
    assert code == 0, output
    assert len(verdicts) == 4 and set(verdicts.values()) == {"passed"}, verdicts


def test_the_1_6_records_of_the_trigger_api():
    """configuration-record and transaction-record answer for a known station; an unknown record is
    a 404 'unknown command' (a scenario then skips its check as a manual one)."""
    from support.reference.csms import ReferenceCsms
    from support.csms.trigger_api import TriggerApi
    from support.runtime import Runtime
    from support.targets.trigger_client import TriggerClient

    runtime = Runtime()
    try:
        csms = ReferenceCsms()
        csms.store.add_station("CP16_R", "0123456789123456")
        runtime.run(csms.start(), 10)
        api = runtime.run(TriggerApi(csms).start(), 10)
        client = TriggerClient(api.url, 5)
        config = client.post("/api/octt/1.6/CP16_R/configuration-record")
        assert config.status_code == 200, config.describe()
        assert config.body == {"configurationKey": [], "unknownKey": [], "changes": []}
        transactions = client.post("/api/octt/1.6/CP16_R/transaction-record")
        assert transactions.status_code == 200 and transactions.body == {"transactions": [], "unlocks": []}
        unknown = client.post("/api/octt/1.6/CP16_R/nothing-record")
        assert unknown.status_code == 404 and "unknown command" in unknown.error, unknown.describe()
        nobody = client.post("/api/octt/1.6/CP16_X/configuration-record")
        assert nobody.status_code == 404 and "unknown charging station" in nobody.error, nobody.describe()
        client.close()
        runtime.run(api.stop(), 10)
        runtime.run(csms.stop(), 10)
    finally:
        runtime.stop()
