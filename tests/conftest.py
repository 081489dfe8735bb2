"""Make the project root importable (support.*) however pytest is invoked."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="module")
def playground():
    """The reference CSMS run as an outside product (python -m support.reference.csms.playground): its
    WebSocket base URL ("csms") and trigger API URL ("trigger"). The suite under test is given only
    the WebSocket URL, as for any real CSMS."""
    process = subprocess.Popen([sys.executable, "-m", "support.reference.csms.playground", "--log-format", "none"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    urls = {}
    deadline = time.monotonic() + 120     # a busy machine may take long to start Python
    while len(urls) < 2 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if "listening on" in line:
            urls["csms"] = re.search(r"(ws://\S+)/<stationId>", line).group(1)
        if "trigger API on" in line:
            urls["trigger"] = line.split()[-1]
    assert len(urls) == 2, "the playground CSMS did not start"
    urls["process"] = process
    yield urls
    process.terminate()
    process.wait(30)
