"""The systems under test as the steps see them: clients for a CSMS's side doors such as its trigger API."""
