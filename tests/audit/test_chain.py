"""The audit chain detects a deleted, altered or inserted event, and nothing in the code can
change an event."""

import itertools
import json

import pytest
from django.core.management import call_command
from django.db import connection

from xuncha.audit.chain import GENESIS, event_hash, verify_chain
from xuncha.audit.models import AuditChainHead, AuditEvent, EventType
from xuncha.audit.services import record


@pytest.fixture
def chain(db):
    for i in range(6):
        record(EventType.UNIT_UPDATED, object_type="orgs.unit", object_id=i,
               changes={"name": [f"旧{i}", f"新{i}"]}, reason="测试")
    return list(AuditEvent.objects.order_by("seq"))


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_chain_verifies(chain):
    verdict = verify_chain()
    assert verdict.ok
    assert verdict.checked == 6
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5, 6]
    assert chain[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))


def test_deleted_row_in_the_middle_is_detected(chain):
    _sql("DELETE FROM audit_auditevent WHERE seq = 3")
    verdict = verify_chain()
    assert not verdict.ok
    assert verdict.broken.seq == 4
    assert "missing" in verdict.broken.problem


def test_deleted_last_row_is_detected_by_the_head(chain):
    _sql("DELETE FROM audit_auditevent WHERE seq = 6")
    verdict = verify_chain()
    assert not verdict.ok
    assert "deleted" in verdict.broken.problem


def test_altered_row_is_detected(chain):
    _sql("UPDATE audit_auditevent SET reason = %s WHERE seq = 2", ["篡改"])
    verdict = verify_chain()
    assert not verdict.ok
    assert verdict.broken.seq == 2
    assert "altered" in verdict.broken.problem


def test_altered_changes_json_is_detected(chain):
    _sql("UPDATE audit_auditevent SET changes = %s WHERE seq = 5",
         [json.dumps({"name": ["旧4", "改"]})])
    assert verify_chain().broken.seq == 5


def test_inserted_row_is_detected(chain):
    # An attacker without the key renumbers the tail and inserts a forged event with a
    # hash computed under a guessed key.
    last = chain[-1]
    forged_hash = event_hash(last.hash, (7, last.occurred_at), key=b"guess")
    _sql(
        "INSERT INTO audit_auditevent (seq, occurred_at, actor_name, actor_role, event_type, "
        "object_type, object_id, changes, reason, request_id, source_address, channel, result, "
        "prev_hash, hash) VALUES (7, %s, '', '', 'unit.updated', '', '', '{}', '', '', '', "
        "'', 'success', %s, %s)",
        [last.occurred_at, last.hash, forged_hash],
    )
    _sql("UPDATE audit_auditchainhead SET seq = 7, hash = %s WHERE id = 1", [forged_hash])
    verdict = verify_chain()
    assert not verdict.ok
    assert verdict.broken.seq == 7


def test_inserted_row_in_the_middle_is_detected(chain):
    _sql("UPDATE audit_auditevent SET seq = seq + 100 WHERE seq >= 4")
    verdict = verify_chain()
    assert not verdict.ok
    assert verdict.broken.seq == 104


def test_events_cannot_be_changed_or_deleted_through_the_orm(chain):
    event = chain[0]
    event.reason = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert verify_chain().ok


def test_rolled_back_transaction_takes_its_event_with_it(chain):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record(EventType.UNIT_CREATED, object_type="orgs.unit", object_id=99)
        raise RuntimeError
    assert AuditEvent.objects.count() == 6
    assert AuditChainHead.objects.get(pk=1).seq == 6
    record(EventType.UNIT_CREATED, object_type="orgs.unit", object_id=100)
    assert verify_chain().ok


def test_verify_audit_command_exits_non_zero_naming_the_event(chain, capsys):
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    _sql("DELETE FROM audit_auditevent WHERE seq = 2")
    with pytest.raises(SystemExit) as exc:
        call_command("verify_audit")
    assert exc.value.code == 1
    assert "#3" in capsys.readouterr().err


def test_event_records_request_context(db):
    from xuncha.core.context import ActionContext, acting

    with acting(ActionContext(request_id="abc123", source_address="10.1.2.3", channel="web")):
        event = record(EventType.UNIT_UPDATED, object_type="orgs.unit", object_id=1)
    assert (event.request_id, event.source_address, event.channel) == ("abc123", "10.1.2.3",
                                                                       "web")
