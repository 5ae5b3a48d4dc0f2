"""Route finder URLs (owned by the route-finder work)."""

urlpatterns: list = []
