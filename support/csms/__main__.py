"""`python -m support.csms`: the scriptable test CSMS as a command-line mock server."""
import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
