"""Who keeps the national checklists (copying, editing, publishing a national version)."""
from accounts.models import User


def can_edit_settings(user: User) -> bool:
    """National checklists are kept by superusers and national admins (a province's admins keep its own versions:
    services.checklists.can_edit_checklist; grade cut-offs and intervals are standards: standards/)."""
    return user.is_national_admin
