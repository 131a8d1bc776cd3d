"""What the spreadsheet imports (importing.resources) take from geography: provinces named as
people write them, and the region rule: regional staff import only their regions' rows."""

from importing.resources import ImportResource, LookupWidget

from .access import regions_of, sees_all_regions
from .models import Province


def province_widget():
    return LookupWidget(
        Province,
        ["name_th", "code", "slug", "name_en", "iso_code"],
        queryset=Province.objects.all(),
        prefixes=("จังหวัด", "จ."),
    )


class RegionScopedResource(ImportResource):
    """An import whose rows each lead to a region (`region_fields`): a file of regional staff
    with one row outside their regions is refused whole."""

    region_fields = {"province": "region_id"}

    def regions_allowed(self, user):
        if user is None or sees_all_regions(user):
            return None
        return set(regions_of(user))
