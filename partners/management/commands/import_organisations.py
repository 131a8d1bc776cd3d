from importing.command import ImportCommand
from partners.imports import OrganisationResource


class Command(ImportCommand):
    resource_class = OrganisationResource
    things = "organisations"
