"""Sessions for tests and benchmarks (bench/ imports these too)."""
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import two_factor


def sign_in_verified(client, user, device) -> None:
    """Sign `client` in as `user` with a session that has given the code of `device`, a confirmed authenticator (as
    accounts.two_factor leaves a session after the code): what production requires of admins and reviewers."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.HAS_DEVICE] = True
    session.save()
