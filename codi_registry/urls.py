from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from agreements.views import AgreementDetailView, AgreementListView
from budgets.views import BudgetView
from geography.views import HomeView, ProvinceDetailView, RegionDetailView
from partners.views import PartnerDetailView, PartnerListView

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
    path("agreements/", AgreementListView.as_view(), name="agreement-list"),
    path("agreements/<int:pk>/", AgreementDetailView.as_view(), name="agreement-detail"),
    path("partners/", PartnerListView.as_view(), name="partner-list"),
    path("partners/<int:pk>/", PartnerDetailView.as_view(), name="partner-detail"),
    path("budgets/", BudgetView.as_view(), name="budget-list"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
