from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thai.bilingual import Bilingual


class Region(models.Model):
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short code in capitals used in links, e.g. NORTHEAST."),
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name = Bilingual()
    sort_order = models.PositiveSmallIntegerField(
        _("sort order"), default=0, help_text=_("Regions are listed in this order.")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="regions",
        verbose_name=_("staff"),
        help_text=_("Staff accounts that work for this regional office."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        permissions = [
            ("access_all_regions", _("Can see and edit the records of every region")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z][A-Z0-9_]*$"),
                name="region_code_upper_snake",
                violation_error_message=_("Use capital letters, digits and _ only."),
            ),
        ]

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("region-detail", kwargs={"code": self.code})


class Province(models.Model):
    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        help_text=_("Two-digit code of the Department of Provincial Administration."),
    )
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name = Bilingual()
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Used in the province's web address.")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="provinces",
        verbose_name=_("region"),
        help_text=_("The CODI regional office that covers this province."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}$"),
                name="province_code_two_digits",
                violation_error_message=_("A province code is two digits."),
            ),
        ]

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("province-detail", kwargs={"slug": self.slug})


class District(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name = Bilingual()

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{4}$"),
                name="district_code_four_digits",
                violation_error_message=_("A district code is four digits."),
            ),
        ]

    def __str__(self):
        return self.name_th


class Subdistrict(models.Model):
    code = models.CharField(_("code"), max_length=6, unique=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("district")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name = Bilingual()

    class Meta:
        ordering = ["code"]
        verbose_name = _("sub-district")
        verbose_name_plural = _("sub-districts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"),
                name="subdistrict_code_six_digits",
                violation_error_message=_("A sub-district code is six digits."),
            ),
        ]

    def __str__(self):
        return self.name_th
