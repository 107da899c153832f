"""The password backend: Django's ModelBackend, with the user's region loaded with the user, from the shared cache.

Every page reads `request.user.region` (the navigation bar shows it, the scope checks use its code): loading it
in the same query as the user saves a query on every request of a logged-in user (list pages at national
scale, issue 12 point 14). Sessions made under django.contrib.auth.backends.ModelBackend end once when this
replaced it (their users log in again). The user is read through `accounts.authcache`: from the shared cache,
which any change of the user replaces at once.
"""
from django.contrib.auth import backends

from . import authcache


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = authcache.user(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
