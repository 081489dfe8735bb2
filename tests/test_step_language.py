"""Testers' mistakes get clear errors, and bad input to the CSMS is refused, not crashed on."""
from behave_runner import run_behave, temp_features


def _run(body):
    folder = temp_features("Feature: probe\n\n  Scenario: probe\n" + body)
    return run_behave(features=folder)


def test_a_misspelled_enum_value_says_did_you_mean():
    code, output, _ = _run('    Given the test station is connected to the CSMS\n'
                           '    When the test station boots with reason "PowerUp"\n'
                           '    Then the CSMS answers BootNotification with status "Acepted"\n')
    assert code != 0
    assert "'Acepted' is not a RegistrationStatus; did you mean Accepted?" in output


def test_a_misspelled_step_parameter_enum_says_did_you_mean():
    code, output, _ = _run('    Given the test station is connected to the CSMS\n'
                           '    When the test station boots with reason "PowerOn"\n')
    assert code != 0
    assert "'PowerOn' is not a BootReason; did you mean PowerUp?" in output


def test_a_misspelled_field_says_did_you_mean():
    code, output, _ = _run('    Given the test station is connected to the CSMS\n'
                           '    When the test Charge Point boots\n'
                           '    Then the CSMS answers BootNotification with interval "> 0"\n'
                           '    And the CSMS answers BootNotification with stauts "Accepted"\n')
    assert code != 0
    assert "'stauts' is not a field of BootNotificationResponse" in output
    assert "did you mean status?" in output


def test_an_unknown_state_and_token_kind_are_named():
    code, output, _ = _run('    Given the test station is in state Boted\n')
    assert "'Boted' is not a reusable state; did you mean Booted?" in output
    code, output, _ = _run('    Given the test station is in state Booted\n'
                           '    When the test station sends Authorize for the blockd idToken\n')
    assert "did you mean the blocked idToken?" in output


def test_an_undefined_step_fails_the_run():
    code, output, _ = _run('    Given a sentence nobody defined\n')
    assert code != 0
    assert "undefined" in output.lower()


def test_a_tag_selection_that_matches_nothing_fails():
    code, output, _ = run_behave("--tags=@no_such_tag")
    assert code != 0
    assert "no scenario matched the selection" in output


def test_wrong_password_unknown_station_and_bad_frames_are_refused_cleanly():
    code, output, verdicts = _run(
        '    When the test station connects with the password "not-the-password"\n'
        '    Then the CSMS refuses the connection with HTTP status 401\n'
        '    When the test station connects with the username "SOMEBODY_ELSE"\n'
        '    Then the CSMS refuses the connection with HTTP status 401\n'
        '    When the test station connects without a Sec-WebSocket-Protocol header\n'
        '    Then the CSMS refuses the connection with HTTP status 400\n'
        '    Given the test station is connected to the CSMS\n'
        '    When the test station sends the raw frame\n'
        '      """\n'
        '      [2, "broken"\n'
        '      """\n'
        '    Then the CSMS rejects the raw frame with CALLERROR "RpcFrameworkError"\n'
        '    When the test Charge Point boots\n'
        '    Then the CSMS answers BootNotification with status "Accepted"\n')
    assert code == 0, output
    assert set(verdicts.values()) == {"passed"}


# ---------------------------------------------------------------------- near misses and dry runs

def _junit_run(folder, *args):
    """(exit code, output, [(testcase name, problem element tag, type, message)]) of a run whose JUnit
    files go to a fresh folder."""
    import glob
    import os
    import shutil
    import tempfile
    import xml.etree.ElementTree as ET
    from behave_runner import behave_process
    junit = tempfile.mkdtemp(prefix="junit-")
    try:
        code, out, err = behave_process(["--format", "plain", "--junit", "--junit-directory", junit, *args, folder])
        problems = []
        for path in glob.glob(os.path.join(junit, "*.xml")):
            for case in ET.parse(path).getroot().iter("testcase"):
                for tag in ("failure", "error"):
                    for element in case.iter(tag):
                        problems.append((case.get("name"), tag, element.get("type"), element.get("message")))
        return code, out + err, problems
    finally:
        shutil.rmtree(junit, ignore_errors=True)


NEAR_MISS = ('Feature: probe\n\n  Scenario: probe\n'
             '    Given the test station is connected to the CSMS\n'
             '    When the test station sends an Authorize for the valid idToken\n')
SUGGESTION = ("undefined step: When the test station sends an Authorize for the valid idToken; "
              "did you mean: When the test station sends Authorize for the {token} idToken?")


def test_an_undefined_step_names_the_nearest_sentences_in_the_console_and_junit():
    code, output, problems = _junit_run(temp_features(NEAR_MISS))
    assert code != 0, output
    assert SUGGESTION in output
    assert "@when(u'" not in output     # no Python snippet for the tester
    assert problems == [("probe", "error", "UndefinedStep", SUGGESTION)], problems


def test_an_undefined_step_in_a_dry_run_names_the_nearest_sentences():
    code, output, _ = run_behave("--dry-run", features=temp_features(NEAR_MISS))
    assert code != 0, output
    assert SUGGESTION in output


def test_a_sentence_of_another_keyword_is_suggested_with_its_keyword():
    code, output, _ = _run('    Given the test station is connected to the CSMS\n'
                           '    When the test Charge Point boots\n'
                           '    When the CSMS answer BootNotification with status "Accepted"\n')
    assert code != 0
    line = next(line for line in output.splitlines() if "undefined step: When the CSMS answer " in line)
    assert "did you mean: " in line and 'Then the CSMS answers {action} with {field} "{value}"' in line, line


def test_a_dry_run_finds_misspelled_values_fields_kinds_and_states():
    folder = temp_features(
        'Feature: probe\n\n'
        '  Scenario: enum value\n'
        '    Given the test station is connected to the CSMS\n'
        '    When the test Charge Point boots\n'
        '    Then the CSMS answers BootNotification with status "Acepted"\n\n'
        '  Scenario: step parameter\n'
        '    When the test station boots with reason "PowerOn"\n\n'
        '  Scenario: field path\n'
        '    Given the test station is in state Booted\n'
        '    When the test station sends Authorize for the valid idToken\n'
        '    Then the CSMS answers Authorize with idTokenInfo.statuss "Accepted"\n\n'
        '  Scenario: table row\n'
        '    Given the test station is in state Booted\n'
        '    When the test station sends Authorize for the blockd idToken\n'
        '    Then the CSMS answers Authorize with\n'
        '      | field              | value   |\n'
        '      | idTokenInfo.status | Blokced |\n\n'
        '  Scenario: state\n'
        '    Given the test station is in state Boted\n\n'
        '  @ocpp16 @station\n'
        '  Scenario: 1.6 alternatives\n'
        '    Given the station has booted\n'
        '    Then the Charge Point sends StatusNotification "Available" or "Preparin" for connector 1\n')
    code, output, problems = _junit_run(folder, "--dry-run")
    assert code != 0, output
    for message in ("'Acepted' is not a RegistrationStatus; did you mean Accepted?",
                    "'PowerOn' is not a BootReason; did you mean PowerUp?",
                    "'statuss' is not a field of AuthorizeResponse at 'idTokenInfo.statuss'; did you mean status?",
                    "did you mean the blocked idToken?",
                    "'Boted' is not a reusable state; did you mean Booted?",
                    "'Preparin' is not a ChargePointStatus; did you mean Preparing?"):
        assert message in output, (message, output)
    assert "0 scenarios passed, 6 failed" in output, output
    assert problems == [], "a dry run writes no JUnit report"


def test_a_dry_run_of_the_suite_finds_nothing_to_report():
    from behave_runner import behave_process
    code, out, err = behave_process(["--dry-run", "--no-junit", "--format", "null", "--no-summary"])
    assert code == 0, out + err
    assert "did you mean" not in out + err


def test_a_dry_run_leaves_the_last_junit_reports_alone():
    import os
    import tempfile
    from behave_runner import behave_process
    junit = tempfile.mkdtemp(prefix="junit-")
    kept = os.path.join(junit, "TESTS-last-real-run.xml")
    with open(kept, "w", encoding="utf-8") as f:
        f.write("<testsuite/>")
    # behave.ini has junit = true: a plain `behave --dry-run` must not write reports either
    code, out, err = behave_process(["--dry-run", "--format", "null", "--junit-directory", junit,
                                     "--tags=@TC_B_01_CSMS"])
    assert code == 0, out + err
    assert os.listdir(junit) == ["TESTS-last-real-run.xml"]
    assert open(kept, encoding="utf-8").read() == "<testsuite/>"
    assert "Dry run: no JUnit report is written" in out + err
