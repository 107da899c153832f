"""Periodic work of the accounts app."""
from celery import shared_task

from .audit_chain import seal_pending


@shared_task
def seal_audit_log() -> int:
    """Seal audit rows that missed their after-commit seal (a process stopped between commit and seal)."""
    return seal_pending()
