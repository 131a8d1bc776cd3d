from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from agreements.views import attachment_file
from budgets.views import BudgetView, allocation_export, budget_summary_export
from proposals.views import step_evidence
from public.feeds import AgreementFeed, ProposalStepFeed, ProvinceAgreementFeed
from public.sitemaps import sitemap_index, sitemap_section
from public.views import (
    AgreementDetailView,
    AgreementListView,
    AgreementPDFView,
    EventDetailView,
    HomeView,
    OpenDataView,
    PartnerDetailView,
    PartnerListView,
    PartnershipDashboardView,
    ProposalDetailView,
    ProposalListView,
    ProvinceDetailView,
    RegionDetailView,
    agreement_export,
    favicon,
    partnership_export,
    robots_txt,
    social_image,
)

admin.site.site_header = _("CODI partnership registry")
admin.site.site_title = _("CODI partnership registry")
admin.site.index_title = _("Data entry")
# The agreement list needs the width more than a second menu does.
admin.site.enable_nav_sidebar = False

# Thai at the root, English under /en/ (prefix_default_language=False). The admin is inside the
# patterns too, so staff get it in Thai at /admin/ whatever their browser asks for.
urlpatterns = i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("regions/<str:code>/", RegionDetailView.as_view(), name="region-detail"),
    path("provinces/<slug:slug>/", ProvinceDetailView.as_view(), name="province-detail"),
    path("provinces/<slug:slug>/feed/", ProvinceAgreementFeed(), name="province-feed"),
    path("feeds/agreements/", AgreementFeed(), name="agreement-feed"),
    path("agreements/", AgreementListView.as_view(), name="agreement-list"),
    path("agreements/<int:pk>/", AgreementDetailView.as_view(), name="agreement-detail"),
    path("agreements/export.csv", agreement_export, {"extension": "csv"}, name="agreement-csv"),
    path("agreements/export.xlsx", agreement_export, {"extension": "xlsx"}, name="agreement-xlsx"),
    path("agreements/<int:pk>/export.pdf", AgreementPDFView.as_view(), name="agreement-pdf"),
    path("attachments/<int:pk>/", attachment_file, name="attachment-file"),
    path("proposals/", ProposalListView.as_view(), name="proposal-list"),
    path("proposals/<int:pk>/", ProposalDetailView.as_view(), name="proposal-detail"),
    path("events/<int:pk>/", EventDetailView.as_view(), name="event-detail"),
    path("feeds/proposals/", ProposalStepFeed(), name="proposal-feed"),
    # Under /attachments/: never in the page cache, and closed to crawlers (robots.txt).
    path("attachments/proposal-steps/<int:pk>/", step_evidence, name="proposal-evidence"),
    path("partners/", PartnerListView.as_view(), name="partner-list"),
    path("partners/<int:pk>/", PartnerDetailView.as_view(), name="partner-detail"),
    path("budgets/", BudgetView.as_view(), name="budget-list"),
    path("budgets/export.csv", allocation_export, {"extension": "csv"}, name="allocation-csv"),
    path("budgets/export.xlsx", allocation_export, {"extension": "xlsx"}, name="allocation-xlsx"),
    path("budgets/summary.xlsx", budget_summary_export, {"extension": "xlsx"}, name="summary-xlsx"),
    path("budgets/summary.pdf", budget_summary_export, {"extension": "pdf"}, name="summary-pdf"),
    path("partnerships/", PartnershipDashboardView.as_view(), name="partnership-dashboard"),
    path(
        "partnerships/export.csv", partnership_export, {"extension": "csv"}, name="partnership-csv"
    ),
    path(
        "partnerships/export.xlsx",
        partnership_export,
        {"extension": "xlsx"},
        name="partnership-xlsx",
    ),
    path("open-data/", OpenDataView.as_view(), name="open-data"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# The open-data API is not translated: one address per resource, outside i18n_patterns.
urlpatterns += [path("api/", include("codi_registry.api_urls"))]

# What browsers and crawlers look for at fixed addresses, one for every language: the sitemap
# lists each page in both languages itself (public/sitemaps.py).
urlpatterns += [
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
    path("social/site.png", social_image, {"kind": "site"}, name="social-site"),
    path(
        "social/provinces/<str:code>.png",
        social_image,
        {"kind": "provinces"},
        name="social-province",
    ),
    path("social/regions/<str:code>.png", social_image, {"kind": "regions"}, name="social-region"),
]

# Uploaded files are never served from MEDIA_URL: agreements/views.py:attachment_file checks
# who may see each one.

# JSON under /api/, the bilingual pages elsewhere (codi_registry/errors.py).
handler400 = "codi_registry.errors.bad_request"
handler404 = "codi_registry.errors.page_not_found"
handler500 = "codi_registry.errors.server_error"
