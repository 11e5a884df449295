"""A sync's live progress, published by the worker that runs it for every web process to show
(the status page's bar and counts), under the deployment's Redis prefix."""

from __future__ import annotations

import json
from datetime import datetime

from redis import Redis

from lawbooks.services.runner import RunState
from lawbooks.workers.lock import FirmKeys

STATE_TTL_S = 7 * 24 * 3600  # the last run's state outlives a week of quiet


def publish(redis: Redis, keys: FirmKeys, state: RunState) -> None:
    """What a worker's sync shows on the status page, for every web process to read."""
    redis.set(keys.progress(state.firm_id), json.dumps(state.as_json()), ex=STATE_TTL_S)


def published(redis: Redis, keys: FirmKeys, firm_id: int) -> RunState | None:
    raw = redis.get(keys.progress(firm_id))
    if raw is None:
        return None
    data = json.loads(raw)
    finished = data.get("finished_at")
    return RunState(firm_id, data["reason"], datetime.fromisoformat(data["started_at"]),
                    data["done"], data["failed"], data["current"],
                    datetime.fromisoformat(finished) if finished else None,
                    data["outcome"], data["message"])
