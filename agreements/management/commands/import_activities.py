from agreements.imports import ActivityResource
from importing.command import ImportCommand


class Command(ImportCommand):
    resource_class = ActivityResource
    things = "follow-up activities"
