from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path
from django.views.generic import TemplateView

# Thai at the root, English under /en/ (prefix_default_language=False). The admin is inside the
# patterns too, so staff get it in Thai at /admin/ whatever their browser asks for.
urlpatterns = i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
