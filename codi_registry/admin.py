from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group, User
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from records.deletion import LinkRowsOutOfDeleteSummaryMixin

# Django's own user and group pages, with the delete summary every other page has.
admin.site.unregister([User, Group])


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    # Django adds this warning in English only; the markup is what its script looks for.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        auth_forms.SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class UserAdmin(LinkRowsOutOfDeleteSummaryMixin, auth_admin.UserAdmin):
    change_password_form = AdminPasswordChangeForm


@admin.register(Group)
class GroupAdmin(LinkRowsOutOfDeleteSummaryMixin, auth_admin.GroupAdmin):
    pass
