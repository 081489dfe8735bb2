"""The reference implementations, the embedded systems under test: a conformant CSMS (csms/) and a
conformant charging station (station/), each also runnable as an outside product."""
