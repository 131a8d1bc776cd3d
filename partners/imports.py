"""Organisations from a spreadsheet (importing.resources): the columns and the key.

The key is the Thai name with the province (empty for a national body), the same pair the
database keeps unique. Renaming is therefore done in the admin: a row with a new Thai name is a
new organisation, and a row naming a record merged into another is refused with the name to
write instead (an import never revives an alias).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from geography.imports import RegionScopedResource, province_widget
from importing.resources import ChoiceWidget, LookupWidget, TextWidget

from .models import Organisation

ORGANISATION_NAMES = ["name_th", "name_en", "short_name_th", "short_name_en"]


class OrganisationWidget(LookupWidget):
    """An organisation by any of its names. A record merged into another is an alias: its old
    spelling still names the kept record, which is the one the row is tied to."""

    def __init__(self, **kwargs):
        super().__init__(Organisation, ORGANISATION_NAMES, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return Organisation.objects.without_aliases()

    def _find(self, text, row, **kwargs):
        try:
            return super()._find(text, row, **kwargs)
        except ValueError:
            aliases = Organisation.objects.aliases().select_related("successor")
            alias = LookupWidget(Organisation, ORGANISATION_NAMES, queryset=aliases)
            try:
                return alias._find(text, row, **kwargs).successor
            except ValueError:
                pass
            raise


class OrganisationResource(RegionScopedResource):
    name_th = Field("name_th", "ชื่อ (ไทย)", widget=TextWidget())
    province = Field("province", "จังหวัด", widget=province_widget())
    name_en = Field("name_en", "ชื่อ (อังกฤษ)", widget=TextWidget())
    short_name_th = Field("short_name_th", "ชื่อย่อ (ไทย)", widget=TextWidget())
    short_name_en = Field("short_name_en", "ชื่อย่อ (อังกฤษ)", widget=TextWidget())
    kind = Field(
        "kind", "ประเภท", widget=ChoiceWidget(Organisation.Kind), default=Organisation.Kind.OTHER
    )
    parent = Field("parent", "สังกัด", widget=OrganisationWidget())
    website = Field("website", "เว็บไซต์", widget=TextWidget())

    example = {
        "name_th": "มหาวิทยาลัยราชภัฏนครราชสีมา",
        "province": "นครราชสีมา",
        "name_en": "Nakhon Ratchasima Rajabhat University",
        "short_name_th": "มรภ.นม.",
        "short_name_en": "NRRU",
        "kind": "มหาวิทยาลัย",
        "parent": "",
        "website": "https://www.nrru.ac.th/",
    }

    class Meta(RegionScopedResource.Meta):
        model = Organisation
        name = _("organisations")
        fields = (
            "name_th",
            "province",
            "name_en",
            "short_name_th",
            "short_name_en",
            "kind",
            "parent",
            "website",
        )
        import_id_fields = ("name_th", "province")

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        if instance is not None and instance.is_alias:
            raise ValueError(
                gettext("“%(alias)s” was merged into “%(kept)s”: write the row as “%(kept)s”.")
                % {"alias": instance.name_th, "kept": instance.current().name_th}
            )
        return instance
