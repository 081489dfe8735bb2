"""One asyncio loop in a background thread for the whole behave run.

behave steps are synchronous; every actor (test station, reference CSMS, trigger API) lives on
this loop so that a peer connecting between two steps still gets its handshake answered.
"""
import asyncio
import concurrent.futures
import threading


class StepTimeout(AssertionError):
    """A wait ran past its deadline; an AssertionError so behave reports a failed step."""


class Runtime:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="ocpp-runtime", daemon=True)
        self._scenario_tasks = set()
        self._thread.start()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, coro, timeout=None):
        """Run a coroutine on the loop and wait for its result from the calling thread."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise StepTimeout(f"no result within {timeout} s") from None

    def spawn(self, coro):
        """Start a coroutine in the background for the current scenario; it is cancelled at its end."""
        future = asyncio.run_coroutine_threadsafe(self._track(coro), self.loop)
        return future

    async def _track(self, coro):
        task = asyncio.current_task()
        self._scenario_tasks.add(task)
        try:
            return await coro
        finally:
            self._scenario_tasks.discard(task)

    def cancel_scenario_tasks(self, timeout=5):
        async def cancel_all():
            tasks = [t for t in self._scenario_tasks if not t.done()]
            for t in tasks:
                t.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=timeout)
        self.run(cancel_all(), timeout + 1)

    def call_soon(self, fn, *args):
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self):
        if self.loop.is_running():
            async def drain():
                tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            try:
                self.run(drain(), 10)
            except Exception:
                pass
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
        self.loop.close()
