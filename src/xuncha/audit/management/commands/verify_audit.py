"""`xuncha verify_audit`: check the audit hash chain; exit 1 naming the first broken event."""

import sys
import time

from django.core.management.base import BaseCommand

from xuncha.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args, **options):
        started = time.perf_counter()
        verdict = verify_chain()
        elapsed = time.perf_counter() - started
        if verdict.ok:
            rate = verdict.checked / elapsed if elapsed > 0 else 0
            self.stdout.write(
                f"audit chain intact: {verdict.checked} events verified in {elapsed:.2f}s "
                f"({rate:,.0f} events/s)"
            )
            return
        self.stderr.write(f"audit chain BROKEN at {verdict.broken} "
                          f"({verdict.checked} events verified before it)")
        sys.exit(1)
