from __future__ import annotations

from django.urls import path

from safeplan.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.portal_home, name="home"),
    path("login/", views.portal_login, name="login"),
    path("logout/", views.portal_logout, name="logout"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("language/", views.set_language, name="language"),
    path("invite/<str:secret>/", views.accept_invitation, name="invite"),
]
