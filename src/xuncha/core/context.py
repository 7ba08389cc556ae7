"""Who is acting and from where, for the length of one request or one command.

The audit service reads this so that events written deep inside a service still carry the
request id and source address without passing them through every call.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ActionContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    source_address: str = ""
    channel: str = "system"  # web, api, command, system


_current: ContextVar[ActionContext | None] = ContextVar("xuncha_action_context", default=None)


def current() -> ActionContext:
    ctx = _current.get()
    return ctx if ctx is not None else ActionContext()


@contextmanager
def acting(ctx: ActionContext):
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
