from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.pages_api import pages_api
from config.api import api
from config.health import healthz
from config.site_views import exported_site

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    # cms: Wagtail's generic pages API; before "api/" so that the ninja API does not shadow it.
    path("api/v2/", pages_api.urls),
    path("api/", api.urls),
    # Wagtail's own page rendering (previews, "view live"); the public site is the export.
    path("pages/", include(wagtail_urls)),
    re_path(r"^(?P<path>.*)$", exported_site, name="exported-site"),
]
