"""How fast one user may post: a burst of 5, then one every 10 seconds (a token bucket).

Kept in Flask-Limiter's storage (RATELIMIT_STORAGE_URI: memory on a laptop, Redis when several app
instances run), so every instance counts the same posts. The bucket is held as one number, its
"theoretical arrival time" in milliseconds (GCRA): a post is allowed while that time is no more
than burst x interval ahead of now, and each post moves it one interval on. Moving windows cannot
say "burst, then steady" exactly; this can, with one read and one atomic increment per post.
"""

import time
from dataclasses import dataclass

from flask import current_app

from lms.core.extensions import limiter

BURST = 5
INTERVAL_SECONDS = 10
# The key only has to outlive a full bucket; a day is ample and keeps idle keys from piling up.
KEY_EXPIRY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PostingRate:
    storage: object  # a limits Storage: get(key) and an atomic incr(key, expiry, amount)
    burst: int = BURST
    interval_ms: int = INTERVAL_SECONDS * 1000

    def take(self, user_id: int, now: float | None = None) -> float:
        """Claim a post for the user. 0 when allowed; otherwise how many seconds to wait (nothing claimed)."""
        key = f"lms-posting:{user_id}"
        now_ms = int((time.time() if now is None else now) * 1000)
        limit_ms = self.burst * self.interval_ms
        tat = self.storage.get(key)
        new_tat = max(tat, now_ms) + self.interval_ms
        if new_tat - now_ms > limit_ms:
            return self._seconds(new_tat - now_ms - limit_ms)
        step = new_tat - tat
        stored = self.storage.incr(key, KEY_EXPIRY_SECONDS, step)
        if stored - now_ms > limit_ms:
            # Another post of the same user landed between the read and the increment and took
            # the last place: give ours back and refuse.
            self.storage.incr(key, KEY_EXPIRY_SECONDS, -step)
            return self._seconds(min(stored - now_ms - limit_ms, self.interval_ms))
        return 0.0

    @staticmethod
    def _seconds(ms: int) -> float:
        return max(ms, 1) / 1000


def posting_rate() -> PostingRate | None:
    """The app's posting rate, or None when rate limiting is switched off (RATELIMIT_ENABLED=False)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    return PostingRate(
        limiter.storage,
        current_app.config.get("LMS_POST_BURST", BURST),
        int(current_app.config.get("LMS_POST_INTERVAL_SECONDS", INTERVAL_SECONDS) * 1000),
    )
