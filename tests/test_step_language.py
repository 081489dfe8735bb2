"""Testers' mistakes get clear errors, and bad input to the CSMS is refused, not crashed on."""
from behave_runner import run_behave, temp_features


def _run(body):
    folder = temp_features("Feature: probe\n\n  Scenario: probe\n" + body)
    return run_behave(features=folder)


def test_a_misspelled_enum_value_says_did_you_mean():
    code, output, _ = _run('    Given the station is connected to the CSMS\n'
                           '    When the station boots with reason "PowerUp"\n'
                           '    Then the CSMS answers BootNotification with status "Acepted"\n')
    assert code != 0
    assert "'Acepted' is not a RegistrationStatus; did you mean Accepted?" in output


def test_a_misspelled_step_parameter_enum_says_did_you_mean():
    code, output, _ = _run('    Given the station is connected to the CSMS\n'
                           '    When the station boots with reason "PowerOn"\n')
    assert code != 0
    assert "'PowerOn' is not a BootReason; did you mean PowerUp?" in output


def test_a_misspelled_field_says_did_you_mean():
    code, output, _ = _run('    Given the station is connected to the CSMS\n'
                           '    When the station boots\n'
                           '    Then the CSMS answers BootNotification with interval "> 0"\n'
                           '    And the CSMS answers BootNotification with stauts "Accepted"\n')
    assert code != 0
    assert "'stauts' is not a field of BootNotificationResponse" in output
    assert "did you mean status?" in output


def test_an_unknown_state_and_token_kind_are_named():
    code, output, _ = _run('    Given the station is in state Boted\n')
    assert "'Boted' is not a reusable state; did you mean Booted?" in output
    code, output, _ = _run('    Given the station is in state Booted\n'
                           '    When the station sends Authorize for the blockd idToken\n')
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
        '    When the station connects with the password "not-the-password"\n'
        '    Then the CSMS refuses the connection with HTTP status 401\n'
        '    When the station connects with the username "SOMEBODY_ELSE"\n'
        '    Then the CSMS refuses the connection with HTTP status 401\n'
        '    When the station connects offering no subprotocol\n'
        '    Then the CSMS refuses the connection with HTTP status 400\n'
        '    Given the station is connected to the CSMS\n'
        '    When the station sends the raw frame\n'
        '      """\n'
        '      [2, "broken"\n'
        '      """\n'
        '    Then the CSMS rejects the raw frame with CALLERROR "RpcFrameworkError"\n'
        '    When the station boots\n'
        '    Then the CSMS answers BootNotification with status "Accepted"\n')
    assert code == 0, output
    assert set(verdicts.values()) == {"passed"}
