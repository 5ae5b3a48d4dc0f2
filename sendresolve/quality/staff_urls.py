"""Staff quality pages, under /staff/quality/ (in the ``staff`` namespace, ``quality-*``)."""

from django.urls import path

from sendresolve.quality import staff_views

urlpatterns = [
    path("quality/", staff_views.home, name="quality"),
    path("quality/targets/<int:commission_id>/", staff_views.targets_edit, name="quality-targets"),
    path("quality/complaints/", staff_views.complaint_list, name="quality-complaints"),
    path("quality/complaints/new/", staff_views.complaint_new, name="quality-complaint-new"),
    path(
        "quality/complaints/<int:complaint_id>/",
        staff_views.complaint_detail,
        name="quality-complaint",
    ),
]
