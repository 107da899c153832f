"""Create the shipped checklists (version 1 of each kind) where a kind has none yet; safe to run again."""
from django.core.management.base import BaseCommand

from inspections.seed import seed_checklists


class Command(BaseCommand):
    help = "Create the shipped inspection checklists (idempotent: kinds that already have one are left alone)."

    def handle(self, *args, **options):
        created = seed_checklists()
        self.stdout.write(self.style.SUCCESS(f"checklists created: {created}"))
