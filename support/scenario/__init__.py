"""The scenario layer: what the steps call. A session per direction (csms_session: the CSMS under
test, played by the test station; station_session: the station under test, played by the test CSMS;
ocpp16/ the 1.6 station session), and what they share: expectations (expect), the message trace, the
three outcomes, the tester's words and step language, the operator's live prompts, and the checks of
bad input (robustness) and of TLS (tls_checks)."""
