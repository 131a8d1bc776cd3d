# Here rather than in partners: the import rebuilds the search documents of the organisations'
# agreements, and partners may not import agreements (agreements.imports).
from agreements.imports import OrganisationSearchResource
from geography.import_command import ImportCommand


class Command(ImportCommand):
    resource_class = OrganisationSearchResource
    things = "organisations"
