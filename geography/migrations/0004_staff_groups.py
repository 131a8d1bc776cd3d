"""The two staff groups and what they may do by default; superusers adjust them in the admin.

Permissions are normally created after migrations run; create them here first so that a fresh
database gets complete groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The names live on as geography.access.REGIONAL_STAFF_GROUP / CENTRAL_STAFF_GROUP; a migration
# keeps its own copy so it stays what it was when it ran.
REGIONAL = "Regional staff"
CENTRAL = "Central staff"

EDIT = ("add", "change", "delete", "view")
SHARED = ("add", "change", "view")

REGIONAL_PERMISSIONS = {
    "agreements": {
        "agreement": EDIT,
        "agreementparty": EDIT,
        "scopeclause": EDIT,
        "responsibility": EDIT,
        "attachment": EDIT,
        "activity": EDIT,
        "theme": ("view",),
        "expirynotice": ("view",),
    },
    "budgets": {"allocation": EDIT, "programme": ("view",)},
    "partners": {"organisation": SHARED, "person": SHARED},
    "geography": {
        "region": ("view",),
        "province": ("view",),
        "district": ("view",),
        "subdistrict": ("view",),
    },
}
CENTRAL_EXTRA = {
    "agreements": {"theme": EDIT},
    "budgets": {"programme": ("add", "change", "view")},
    "partners": {"organisation": EDIT, "person": EDIT},
    "geography": {"region": ("change", "view"), "province": ("change", "view")},
}
CENTRAL_CUSTOM = [("geography", "access_all_regions")]


def codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in pairs
        ]

    regional = list(codenames(REGIONAL_PERMISSIONS))
    central = regional + list(codenames(CENTRAL_EXTRA)) + CENTRAL_CUSTOM
    Group.objects.get_or_create(name=REGIONAL)[0].permissions.set(permissions(regional))
    Group.objects.get_or_create(name=CENTRAL)[0].permissions.set(permissions(set(central)))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REGIONAL, CENTRAL]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("geography", "0003_audit_history_and_region_permission"),
        ("agreements", "0007_audit_history"),
        ("budgets", "0005_audit_history"),
        ("partners", "0002_audit_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
