import factory
from django.contrib.auth.hashers import make_password

from accounts.enums import StaffRole, UserKind
from accounts.models import HealthCenter, StaffAssignment, Team, User

PASSWORD = "mot-de-passe-de-test-2026"
_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = _HASH
    kind = UserKind.PORTAL


class StaffUserFactory(UserFactory):
    kind = UserKind.STAFF


class HealthCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCenter

    name = factory.Sequence(lambda n: f"Centre {n}")
    city = "Mâcon"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    center = factory.SubFactory(HealthCenterFactory)
    name = factory.Sequence(lambda n: f"Équipe {n}")


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(StaffUserFactory)
    center = factory.SubFactory(HealthCenterFactory)
    role = StaffRole.PHYSICIAN
