"""Token buckets and sliding windows kept in Redis, so that every worker of every host shares
one allowance per QBO realm (the database limiters of `store.ratelimit` share it within one
database only, and put a row lock on the hot path of every request).

Each take is one Lua script, atomic in Redis: refill by the time elapsed (a bucket, in a
hash) or drop the takes that aged out (a window, in a sorted set), then take or answer how
long to wait. Time is Redis's own (`TIME`), so the clocks of the workers' hosts never
disagree about a limiter.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from redis import Redis

from lawbooks.engine.ratelimit import (
    EPSILON,
    Limits,
    Rate,
    SharedBucket,
    SharedWindow,
    Window,
    qbo_limits_of,
)

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


# KEYS[1]: the window (a sorted set of takes by time); ARGV: count, seconds, epsilon, a
# unique member for this take. Returns the seconds to wait, as TAKE does.
TAKE_SLOT = """
local count, seconds, epsilon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - seconds + epsilon)
local live = redis.call('ZCARD', KEYS[1])
if live < count then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(seconds * 1000) + 1000)
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], live - count, live - count, 'WITHSCORES')
return string.format('%.9f', math.max(epsilon, tonumber(oldest[2]) + seconds - now))
"""


# KEYS[1]: the window; ARGV: a take's member, the window's seconds. The take counts from
# now, Redis's clock (added again if it aged out while its call travelled).
ANSWERED = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000) + 1000)
return '0'
"""


class RedisSlidingWindow(SharedWindow):
    """A `Window` (see `engine.ratelimit`) whose takes live in one Redis sorted set."""

    def __init__(self, redis: Redis, key: str, shape: Window,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._key, self._shape, self._sleep = key, shape, sleep
        self._script = redis.register_script(TAKE_SLOT)
        self._answer = redis.register_script(ANSWERED)

    def _take_slot(self) -> tuple[float, object]:
        """Take a slot if the window has one (its member); else the seconds to wait. One
        atomic script."""
        member = uuid.uuid4().hex
        args: list[float | str] = [self._shape.count, self._shape.seconds, EPSILON, member]
        return float(self._script(keys=[self._key], args=args)), member

    def answered(self, slot: object) -> None:
        self._answer(keys=[self._key], args=[str(slot), self._shape.seconds])


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
    key = f"{prefix}qbo:{realm_id}:"
    return qbo_limits_of(lambda name, rate: RedisTokenBucket(redis, key + name, rate),
                         lambda name, window: RedisSlidingWindow(redis, key + name, window),
                         scale)
