import io

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from PIL import Image

from agreements.models import Attachment
from uploads.validators import PDF, check_document, content_type_of

# What an image may say about itself besides its pixels that a re-encoded one no longer does.
IMAGE_METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop")


class Command(BaseCommand):
    help = (
        "Check every stored attachment against today's rules (the checks of a new upload) and "
        "list those that fail, and images that still carry metadata such as a GPS position. "
        "Changes and deletes nothing; exits with status 1 when a file fails."
    )

    def handle(self, *args, **options):
        attachments = Attachment.objects.select_related("agreement").order_by("pk")
        checked = failed = 0
        for attachment in attachments.iterator(chunk_size=200):
            checked += 1
            problem, metadata = self.inspect(attachment)
            where = (
                f"attachment {attachment.pk} of {attachment.agreement.reference or '-'} "
                f"({attachment.file.name})"
            )
            if problem:
                failed += 1
                self.stdout.write(f"FAIL {where}: {problem}")
            elif metadata:
                self.stdout.write(
                    f"METADATA {where}: still carries {', '.join(metadata)}; upload it again "
                    "to store it without"
                )
        summary = f"{checked} attachment(s) checked, {failed} fail today's checks."
        if failed:
            raise CommandError(f"{summary} Nothing was changed.")
        self.stdout.write(summary)

    def inspect(self, attachment):
        """(why the stored file fails, or None; the metadata a stored image still carries)"""
        try:
            with attachment.file.open("rb") as file:
                data = file.read()
        except FileNotFoundError:
            return "the file is missing from the media folder", []
        try:
            check_document(data)
        except ValidationError as error:
            return f"[{error.code}] {' '.join(error.messages)}", []
        if content_type_of(data[:16]) == PDF:
            return None, []
        return None, image_metadata(data)


def image_metadata(data):
    with Image.open(io.BytesIO(data)) as image:
        found = [key for key in IMAGE_METADATA if image.info.get(key)]
        if "exif" not in found and image.getexif():
            found.append("exif")
        if image.getexif().get_ifd(0x8825):  # GPSInfo
            found.append("GPS position")
        text = getattr(image, "text", {})  # PNG tEXt, zTXt and iTXt chunks
        found.extend(f"text “{key}”" for key in text if key not in found)
        return found
