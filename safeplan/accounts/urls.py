from __future__ import annotations

from django.urls import path

from safeplan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.people_list, name="people"),
    path("new/", views.person_new, name="new"),
    path("<int:user_id>/", views.person_edit, name="edit"),
    path("<int:user_id>/active/", views.person_active, name="active"),
    path("<int:user_id>/reset-mfa/", views.person_reset_mfa, name="reset_mfa"),
]
