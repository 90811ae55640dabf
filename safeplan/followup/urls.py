"""Pages for follow-up between sessions (included at the site root)."""

from __future__ import annotations

from django.urls import path

from safeplan.followup import portal_views, public_views, settings_views, views

app_name = "followup"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/acknowledge/",
        views.notification_acknowledge,
        name="acknowledge",
    ),
    path("clients/<int:client_id>/check-ins/", views.client_checkins, name="checkins"),
    path(
        "clients/<int:client_id>/check-ins/phone/",
        views.record_phone_checkin,
        name="phone_checkin",
    ),
    path(
        "clients/<int:client_id>/check-ins/<int:checkin_id>/close/",
        views.close_checkin,
        name="close_checkin",
    ),
    path("clients/<int:client_id>/caring/", views.client_caring, name="caring"),
    path(
        "clients/<int:client_id>/caring/<int:series_id>/stop/",
        views.stop_caring,
        name="stop_caring",
    ),
    path("clients/<int:client_id>/messages/", views.client_messages, name="messages"),
    path("settings/caring-contacts/", settings_views.caring_texts, name="caring_texts"),
    path("settings/calendar/", settings_views.calendar_settings, name="calendar_settings"),
    path("portal/check-in/", portal_views.checkin_page, name="portal_checkin"),
    path("portal/messages/", portal_views.messages_page, name="portal_messages"),
    path("portal/caring/stop/", portal_views.stop_caring, name="portal_stop_caring"),
    path("caring/stop/<str:token>/", public_views.opt_out, name="opt_out"),
    path("calendar/<str:secret>.ics", public_views.calendar, name="calendar"),
]
