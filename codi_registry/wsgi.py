import os

from django.core.wsgi import get_wsgi_application

from codi_registry.serving import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "codi_registry.settings")
refuse_to_serve_without_secret_key()
application = get_wsgi_application()
