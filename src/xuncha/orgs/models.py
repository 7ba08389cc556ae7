"""The organization tree (党组织 / 单位) and the profile of each unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.orgs.tree import subtree_q


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village or community")
    OTHER = "other", _("Other")


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    LEADING_PARTY_GROUP = "leading_party_group", _("Leading party group")
    WORKING_COMMITTEE = "working_committee", _("Working committee")
    TOWNSHIP_COMMITTEE = "township_committee", _("Township party committee")
    VILLAGE_COMMITTEE = "village_committee", _("Village or community party organization")
    DEPARTMENT = "department", _("Department")
    SOE = "soe", _("State-owned enterprise")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    PARTY = "party", _("Party affairs")
    GOVERNMENT = "government", _("Government administration")
    POLITICS_LAW = "politics_law", _("Politics and law")
    ECONOMY = "economy", _("Economy and finance")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources and construction")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    CULTURE = "culture", _("Culture and publicity")
    SOCIAL = "social", _("Social affairs")
    ENTERPRISE = "enterprise", _("State-owned enterprises")
    GRASSROOTS = "grassroots", _("Townships and villages")
    OTHER = "other", _("Other")


class UnitQuerySet(models.QuerySet):
    def under(self, unit: "Unit") -> "UnitQuerySet":
        """`unit` and every unit below it: one range predicate on the path index."""
        return self.filter(subtree_q(unit.path))

    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)


class Unit(models.Model):
    """A node of the organization tree: a party committee or a party organization under it.

    Units with `has_office` are jurisdictions: they run an inspection office and inspect the
    units below them. Units are dissolved (`is_active=False`), never deleted, because earlier
    inspections, findings and audit events refer to them.
    """

    code = models.CharField(_("unit code"), max_length=32, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices,
                              default=Sector.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent unit"))
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("party members"), null=True, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    has_office = models.BooleanField(
        _("has an inspection office"), default=False,
        help_text=_("A jurisdiction that plans and runs inspections of the units below it."),
    )
    is_sensitive = models.BooleanField(
        _("sensitive"), default=False,
        help_text=_("Every view of a sensitive unit is written to the audit trail."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["parent", "name"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class LeadershipMember(models.Model):
    """A member of a unit's leadership team (领导班子成员) and the post they hold."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leadership",
                             verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=60)
    post = models.CharField(_("post"), max_length=100)
    is_principal = models.BooleanField(_("principal leader"), default=False)
    since = models.DateField(_("in post since"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["unit", "order", "id"]
        verbose_name = _("leadership member")
        verbose_name_plural = _("leadership members")

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"
