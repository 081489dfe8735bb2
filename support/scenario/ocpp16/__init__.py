"""The OCPP 1.6 layer of the scenario: the session of a 1.6 Charge Point under test."""
