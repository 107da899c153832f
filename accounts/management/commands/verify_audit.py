"""manage.py verify_audit: check the audit log's hash chain and name the first broken row."""
from django.core.management.base import BaseCommand, CommandError

from accounts.audit_chain import seal_pending, verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (docs/security.md); exits with an error at the first broken row."

    def add_arguments(self, parser):
        parser.add_argument("--seal", action="store_true",
                            help="seal committed rows that are not in the chain yet before verifying")

    def handle(self, *args, seal=False, **options):
        if seal:
            self.stdout.write(f"sealed {seal_pending()} rows")
        verdict = verify()
        if not verdict.ok:
            raise CommandError(
                f"审计链在第 {verdict.broken_seq} 条（审计记录 #{verdict.broken_id}）处断开 / audit chain broken at "
                f"seal number {verdict.broken_seq}, audit record #{verdict.broken_id}: {verdict.reason}. "
                f"{verdict.checked} rows before it are intact.")
        self.stdout.write(self.style.SUCCESS(
            f"审计链完整 / audit chain intact: {verdict.checked} rows, head #{verdict.head_seq} {verdict.head_hash}"))
        if verdict.unsealed:
            self.stdout.write(f"{verdict.unsealed} rows not sealed yet (sealed after commit, or by the beat task "
                              "accounts.tasks.seal_audit_log; run with --seal)")
