"""The satisfaction survey's public pages (namespace ``quality``)."""

from django.urls import path

from sendresolve.quality import survey_views

app_name = "quality"

urlpatterns = [
    path("thank-you/", survey_views.survey_thanks, name="survey-thanks"),
    path("<str:token>/", survey_views.survey_page, name="survey"),
]
