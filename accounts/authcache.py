"""The signed-in user and their authenticator, read from the shared cache instead of the database on each request.

Every page a signed-in user opens loaded the user (with its region) and, for staff, the authenticator that
verified the session: two ORM reads, about 0.8 ms of each list page at national scale (issue 12, point 14). Both
are kept in the shared cache (Redis with CACHE_URL, so every web process sees a change at once) under the user's
id and the device's persistent id, and a change takes effect on the next request:

- a save (but the first) or delete of a user or of an authenticator (post_save, post_delete: deactivation, a new password, a role
  or region, a device removed or its throttling counters), and an UPDATE through `User.objects` (UserQuerySet),
  replace the entry by a marker at once and again after the commit;
- a reader that finds the marker reads the database and stores nothing, and a reader that finds nothing stores
  with `add`, never over a marker: a reader that read the old row just before a change cannot store it after the
  change (its read and its `add` are microseconds apart; the marker lasts MARKER_SECONDS, and until it expires
  the changed user is read from the database);
- nothing read inside a transaction of the portal's own code is stored (a rollback could still undo it);
- the user entry's key carries the regions' cache version (the user's region is stored with it).

A signed-in session's request reads both entries in one round trip (core.requestcache, with the unread-notice count).

Everything else about the user (`is_active`, the session's password hash) is checked on the cached copy exactly as
Django checks a freshly read one.
"""
import functools
import re

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core import requestcache
from core.tablecache import _in_transaction
from regions import cache as region_cache

SECONDS = 600  # an entry's life: any change replaces it before that
MARKER_SECONDS = 15  # longer than a read of the row and its `add` (microseconds apart) could ever be
MARKER = "changed"
PERSISTENT_ID = re.compile(r"[\w.]+/\d+")


def _user_key(pk) -> str:
    return f"auth:user:{region_cache.version()}:{pk}"


def _device_key(persistent_id: str) -> str:
    return f"auth:device:{persistent_id}"


def _read(key: str, load):
    value = requestcache.get(key)
    if value is not None and not isinstance(value, str):
        return value
    loaded = load()
    if value is None and loaded is not None and not _in_transaction():
        cache.add(key, loaded, SECONDS)
    return loaded


def mark_changed(keys: list[str]) -> None:
    requestcache.forget(keys)
    cache.set_many({key: MARKER for key in keys}, MARKER_SECONDS)


def _forget(keys: list[str]) -> None:
    if not keys:
        return
    mark_changed(keys)
    transaction.on_commit(functools.partial(mark_changed, keys))


def user(pk):
    """The user with this id and its region (None if there is none), as `select_related("region").get()`."""
    model = apps.get_model("accounts", "User")

    def load():
        return model._default_manager.select_related("region").filter(pk=pk).first()

    return _read(_user_key(pk), load)


def device(persistent_id: str):
    """django_otp's `Device.from_persistent_id` (None for an unknown or malformed id)."""
    from django_otp.models import Device

    if not PERSISTENT_ID.fullmatch(persistent_id):
        return Device.from_persistent_id(persistent_id)
    return _read(_device_key(persistent_id), lambda: Device.from_persistent_id(persistent_id))


def session_user_id(session):
    """The id of the user signed in to this session (as django.contrib.auth.get_user reads it), or None."""
    from django.contrib.auth import SESSION_KEY

    value = session.get(SESSION_KEY)
    if value is None:
        return None
    try:
        return apps.get_model("accounts", "User")._meta.pk.to_python(value)
    except ValidationError:
        return None


def session_keys(session) -> list[str]:
    """The keys a request of this session reads (core.requestcache prefetches them): its user, its authenticator."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.middleware import OTPMiddleware

    keys = []
    user_id = session_user_id(session)
    if user_id is not None:
        keys.append(_user_key(user_id))
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    if isinstance(persistent_id, str):
        persistent_id = OTPMiddleware._normalize_persistent_id(persistent_id)
        if PERSISTENT_ID.fullmatch(persistent_id):
            keys.append(_device_key(persistent_id))
    return keys


def forget_users(pks) -> None:
    _forget([_user_key(pk) for pk in pks])


def _user_changed(sender, instance, created=False, **kwargs) -> None:
    if not created:  # a new row: nobody can have read an older one
        forget_users([instance.pk])


def _device_changed(sender, instance, created=False, **kwargs) -> None:
    if not created:
        _forget([_device_key(instance.persistent_id)])


def connect() -> None:
    """Watch users and every installed kind of authenticator, and have their keys prefetched for each request of a
    signed-in session (AccountsConfig.ready)."""
    from django_otp.models import Device

    requestcache.register("authcache", session_keys)

    user_model = apps.get_model("accounts", "User")
    for signal in (post_save, post_delete):
        signal.connect(_user_changed, sender=user_model, dispatch_uid=f"authcache-user-{signal is post_save}")
    for model in apps.get_models():
        if issubclass(model, Device):
            for signal in (post_save, post_delete):
                signal.connect(_device_changed, sender=model,
                               dispatch_uid=f"authcache-{model._meta.label_lower}-{signal is post_save}")
