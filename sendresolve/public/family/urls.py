"""Online requests, status links, feedback and alternative formats (owned by that work)."""

urlpatterns: list = []
