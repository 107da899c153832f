from django.urls import path

from . import views

app_name = "useradmin"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_new, name="new"),
    path("import/", views.user_import, name="import"),
    path("import/template/", views.user_import_template, name="import_template"),
    path("<int:pk>/", views.user_edit, name="edit"),
]
