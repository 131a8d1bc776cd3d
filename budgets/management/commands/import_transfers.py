from budgets.imports import TransferResource
from importing.command import ImportCommand


class Command(ImportCommand):
    resource_class = TransferResource
    things = "transfers"
