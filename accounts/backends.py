"""The password backend: Django's ModelBackend, with the user's region loaded with the user.

Every page reads `request.user.region` (the navigation bar shows it, the scope checks use its code): loading it
in the same query as the user saves a query on every request of a logged-in user (list pages at national
scale, issue 12 point 14). Sessions made under django.contrib.auth.backends.ModelBackend end once when this
replaced it (their users log in again).
"""
from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("region").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
