"""The test CSMS: the scripted CSMS the station features drive (scripted, server, store), the mock
CSMS command line (cli, `python -m support.csms`) and the trigger API; ocpp16/ holds its 1.6 layer."""
