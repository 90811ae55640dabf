"""Pages of the safety plan: the care team's under /clients/<id>/plan/, the client's under /portal/plan/.

The offline app's files (/portal/sw.js, /portal/manifest.webmanifest, /portal/offline/) live here too; the
portal app owns /portal/, /portal/login/, /portal/logout/ and /portal/invite/….
"""

from __future__ import annotations

from django.urls import path

from safeplan.plans import means_views, portal_views, pwa, views

app_name = "plans"
urlpatterns = [
    path("clients/<int:client_id>/plan/", views.plan_page, name="plan"),
    path(
        "clients/<int:client_id>/means-counselling/",
        means_views.counselling_page,
        name="means_counselling",
    ),
    path(
        "clients/<int:client_id>/means-counselling/<int:record_id>/check/",
        means_views.check_outcome,
        name="means_check",
    ),
    path("clients/<int:client_id>/plan/edit/", views.plan_edit, name="edit"),
    path("clients/<int:client_id>/plan/sign/", views.plan_sign, name="sign"),
    path("clients/<int:client_id>/plan/history/", views.plan_history, name="history"),
    path(
        "clients/<int:client_id>/plan/versions/<int:number>/",
        views.plan_version,
        name="version",
    ),
    path("clients/<int:client_id>/plan/diff/", views.plan_diff, name="diff"),
    path(
        "clients/<int:client_id>/plan/proposals/<int:proposal_id>/",
        views.proposal_page,
        name="proposal",
    ),
    path("portal/plan/", portal_views.my_plan, name="portal_plan"),
    path("portal/plan/print/", portal_views.print_plan, name="portal_print"),
    path("portal/plan/plan.pdf", portal_views.plan_pdf, name="portal_pdf"),
    path("portal/plan/wallet-card.pdf", portal_views.wallet_card, name="portal_wallet_card"),
    path("portal/plan/propose/", portal_views.propose, name="portal_propose"),
    path("portal/plan/sign/", portal_views.sign, name="portal_sign"),
    path(
        "portal/plan/proposals/<int:proposal_id>/",
        portal_views.proposal_reply,
        name="portal_proposal",
    ),
    path("portal/sw.js", pwa.service_worker, name="service_worker"),
    path("portal/manifest.webmanifest", pwa.manifest, name="manifest"),
    path("portal/offline/", pwa.offline, name="offline"),
]
