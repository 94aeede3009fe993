"""Running a coroutine from synchronous code, whether or not an event loop is running.

The pipeline's delivery is asynchronous (aiosmtplib), but its callers are
not: the CLI, scheduler jobs in threads, the web app's thread pool. Where a
loop already runs in this thread (asyncio.run would refuse), the coroutine
gets a loop of its own in a short-lived worker thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion and return its result."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mailbot-aio") as pool:
        return pool.submit(asyncio.run, coro).result()
