"""The read-only open-data API, mounted at /api/ outside the translated URL patterns.

/api/v1/...   the endpoints (JSON)
/api/schema/  the OpenAPI 3 document (YAML, or JSON with ?format=json)
/api/docs/    Swagger UI, served with this site's own copy of its files (drf-spectacular-sidecar)
"""

from django.conf import settings
from django.urls import include, path
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import ValidationError
from rest_framework.routers import DefaultRouter

from opendata.agreements import (
    ActivityViewSet,
    AgreementViewSet,
    AttachmentViewSet,
    CoverageViewSet,
    DutyViewSet,
    RenewalViewSet,
)
from opendata.budgets import AllocationViewSet
from opendata.geography import ProvinceViewSet, RegionViewSet
from opendata.partners import OrganisationViewSet
from opendata.proposals import EventViewSet, ProposalViewSet

app_name = "api"

router = DefaultRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("activities", ActivityViewSet, basename="activity")
router.register("allocations", AllocationViewSet, basename="allocation")
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("coverage", CoverageViewSet, basename="coverage")
router.register("duties", DutyViewSet, basename="duty")
router.register("events", EventViewSet, basename="event")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("provinces", ProvinceViewSet, basename="province")
router.register("regions", RegionViewSet, basename="region")
router.register("renewals", RenewalViewSet, basename="renewal")


# The API's one version, as in its addresses (/api/v1/): the only `?version=` the schema accepts.
API_VERSIONS = ["v1"]


class SchemaView(SpectacularAPIView):
    """The OpenAPI document in English, like its field names; `?lang=th` gives Thai labels.

    Without this the site's default language (Thai) would mix Thai labels into English text.
    `?version=` and `?lang=` are checked here: drf-spectacular would put any version into the
    file name header and pass any language to Django.
    """

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        errors = {}
        if (request.GET.get("version") or API_VERSIONS[0]) not in API_VERSIONS:
            errors["version"] = [_("Unknown version; known: %s.") % ", ".join(API_VERSIONS)]
        if (request.GET.get("lang") or settings.LANGUAGE_CODE) not in dict(settings.LANGUAGES):
            errors["lang"] = [
                _("Unknown language; known: %s.") % ", ".join(dict(settings.LANGUAGES))
            ]
        if errors:
            raise ValidationError(errors)
        with translation.override("en"):
            return super().get(request, *args, **kwargs)


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file rather than inline, and our template
    # drops the inline style: the page works under a strict Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
