"""Questionnaires and democratic appraisal (问卷调查 / 民主测评) of one inspection.

A `Survey` belongs to one inspection and is tailored to its target. What respondents answer is a
`SurveyVersion`: publishing freezes a version, and editing a published survey starts the next
one, so every `SurveyResponse` points to the version it answered. A `Question` keeps a stable
`key` through all versions; results are counted by key across versions.

Anonymity is designed in: a `SurveyLink` stores only the SHA-256 of its token, and a response
does not point to the link that delivered it. Neither stores an address, a browser, a cookie or
a time finer than the day, so the order in which links were used cannot be matched to the
order of the answers.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Area
from xuncha.surveys import bank


class QuestionKind(models.TextChoices):
    YES_NO = bank.YES_NO, _("Yes / no / don't know")
    GRADE = bank.GRADE, _("Good / fairly good / average / poor")
    TEXT = bank.TEXT, _("Written answer")


class BankQuestion(models.Model):
    """An office's own question in the bank of its jurisdiction, next to the built-in ones
    (`surveys.bank`). Retired items stay, so that surveys that used them still explain them."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        related_name="survey_bank",
        verbose_name=_("jurisdiction"),
    )
    key = models.SlugField(max_length=40, unique=True, editable=False)
    area = models.CharField(_("area"), max_length=32, choices=Area.choices)
    kind = models.CharField(
        _("answered by"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.YES_NO
    )
    text = models.CharField(_("question"), max_length=300)
    negative = models.CharField(_("negative answer"), max_length=16, blank=True)
    allow_remark = models.BooleanField(_("room for a remark"), default=True)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["jurisdiction", "area", "id"]
        verbose_name = _("bank question")
        verbose_name_plural = _("bank questions")

    def __str__(self) -> str:
        return self.text

    def as_item(self) -> bank.BankItem:
        return bank.BankItem(
            key=self.key,
            area=self.area,
            kind=self.kind,
            text=self.text,
            negative=self.negative,
            allow_remark=self.allow_remark,
            jurisdiction=self.jurisdiction.name,
            pk=self.pk,
        )


class Survey(models.Model):
    """A questionnaire or a democratic appraisal at one inspection's target.

    draft → open (links and paper forms are answered) → closed (terminal)."""

    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")
        APPRAISAL = "appraisal", _("Democratic appraisal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("inspection"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("note to respondents"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Paper forms handed out (at the mobilization meeting, say); the ones entered are counted
    # from the responses.
    paper_forms_issued = models.PositiveIntegerField(_("paper forms handed out"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "kind", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class SurveyVersion(models.Model):
    """The questions of a survey as respondents see them. A published version never changes;
    at most one unpublished version (the one being edited) exists per survey."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="versions", verbose_name=_("survey")
    )
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number"),
            models.UniqueConstraint(
                fields=["survey"],
                condition=models.Q(published_at__isnull=True),
                name="one_unpublished_version_per_survey",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def published(self) -> bool:
        return self.published_at is not None


class Question(models.Model):
    """One question of one version. `key` is the same in every version for the same question
    (a bank item's key, `team`, `lm-<leadership member>`, or a random key for the team's own);
    the appraisal's subjects carry the name and post of the person at the time."""

    class Subject(models.TextChoices):
        NONE = "", _("None")
        TEAM = "team", _("Leadership team")
        MEMBER = "member", _("Leadership member")

    version = models.ForeignKey(
        SurveyVersion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("number"))
    key = models.SlugField(max_length=40)
    kind = models.CharField(_("answered by"), max_length=16, choices=QuestionKind.choices)
    area = models.CharField(_("area"), max_length=32, choices=Area.choices, blank=True)
    text = models.CharField(_("question"), max_length=300)
    negative = models.CharField(_("negative answer"), max_length=16, blank=True)
    allow_remark = models.BooleanField(_("room for a remark"), default=True)
    source = models.SlugField(_("from the bank"), max_length=40, blank=True)
    subject = models.CharField(
        _("appraised"), max_length=8, choices=Subject.choices, blank=True, default=""
    )
    subject_post = models.CharField(_("post"), max_length=100, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_per_version"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[tuple[str, str]]:
        return bank.OPTIONS[self.kind]

    @property
    def negative_label(self) -> str:
        return bank.option_label(self.kind, self.negative)


class SurveyLink(models.Model):
    """A one-time anonymous link. Only the SHA-256 of its token is kept: the token itself is
    shown once, on the printed sheet. `used_on` is a date on purpose (see the module)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="links", verbose_name=_("survey")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    batch = models.PositiveIntegerField(_("batch"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    used_on = models.DateField(_("used on"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "batch", "id"]
        indexes = [models.Index(fields=["survey", "used_on"])]
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyResponse(models.Model):
    """One filled-in form, answered through a link (web) or entered from paper by staff.
    Nothing here points to the respondent or to the link used."""

    class Channel(models.TextChoices):
        WEB = "web", _("Online link")
        PAPER = "paper", _("Paper form")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="responses", verbose_name=_("version")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    submitted_on = models.DateField(_("date"))
    # Paper forms only: who typed the sheet in, and the number written on it (so that no sheet
    # is entered twice).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    sheet_number = models.CharField(_("sheet number"), max_length=20, blank=True)

    class Meta:
        ordering = ["survey", "id"]
        indexes = [models.Index(fields=["survey", "channel"])]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "sheet_number"],
                condition=~models.Q(sheet_number=""),
                name="paper_sheet_entered_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.pk}"


class Answer(models.Model):
    """The answer to one question of a response; `key` repeats the question's key so that
    results group across versions without a join."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    key = models.SlugField(max_length=40)
    value = models.CharField(max_length=16, blank=True)
    remark = models.TextField(blank=True)

    class Meta:
        ordering = ["response_id", "id"]
        indexes = [models.Index(fields=["key", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
