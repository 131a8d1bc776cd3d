from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User

from .deletion import LinkRowsOutOfDeleteSummaryMixin

# Django's own user and group pages, with the delete summary every other page has.
admin.site.unregister([User, Group])


@admin.register(User)
class UserAdmin(LinkRowsOutOfDeleteSummaryMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(LinkRowsOutOfDeleteSummaryMixin, auth_admin.GroupAdmin):
    pass
