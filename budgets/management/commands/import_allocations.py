from budgets.imports import AllocationResource
from importing.command import ImportCommand


class Command(ImportCommand):
    resource_class = AllocationResource
    things = "budget allocations"
