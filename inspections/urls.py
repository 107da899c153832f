"""Pages of inspections under /inspections/ (included by tuoyu_portal.urls)."""
from django.urls import path

from .views import manage, orders, visits

app_name = "inspections"

urlpatterns = [
    path("", visits.home, name="home"),
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/export.<str:fmt>", visits.visit_list_export, name="visit_list_export"),
    path("visits/<int:pk>/export.<str:fmt>", visits.visit_export, name="visit_export"),
    path("start/<int:institution_pk>/", visits.visit_start, name="visit_start"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/begin/", visits.visit_begin, name="visit_begin"),
    path("visits/<int:pk>/cancel/", visits.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/items/<int:item_id>/", visits.visit_answer, name="visit_answer"),
    path("visits/<int:pk>/finish/", visits.visit_finish, name="visit_finish"),
    path("visits/<int:pk>/photos/<int:photo_id>/", visits.photo_file, name="photo"),
    path("visits/<int:pk>/photos/<int:photo_id>/delete/", visits.photo_delete, name="photo_delete"),
    path("visits/<int:pk>/rectification/", visits.order_issue, name="order_issue"),
    path("rectifications/", orders.order_list, name="order_list"),
    path("rectifications/<int:pk>/", orders.order_detail, name="order_detail"),
    path("rectifications/<int:pk>/notice/", orders.order_notice, name="order_notice"),
    path("rectifications/<int:pk>/evidence/", orders.order_evidence, name="order_evidence"),
    path("rectifications/<int:pk>/verify/", orders.order_verify, name="order_verify"),
    path("rectifications/<int:pk>/follow-up/", orders.order_follow_up, name="order_follow_up"),
    path("rectifications/<int:pk>/files/<int:file_id>/", orders.evidence_file, name="evidence_file"),
    path("checklists/", manage.checklist_list, name="checklist_list"),
    path("checklists/<int:pk>/", manage.checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/sections/<int:section_pk>/", manage.checklist_section, name="checklist_section"),
    path("settings/", manage.settings_page, name="settings"),
]
