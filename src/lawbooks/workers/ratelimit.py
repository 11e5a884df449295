"""Token buckets kept in Redis, so that every worker of every host shares one allowance per
QBO realm (the database buckets of `store.ratelimit` share it within one database only, and
put a row lock on the hot path of every request).

Each take is one Lua script, atomic in Redis: refill by the time elapsed, then take the
tokens or answer how long to wait. Time is Redis's own (`TIME`), so the clocks of the
workers' hosts never disagree about a bucket.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis import Redis

from lawbooks.engine.ratelimit import EPSILON, Limits, Rate, SharedBucket, qbo_limits_of

# KEYS[1]: the bucket (a hash); ARGV: capacity, per second, tokens wanted, epsilon, key ttl.
# Returns the seconds to wait as a string: Lua numbers come back from Redis as integers.
TAKE = """
local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local wanted, epsilon = tonumber(ARGV[3]), tonumber(ARGV[4])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(bucket[1]) or capacity
local stamp = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= wanted - epsilon then
  tokens = math.max(0, tokens - wanted)
else
  wait = (wanted - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.9f', tokens),
           'stamp', string.format('%.6f', now))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return string.format('%.9f', wait)
"""


class RedisTokenBucket(SharedBucket):
    """A `Bucket` (see `engine.ratelimit`) whose state lives in one Redis hash."""

    def __init__(self, redis: Redis, key: str, rate: Rate,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._key, self._rate, self._sleep = key, rate, sleep
        self._script = redis.register_script(TAKE)
        # An idle bucket is full again after capacity / rate; let Redis forget it by then.
        self._ttl = int(rate.capacity / rate.per_second) + 60

    def _take(self, n: float) -> float:
        """Take `n` tokens if there; else the seconds to wait. One atomic script."""
        args = [self._rate.capacity, self._rate.per_second, n, EPSILON, self._ttl]
        return float(self._script(keys=[self._key], args=args))


def redis_qbo_limits(redis: Redis, realm_id: str, scale: float = 1.0,
                     prefix: str = "lawbooks:") -> Limits:
    """QBO's per-realm limits (`qbo_rates`) with every bucket in Redis."""
    return qbo_limits_of(lambda name, rate: RedisTokenBucket(
        redis, f"{prefix}qbo:{realm_id}:{name}", rate), scale)
