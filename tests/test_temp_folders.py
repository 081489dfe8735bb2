"""The suite's temporary folders go when what made them stops (issue "Hardening").

The embedded CSMS target writes the expired client certificate (never to certs/) to an
ocpp-suite-tls-* folder, the test CSMS's TLS front door to an ocpp-suite-test-csms-tls-* one. Each is
removed when the target / the CSMS stops, also when starting fails half-way; one that is never
stopped goes at interpreter exit (tempfile.TemporaryDirectory).

The temporary directory is this test's own (tempfile.tempdir), so that other processes of a shared
machine making such folders meanwhile cannot disturb the count.
"""
import asyncio
import glob
import os
import socket
import tempfile
from urllib.parse import urlsplit

import pytest

from support.config import Config
from support.csms.scripted import TestCsms
from support.csms.scripted_tls import front_door
from support.targets import csms as csms_targets


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _folders(temp_dir, prefix):
    return glob.glob(os.path.join(str(temp_dir), f"{prefix}*"))


def _listening(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


def test_the_embedded_target_removes_its_tls_folder_when_it_stops(temp_dir):
    config = Config({})

    async def main():
        for _ in range(2):        # a second start with the same Config makes its files again
            target = await csms_targets.start_embedded(config)
            try:
                folders = _folders(temp_dir, "ocpp-suite-tls-")
                assert folders == [target.scratch.path]
                expired = config.values["tls_expired_client_cert"]
                assert os.path.dirname(expired) == folders[0] and os.path.exists(expired)
                assert os.path.exists(config.values["tls_expired_client_key"])
            finally:
                await csms_targets.stop_embedded(target)
            assert _folders(temp_dir, "ocpp-suite-tls-") == []
            assert config.values["tls_expired_client_cert"] == config.values["tls_expired_client_key"] == ""
            assert config.values["tls_client_cert"]      # the files in certs/ stay configured
    asyncio.run(asyncio.wait_for(main(), 120))


def test_a_start_that_fails_half_way_leaves_no_folder_and_no_listener(temp_dir, monkeypatch):
    started = []
    real_start = csms_targets.ReferenceCsms.start

    async def start(self):
        started.append(self)
        return await real_start(self)

    async def broken_ocsp():
        raise OSError("no port for the OCSP responder")
    monkeypatch.setattr(csms_targets.ReferenceCsms, "start", start)
    monkeypatch.setattr(csms_targets, "start_ocsp", broken_ocsp)

    async def main():
        with pytest.raises(OSError, match="OCSP responder"):
            await csms_targets.start_embedded(Config({}))
    asyncio.run(asyncio.wait_for(main(), 120))
    assert _folders(temp_dir, "ocpp-suite-tls-") == []
    assert started and not _listening(started[0].url)


def test_the_test_csms_tls_front_door_removes_its_folder_when_the_csms_stops(temp_dir):
    async def main():
        csms = await TestCsms().start()
        try:
            await front_door(csms)
            assert len(_folders(temp_dir, "ocpp-suite-test-csms-tls-")) == 1
        finally:
            await csms.stop()
        assert _folders(temp_dir, "ocpp-suite-test-csms-tls-") == []
    asyncio.run(asyncio.wait_for(main(), 60))
