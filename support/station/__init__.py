"""The test station: the station the CSMS features drive (test_station, answers, states, model) and
a module per OCPP functional block of the actions it takes; ocpp16/ holds its 1.6 layer."""
