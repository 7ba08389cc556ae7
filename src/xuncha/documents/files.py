"""Files written inside a database transaction, removed again if the transaction rolls back.

Django runs callbacks on commit but has no hook for a rollback: it simply drops the callbacks
registered since (`run_on_commit` is cleared on rollback, filtered on a savepoint rollback).
`save_in_transaction` registers an on-commit callback that marks the file as kept and attaches
a finalizer to that callback: when the callback is dropped without having run, the file is
deleted. A document row that never commits leaves no file behind, and a file is never deleted
under a row that did commit.
"""

import weakref

from django.core.files.base import ContentFile
from django.db import transaction


def _drop_unless_kept(storage, name: str, state: dict) -> None:
    if not state["kept"]:
        storage.delete(name)


class _KeepOnCommit:
    __slots__ = ("__weakref__", "state")

    def __init__(self, storage, name: str):
        self.state = {"kept": False}
        weakref.finalize(self, _drop_unless_kept, storage, name, self.state)

    def __call__(self) -> None:
        self.state["kept"] = True


def save_in_transaction(fieldfile, name: str, content: bytes, *, using: str | None = None):
    """Save `content` to a FileField of an unsaved row (`fieldfile.save(..., save=False)`);
    the file is deleted if the surrounding transaction does not commit. Call inside
    `transaction.atomic()`."""
    fieldfile.save(name, ContentFile(content), save=False)
    transaction.on_commit(_KeepOnCommit(fieldfile.storage, fieldfile.name), using=using)
    return fieldfile.name
