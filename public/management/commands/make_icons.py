from django.conf import settings
from django.core.management.base import BaseCommand

from public import icons


class Command(BaseCommand):
    help = (
        "Writes the site's icons (public/icons.py) into static/: favicon.ico, icons/icon.svg "
        "and icons/apple-touch-icon.png."
    )

    def handle(self, *args, **options):
        static = settings.BASE_DIR / "static"
        (static / "icons").mkdir(exist_ok=True)
        files = {
            static / "favicon.ico": icons.ico(),
            static / "icons" / "icon.svg": icons.svg().encode(),
            static / "icons" / "apple-touch-icon.png": icons.apple_touch_icon(),
        }
        for path, content in files.items():
            path.write_bytes(content)
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}: {len(content)} bytes")
