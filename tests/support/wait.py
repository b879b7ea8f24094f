"""Polling for what happens asynchronously: a server starting, a page updating, a file appearing.

One deadline loop for every test, so none reads a result before it exists.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    probe: Callable[[], T], *, timeout: float, interval: float = 0.5, what: str = "condition"
) -> T:
    """Call `probe` until it returns something truthy (returned), or fail after `timeout` s.

    `probe` may raise OSError (a server not up yet): that counts as not yet.
    """
    deadline = time.monotonic() + timeout
    last: T | None = None
    while True:
        try:
            last = probe()
            if last:
                return last
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s (last: {last!r})")
        time.sleep(interval)


def url_answers(url: str) -> Callable[[], bool]:
    """A probe for `wait_until`: true once `url` answers 200."""

    def probe() -> bool:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200

    return probe
