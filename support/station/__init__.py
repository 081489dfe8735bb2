"""Station engine: the test station the CSMS features drive."""
