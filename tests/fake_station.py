"""A minimal station on the wire, for tests that drive a CSMS: connects (Basic auth, wss:// with an
SSLContext), records the CALLs it gets and answers them per action, and sends CALLs of its own.

answers[action] is a payload dict, a callable(action, payload) -> dict, ("error", code, description,
details) for a CALLERROR, or None to never answer (a callable may return None too); an action not in
answers gets default_answer(action, payload).
"""
import asyncio
import base64
import json

from websockets.asyncio.client import connect

WAIT = 10


def accept_everything(action, payload):
    return {"status": "Accepted"}


class WireStation:
    def __init__(self, base_url, station_id, password=None, version="2.0.1", tls=None,
                 default_answer=accept_everything, id_prefix=""):
        self.url, self.station_id, self.password = f"{base_url}/{station_id}", station_id, password
        self.subprotocol = "ocpp1.6" if version == "1.6" else "ocpp2.0.1"
        self.tls, self.default_answer, self.id_prefix = tls, default_answer, id_prefix
        self.answers = {}
        self.received = []          # (action, payload) of every CALL from the CSMS
        self._pending, self._ids, self.ws, self._reader = {}, 0, None, None

    async def connect(self):
        headers = {}
        if self.password is not None:
            token = base64.b64encode(f"{self.station_id}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        extra = {"ssl": self.tls} if self.tls is not None else {}
        self.ws = await connect(self.url, subprotocols=[self.subprotocol], additional_headers=headers,
                                ping_interval=None, open_timeout=WAIT, **extra)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self):
        async for text in self.ws:
            frame = json.loads(text)
            if frame[0] == 2:
                _, unique_id, action, payload = frame
                self.received.append((action, payload))
                answer = self.answers.get(action, self.default_answer)
                if answer is None:
                    continue
                if isinstance(answer, tuple):
                    await self.ws.send(json.dumps([4, unique_id, *answer[1:]]))
                    continue
                payload = answer(action, payload) if callable(answer) else answer
                if payload is not None:
                    await self.ws.send(json.dumps([3, unique_id, payload]))
            else:
                future = self._pending.pop(frame[1], None)
                if future and not future.done():
                    future.set_result(frame)

    async def call(self, action, payload):
        self._ids += 1
        unique_id = f"{self.id_prefix}{self._ids}"
        future = asyncio.get_running_loop().create_future()
        self._pending[unique_id] = future
        await self.ws.send(json.dumps([2, unique_id, action, payload]))
        return await asyncio.wait_for(future, WAIT)

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
