"""Users, the service's health centres and teams, staff assignments, the sensitive-read log."""

from __future__ import annotations

import functools

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import DEFAULT_DB_ALIAS, models, router
from django.db.models import Q

from accounts import context_snapshot
from accounts.enums import StaffRole, UserKind
from spsti.models import TimeStampedModel
from spsti.prepared import columns, prepared_cursor


class UserManager(BaseUserManager["User"]):
    """Users are identified by their e-mail address."""

    use_in_migrations = True

    def get(self, *args, **kwargs):
        """`User.objects.get(pk=<int>)`, what Django's authentication backends run on every
        request to load the session's user (ModelBackend.get_user), read the same row afresh
        by one prepared statement of every column instead of a query built and compiled by the
        ORM: ≈ 0.1 ms of CPU instead of ≈ 0.4 ms (measured, load ≈ 5), and PostgreSQL plans it
        once per connection. Any other lookup goes to the ORM."""
        pk = kwargs.get("pk")
        if (
            args
            or len(kwargs) != 1
            or type(pk) is not int
            or self._db not in (None, DEFAULT_DB_ALIAS)
            or router.db_for_read(self.model) != DEFAULT_DB_ALIAS
        ):
            return super().get(*args, **kwargs)
        fields = self.model._meta.concrete_fields
        with prepared_cursor() as cursor:
            cursor.execute(_user_by_pk_sql(self.model), [pk])
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return self.model.from_db(DEFAULT_DB_ALIAS, [f.attname for f in fields], row)

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True, kind=UserKind.STAFF)
        return self._create(email, password, **extra)


@functools.cache
def _user_by_pk_sql(model) -> str:
    """SELECT of every concrete column of the user table by primary key (UserManager.get):
    none of them needs a database converter on PostgreSQL, as the ORM's own read would apply."""
    meta = model._meta
    return (
        f'SELECT {columns("u", model)} FROM "{meta.db_table}" u '  # noqa: S608 (the model's names)
        f'WHERE u."{meta.pk.column}" = %s'
    )


@pghistory.track(exclude=["password", "last_login"])
class User(AbstractUser):
    """A person who logs in with an e-mail address. `is_staff` only opens the Django admin."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    kind = models.CharField(
        "type de compte", max_length=10, choices=UserKind, default=UserKind.PORTAL
    )
    phone = models.CharField("téléphone", max_length=20, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_portal(self) -> bool:
        return self.kind == UserKind.PORTAL

    @property
    def is_service_staff(self) -> bool:
        return self.kind == UserKind.STAFF


@pghistory.track()
class HealthCenter(TimeStampedModel):
    """A health centre of the service (centre médical), where teams see workers."""

    name = models.CharField("nom", max_length=120, unique=True)
    city = models.CharField("ville", max_length=80)
    address = models.CharField("adresse", max_length=200, blank=True)

    class Meta:
        verbose_name = "centre médical"
        verbose_name_plural = "centres médicaux"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Team(TimeStampedModel):
    """Pluridisciplinary team (UST) led by an occupational physician (L4622-8)."""

    center = models.ForeignKey(
        HealthCenter, on_delete=models.PROTECT, related_name="teams", verbose_name="centre"
    )
    name = models.CharField("nom", max_length=120)
    lead_physician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name="médecin animateur",
    )

    class Meta:
        verbose_name = "équipe pluridisciplinaire"
        verbose_name_plural = "équipes pluridisciplinaires"
        ordering = ["center__name", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.center})"


class StaffAssignmentQuerySet(context_snapshot.StaffRowsQuerySet):
    """A bulk update or insert renews the cached access contexts of the people concerned."""

    def in_post(self) -> StaffAssignmentQuerySet:
        """Assignments not ended, of accounts still active."""
        return self.filter(ended_on__isnull=True, user__is_active=True)

    def emails(self) -> list[str]:
        """The distinct, non-blank e-mail addresses of these assignments' people, sorted."""
        return sorted(set(self.exclude(user__email="").values_list("user__email", flat=True)))


@pghistory.track()
class StaffAssignment(TimeStampedModel):
    """A staff member's role in a centre, optionally within one team; ended, never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff_assignments",
        verbose_name="utilisateur",
    )
    center = models.ForeignKey(
        HealthCenter, on_delete=models.PROTECT, related_name="assignments", verbose_name="centre"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="équipe",
    )
    role = models.CharField("rôle", max_length=30, choices=StaffRole)
    ended_on = models.DateField("fin d'affectation", null=True, blank=True)

    objects = StaffAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "affectation"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "center", "role"],
                condition=Q(ended_on__isnull=True),
                name="staff_assignment_active_unique",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_on"], name="staff_assignment_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.center}"


class AccessLog(models.Model):
    """Append-only log of sensitive reads (the DMST first); rows can never change (triggers)."""

    at = models.DateTimeField("le", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="lecteur"
    )
    action = models.CharField("action", max_length=80)
    object_type = models.CharField("type d'objet", max_length=80)
    object_id = models.CharField("identifiant", max_length=40)
    center_id = models.BigIntegerField("centre", null=True, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "journal des accès sensibles"
        verbose_name_plural = "journal des accès sensibles"
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="accesslog_object_idx")
        ]
        triggers = [
            pgtrigger.Protect(
                name="accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        target = f"{self.object_type}#{self.object_id}"
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_id} {self.action} {target}"


class StaffActivation(models.Model):
    """A staff account's single-use activation link (issue 10, item 12): it sets the password
    and the TOTP authenticator together, so a staff account is never enrolled by whoever merely
    holds its password. Only the SHA-256 of the link's token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_activations",
        verbose_name="compte",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)

    class Meta:
        verbose_name = "lien d'activation d'un compte du service"
        verbose_name_plural = "liens d'activation des comptes du service"
        indexes = [models.Index(fields=["user", "used_at"], name="staff_activation_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — expire le {self.expires_at:%d/%m/%Y %H:%M}"
