"""Limits on guessing: wrong join codes, group tokens and projector tokens are counted per
browser session, and past the limit the next try must wait. Plain Python, no clock of its own,
so tests drive it with their own times."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

GUESS_LIMIT = 10
GUESS_WINDOW_SECONDS = 60.0


@dataclass
class GuessLimiter:
    """At most `limit` wrong guesses in any `window` seconds.

    >>> limiter = GuessLimiter(limit=2, window=60)
    >>> limiter.wait_seconds(now=0), limiter.failed(now=0), limiter.failed(now=1)
    (0, None, None)
    >>> limiter.wait_seconds(now=30)
    30
    >>> limiter.wait_seconds(now=61)
    0
    """

    limit: int = GUESS_LIMIT
    window: float = GUESS_WINDOW_SECONDS
    _failures: deque[float] = field(default_factory=deque)

    def wait_seconds(self, now: float) -> int:
        """0 if a guess may be tried now, else how many whole seconds until one may."""
        while self._failures and now - self._failures[0] >= self.window:
            self._failures.popleft()
        if len(self._failures) < self.limit:
            return 0
        return max(1, int(self._failures[0] + self.window - now + 0.999))

    def failed(self, now: float) -> None:
        self._failures.append(now)
