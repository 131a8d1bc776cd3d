"""What both staff groups (geography/0004_staff_groups) may do with the money trail of their
regions' allocations: planned instalments, transfers, spending reports and returned money
(the admin scopes them to their regions through the allocation)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# geography/0004 names the groups; a migration keeps its own copy of what it relies on.
GROUPS = ["Regional staff", "Central staff"]
MODELS = ["instalment", "transfer", "spendingreport", "moneyreturn"]
CODENAMES = [
    f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="budgets", codename__in=CODENAMES)


def grant(apps, schema_editor):
    # Permissions are normally created after migrations run; create them first here.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0012_money_trail_transfers_reports_returns"),
        ("geography", "0004_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
