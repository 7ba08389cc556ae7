"""`make bench`: measure the platform's hot paths on synthetic data in a throwaway database.

Writes bench/results/latest.json and prints a table. See bench/README.md for what each figure
means and why its target is what it is.
"""

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"

AUDIT_EVENTS = 50_000
AUDIT_RECORDED = 1_000  # of which written one by one through the service
VERIFY_TARGET = 200_000  # events/s
SUBTREE_RUNS = 200
SUBTREE_TARGET_MS = 5.0  # p95 of one county-sized subtree count


def setup_django(var_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "xuncha.settings"
    os.environ["XUNCHA_VAR_DIR"] = var_dir
    os.environ["XUNCHA_ENV"] = "development"
    for name in ("DATABASE_URL", "XUNCHA_DEBUG"):
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))
    return ordered[rank]


# --- (a) Audit chain ------------------------------------------------------------------------


def write_audit_events(total: int, recorded: int) -> float:
    """Write `total` chained events: the first `recorded` through `record` (the service every
    write uses), the rest through a bulk path that computes the same hashes. Returns the rate of
    `record` in events/s."""
    from django.db import transaction

    from xuncha.audit.chain import GENESIS, event_hash
    from xuncha.audit.models import AuditChainHead, AuditEvent, EventType
    from xuncha.audit.services import _chained_values, record

    types = [
        EventType.UNIT_VIEWED,
        EventType.LOGIN,
        EventType.UNIT_UPDATED,
        EventType.ROLE_ASSIGNED,
    ]
    t0 = time.perf_counter()
    with transaction.atomic():
        for i in range(recorded):
            record(
                types[i % len(types)],
                object_type="orgs.unit",
                object_id=i,
                changes={"name": ["甲一县委", f"甲一县委（{i}）"]},
                reason="基准测试",
            )
    record_rate = recorded / (time.perf_counter() - t0)

    head = AuditChainHead.objects.get(pk=1)
    seq, prev = head.seq, head.hash or GENESIS
    start = datetime.now(UTC)
    batch: list[AuditEvent] = []
    with transaction.atomic():
        for i in range(total - recorded):
            seq += 1
            event = AuditEvent(
                seq=seq,
                occurred_at=start + timedelta(milliseconds=i, microseconds=i % 997),
                actor_name=f"user{i % 300}",
                actor_role="office_staff",
                event_type=str(types[i % len(types)]),
                object_type="orgs.unit",
                object_id=str(i % 30_000),
                changes={"name": ["甲一县委", f"甲一县委（{i}）"]} if i % 5 == 0 else {},
                reason="",
                request_id=f"{i:032x}",
                source_address=f"10.0.{i % 256}.{i % 200 + 1}",
                channel="web",
                result="success",
            )
            event.prev_hash = prev
            event.hash = prev = event_hash(prev, _chained_values(event))
            batch.append(event)
            if len(batch) == 5_000:
                AuditEvent.objects.bulk_create(batch)
                batch = []
        AuditEvent.objects.bulk_create(batch)
        AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return record_rate


def bench_audit(results: dict) -> None:
    from xuncha.audit.chain import verify_chain

    record_rate = write_audit_events(AUDIT_EVENTS, AUDIT_RECORDED)
    rates = []
    for _ in range(3):
        t0 = time.perf_counter()
        verdict = verify_chain()
        elapsed = time.perf_counter() - t0
        if not verdict.ok or verdict.checked != AUDIT_EVENTS:
            sys.exit(f"bench: the synthetic audit chain does not verify: {verdict}")
        rates.append(verdict.checked / elapsed)
    rate = statistics.median(rates)
    results["audit.verify_chain"] = {
        "value": round(rate),
        "unit": "events/s",
        "target": VERIFY_TARGET,
        "ok": rate >= VERIFY_TARGET,
        "detail": f"median of 3 full verifications of {AUDIT_EVENTS:,} events",
    }
    results["audit.record"] = {
        "value": round(record_rate),
        "unit": "events/s",
        "target": None,
        "ok": None,
        "detail": f"{AUDIT_RECORDED:,} calls of audit.services.record in one transaction",
    }


# --- (b) Organization subtree ---------------------------------------------------------------

CITIES = 15
COUNTIES_PER_CITY = 10
DEPARTMENTS_PER_COUNTY = 60
TOWNSHIPS_PER_COUNTY = 12
VILLAGES_PER_TOWNSHIP = 10


def build_tree() -> tuple[int, str]:
    """A province of about 29,000 units; returns the unit count and one county's path.

    Ids are given here, so each path (the ancestors' ids, STEP digits each) is known before the
    rows are written, and the whole tree goes in with bulk inserts."""
    from django.db import transaction

    from xuncha.orgs.models import Level, Unit, UnitKind
    from xuncha.orgs.tree import step

    units: list[Unit] = []
    next_id = 0

    def add(name: str, parent: Unit | None, level: str, kind: str) -> Unit:
        nonlocal next_id
        next_id += 1
        unit = Unit(
            id=next_id,
            code=f"B{next_id:07d}",
            name=name,
            short_name=name[:60],
            level=level,
            kind=kind,
            parent=parent,
            depth=0 if parent is None else parent.depth + 1,
            path=(parent.path if parent else "") + step(next_id),
            has_office=kind == UnitKind.PARTY_COMMITTEE,
        )
        units.append(unit)
        return unit

    province = add("测试省委", None, Level.PROVINCE, UnitKind.PARTY_COMMITTEE)
    county_path = ""
    for c in range(CITIES):
        city = add(f"第{c + 1}市委", province, Level.CITY, UnitKind.PARTY_COMMITTEE)
        for k in range(COUNTIES_PER_CITY):
            county = add(f"第{c + 1}市第{k + 1}县委", city, Level.COUNTY, UnitKind.PARTY_COMMITTEE)
            if c == CITIES // 2 and k == COUNTIES_PER_CITY // 2:
                county_path = county.path
            for d in range(DEPARTMENTS_PER_COUNTY):
                add(f"{county.name}第{d + 1}局", county, Level.COUNTY, UnitKind.DEPARTMENT)
            for t in range(TOWNSHIPS_PER_COUNTY):
                town = add(
                    f"{county.name}第{t + 1}镇党委",
                    county,
                    Level.TOWNSHIP,
                    UnitKind.TOWNSHIP_COMMITTEE,
                )
                for v in range(VILLAGES_PER_TOWNSHIP):
                    add(
                        f"{town.name}第{v + 1}村党支部",
                        town,
                        Level.VILLAGE,
                        UnitKind.VILLAGE_COMMITTEE,
                    )
    with transaction.atomic():
        Unit.objects.bulk_create(units, batch_size=2_000)
    return len(units), county_path


def bench_subtree(results: dict) -> None:
    from django.db import connection

    from xuncha.orgs.models import Unit
    from xuncha.orgs.tree import subtree_q

    total, county_path = build_tree()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    size = Unit.objects.filter(subtree_q(county_path)).count()
    timings = []
    for _ in range(SUBTREE_RUNS):
        t0 = time.perf_counter()
        Unit.objects.filter(subtree_q(county_path)).count()
        timings.append((time.perf_counter() - t0) * 1000)
    detail = f"{size} units under one county in a tree of {total:,}; {SUBTREE_RUNS} runs"
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    results["orgs.subtree_count.p50"] = {
        "value": round(p50, 3),
        "unit": "ms",
        "target": None,
        "ok": None,
        "detail": detail,
    }
    results["orgs.subtree_count.p95"] = {
        "value": round(p95, 3),
        "unit": "ms",
        "target": SUBTREE_TARGET_MS,
        "ok": p95 <= SUBTREE_TARGET_MS,
        "detail": detail,
    }


# --- Report ---------------------------------------------------------------------------------


def machine() -> dict:
    import sqlite3

    import django

    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def print_table(results: dict) -> None:
    print(f"\n{'benchmark':<26} {'value':>14}  {'unit':<9} {'target':>10}  verdict")
    print("-" * 72)
    for name, r in results.items():
        if name == "machine":
            continue
        target = "" if r["target"] is None else f"{r['target']:,}"
        if r["ok"] is None:
            verdict = "(info)"
        elif r["ok"]:
            verdict = "ok"
        else:
            verdict = f"MISSED ({r['value']:,} {r['unit']} against {target})"
        print(f"{name:<26} {r['value']:>14,}  {r['unit']:<9} {target:>10}  {verdict}")
        print(f"{'':<26} {r['detail']}")
    m = results["machine"]
    print(
        f"\n{m['cpu_count']} cores, Python {m['python']}, Django {m['django']}, "
        f"SQLite {m['sqlite']}, {m['platform']}"
    )


def main() -> None:
    started = time.perf_counter()
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="xuncha-bench-") as var_dir:
        setup_django(var_dir)
        bench_audit(results)
        bench_subtree(results)
        __import__("bench.formation").formation.bench_formation(results)
        __import__("bench.reports").reports.bench_reports(results)
        from django.db import connections

        connections.close_all()
    results["machine"] = machine()
    results["machine"]["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.parent.mkdir(exist_ok=True)
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)
    print_table(results)
    print(f"\nWrote {RESULTS} in {results['machine']['seconds']} s")


if __name__ == "__main__":
    main()
