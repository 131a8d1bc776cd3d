from agreements.imports import ActivityResource
from geography.import_command import ImportCommand


class Command(ImportCommand):
    resource_class = ActivityResource
    things = "follow-up activities"
