"""Discord's rate limits as the emulator enforces them (when ``Emulator(rate_limits=True)``).

What Discord documents and what bots observe (shared/DISCORD-OFFLINE.md):
- a global limit of 50 requests per second per bot, which interaction endpoints (the callback and the
  webhook routes with an interaction token) are exempt from; a global 429 says so
  (``X-RateLimit-Global``, scope ``global``) and its ``retry_after`` is the rest of the second;
- per-route buckets, keyed by the route's top-level resource (channel, guild, webhook + token, or the
  interaction itself), some shared by several routes (one ``X-RateLimit-Bucket`` hash), each with
  ``X-RateLimit-Limit``/``-Remaining``/``-Reset``/``-Reset-After``;
- the invalid-request limit: 10,000 answers of 401, 403 or 429 (except scope ``shared``) in 10
  minutes, and then Cloudflare refuses every request for a while (a 429 without ``Via``, not JSON).

The per-route values are those commonly observed (Discord says not to hard-code them, and discord.py
does not: it learns them from the headers). A route not listed gets a bucket of its own with
``DEFAULT``'s values (Discord shares a bucket between only a few routes).
``time_scale`` shrinks every window so tests can see a bucket run out without waiting seconds.
"""

from __future__ import annotations

import collections
import hashlib
import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Bucket:
    """A per-route limit: `limit` requests per `per_s` seconds for each top-level resource."""

    name: str
    limit: int
    per_s: float

    @property
    def hash(self) -> str:
        return hashlib.sha1(self.name.encode()).hexdigest()[:32]


MESSAGES = "/channels/{channel_id}/messages"
MESSAGE = MESSAGES + "/{message_id}"
REACTION = MESSAGE + "/reactions/{emoji_name}/@me"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"

DEFAULT = Bucket("default", 5, 5.0)
_SEND = Bucket("channel messages create", 5, 5.0)
_EDIT = Bucket("channel messages edit", 5, 5.0)
_DELETE = Bucket("channel messages delete", 5, 1.0)
_REACT = Bucket("channel message reactions", 1, 0.25)
_PINS = Bucket("channel pins", 5, 5.0)
_ROLES = Bucket("guild member roles", 10, 10.0)
_DMS = Bucket("user dm channels", 10, 1.0)  # not observed closely; generous on purpose
_CALLBACK = Bucket("interaction callback", 5, 5.0)
_FOLLOWUP = Bucket("interaction webhook", 5, 2.0)

ROUTES: dict[tuple[str, str], Bucket] = {
    ("POST", MESSAGES): _SEND,
    ("PATCH", MESSAGE): _EDIT,
    ("DELETE", MESSAGE): _DELETE,
    ("PUT", REACTION): _REACT,
    ("DELETE", REACTION): _REACT,
    ("PUT", "/channels/{channel_id}/messages/pins/{message_id}"): _PINS,
    ("DELETE", "/channels/{channel_id}/messages/pins/{message_id}"): _PINS,
    ("PUT", "/channels/{channel_id}/pins/{message_id}"): _PINS,
    ("DELETE", "/channels/{channel_id}/pins/{message_id}"): _PINS,
    ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"): _ROLES,
    ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"): _ROLES,
    ("POST", "/users/@me/channels"): _DMS,
    ("POST", CALLBACK): _CALLBACK,
}

GLOBAL_PER_S = 50
INVALID_LIMIT = 10_000
INVALID_WINDOW_S = 600.0
BAN_S = 3600.0


def is_interaction_route(template: str, params: dict[str, str], application_id: int) -> bool:
    """The interaction callback and the webhook routes used with an interaction token."""
    if template == CALLBACK:
        return True
    return template.startswith("/webhooks/{webhook_id}/{webhook_token}") and params.get(
        "webhook_id"
    ) == str(application_id)


@dataclass
class Verdict:
    """What the limiter says of one request: headers to send, and a 429 if refused."""

    headers: dict[str, str]
    retry_after: float | None = None
    is_global: bool = False


class RateLimiter:
    """Global and per-route limits, and the invalid-request count that ends in a ban."""

    def __init__(
        self,
        *,
        global_per_s: int = GLOBAL_PER_S,
        routes: dict[tuple[str, str], Bucket] | None = None,
        default: Bucket = DEFAULT,
        time_scale: float = 1.0,
        invalid_limit: int = INVALID_LIMIT,
        invalid_window_s: float = INVALID_WINDOW_S,
        ban_s: float = BAN_S,
    ) -> None:
        self.global_per_s = global_per_s
        self.routes = dict(ROUTES if routes is None else routes)
        self.default = default
        self.time_scale = time_scale
        self.invalid_limit = invalid_limit
        self.invalid_window_s = invalid_window_s
        self.ban_s = ban_s
        self._global_window = (0.0, 0)  # (window start, requests in it)
        self._buckets: dict[str, tuple[float, int]] = {}  # key -> (reset_at, used)
        self._invalid: collections.deque[float] = collections.deque()
        self.invalid_total = 0  # every 401/403/429 answered, whatever the window
        self.rate_limited = 0  # 429s the limiter itself answered
        self.banned_until = 0.0
        self.bans = 0

    def bucket_for(self, method: str, template: str) -> Bucket:
        bucket = self.routes.get((method, template))
        if bucket is None:
            name = f"{method} {template}"
            bucket = self.routes[method, template] = Bucket(
                name, self.default.limit, self.default.per_s
            )
        return bucket

    # -- the invalid-request limit ---------------------------------------------------------------

    def banned(self, now: float | None = None) -> bool:
        return (time.monotonic() if now is None else now) < self.banned_until

    def count_answer(self, status: int, *, shared: bool = False) -> bool:
        """Count an answer the bot got; True when this one starts a ban."""
        if status not in (401, 403, 429) or (status == 429 and shared):
            return False
        now = time.monotonic()
        self.invalid_total += 1
        self._invalid.append(now)
        while self._invalid and now - self._invalid[0] > self.invalid_window_s:
            self._invalid.popleft()
        if len(self._invalid) >= self.invalid_limit and not self.banned(now):
            self.banned_until = now + self.ban_s
            self.bans += 1
            self._invalid.clear()
            return True
        return False

    # -- one request -----------------------------------------------------------------------------

    def check(self, method: str, template: str, major: str, *, exempt_global: bool) -> Verdict:
        now = time.monotonic()
        bucket = self.bucket_for(method, template)
        window = bucket.per_s * self.time_scale
        key = f"{bucket.name}:{major}"
        reset_at, used = self._buckets.get(key, (now + window, 0))
        if now >= reset_at:
            reset_at, used = now + window, 0
        reset_after = reset_at - now
        headers = {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Bucket": bucket.hash,
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        }
        if not exempt_global:
            start, count = self._global_window
            if now - start >= 1.0:
                start, count = now, 0
            if count >= self.global_per_s:
                # Discord's answer to a global 429: wait out the rest of this second.
                self.rate_limited += 1
                return Verdict({}, max(start + 1.0 - now, 0.001), True)
        if used >= bucket.limit:
            headers["X-RateLimit-Remaining"] = "0"
            self.rate_limited += 1
            return Verdict(headers, reset_after)
        if not exempt_global:
            self._global_window = (start, count + 1)
        self._buckets[key] = (reset_at, used + 1)
        headers["X-RateLimit-Remaining"] = str(bucket.limit - used - 1)
        return Verdict(headers)


def rate_limited_body(verdict: Verdict) -> tuple[dict[str, object], dict[str, str]]:
    """The JSON body and headers of a 429 the way Discord sends them (through its proxy: Via)."""
    assert verdict.retry_after is not None
    scope = (
        {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"} if verdict.is_global else {}
    )
    headers = (
        verdict.headers
        | {"Via": "1.1 google", "Retry-After": str(math.ceil(verdict.retry_after))}
        | (scope or {"X-RateLimit-Scope": "user"})
    )
    body = {
        "message": "You are being rate limited.",
        "retry_after": round(verdict.retry_after, 3),
        "global": verdict.is_global,
    }
    return body, headers
