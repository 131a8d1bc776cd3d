from budgets.imports import AllocationResource
from geography.import_command import ImportCommand


class Command(ImportCommand):
    resource_class = AllocationResource
    things = "budget allocations"
