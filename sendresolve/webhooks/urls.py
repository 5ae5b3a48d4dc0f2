"""Staff webhook pages, under /staff/webhooks/ (in the ``staff`` namespace, ``webhook-*``)."""

from django.urls import path

from sendresolve.webhooks import views

urlpatterns = [
    path("", views.endpoint_list, name="webhooks"),
    path("new/", views.endpoint_new, name="webhook-new"),
    path("<int:endpoint_id>/", views.endpoint_page, name="webhook"),
    path("<int:endpoint_id>/rotate/", views.endpoint_rotate_view, name="webhook-rotate"),
    path("<int:endpoint_id>/delete/", views.endpoint_delete_view, name="webhook-delete"),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/",
        views.delivery_page,
        name="webhook-delivery",
    ),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/replay/",
        views.delivery_replay_view,
        name="webhook-replay",
    ),
]
