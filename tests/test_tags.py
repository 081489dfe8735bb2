"""OCPP 1.6 scenarios carry an OCPP 2.0.1 functional block tag (@blockA..@blockP) and exactly one
1.6 feature-profile tag, so that `behave --tags=@blockC` or `--tags=@smartcharging` selects them."""
import glob
import os

from behave.parser import parse_file

from behave_runner import ROOT, behave_process

PROFILES = {"core", "firmware", "localauthlist", "reservation", "smartcharging", "remotetrigger", "security"}
BLOCKS = {f"block{letter}" for letter in "ABCDEFGHIJKLMNOP"}


def _scenarios_16():
    for path in sorted(glob.glob(os.path.join(ROOT, "features", "*", "ocpp16", "*.feature"))):
        feature = parse_file(path)
        for scenario in feature.walk_scenarios():
            yield os.path.relpath(path, ROOT), scenario


def test_every_16_scenario_has_one_profile_and_a_block():
    problems, count = [], 0
    for path, scenario in _scenarios_16():
        count += 1
        tags = set(scenario.effective_tags)
        assert "ocpp16" in tags, (path, scenario.name)
        profiles = tags & PROFILES
        if len(profiles) != 1:
            problems.append(f"{path} {scenario.name}: feature profiles {sorted(profiles) or 'none'}")
        # The OCPP-J robustness cases test the RPC framework, no functional block (as in 2.0.1).
        if not tags & BLOCKS and "robustness" not in tags:
            problems.append(f"{path} {scenario.name}: no @blockX tag")
    assert count > 150
    assert not problems, "\n".join(problems)


def test_the_profile_tags_follow_the_octt_sections():
    tags = {scenario.name.split()[0]: set(scenario.effective_tags) for _, scenario in _scenarios_16()}
    assert {"core", "blockB"} <= tags["TC_001_CS"] and {"core", "blockB"} <= tags["TC_001_CSMS"]
    assert {"core", "blockC"} <= tags["TC_061_CS"]
    assert {"localauthlist", "blockC", "blockD"} <= tags["TC_008_CS"]
    assert {"firmware", "blockN"} <= tags["TC_045_1_CSMS"]
    assert {"reservation", "blockH"} <= tags["TC_046_1_CS"]
    assert {"remotetrigger", "blockF"} <= tags["TC_054_CSMS"]
    assert {"smartcharging", "blockK"} <= tags["TC_066_CS"]
    assert {"security", "blockL"} <= tags["TC_080_CSMS"]


def test_a_block_selection_runs_16_scenarios():
    code, out, err = behave_process(["--dry-run", "--no-junit", "--format", "plain", "--tags=@blockC"])
    assert code == 0, out + err
    names = [line.split("Scenario: ", 1)[1] for line in out.splitlines() if "Scenario: " in line]
    assert any(name.startswith("TC_023_1_CSMS") for name in names), names
    assert any(name.startswith("TC_007_CS ") for name in names), names
    assert any(name.startswith("TC_C_") for name in names), names
