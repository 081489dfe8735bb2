"""The OCPP 1.6 layer of the test CSMS: its 1.6 script and command builders (scripted) and the
mock CSMS's 1.6 command line (cli)."""
