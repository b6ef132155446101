"""The demo organisation and the generated benchmark volume."""

import pytest
from django.core.management import call_command
from django.db import transaction

from twofold import demo
from twofold.accounts.models import Account
from twofold.activities.models import Activity
from twofold.demo import people
from twofold.demo.scale import generate
from twofold.demo.volume import SCALES, Scale
from twofold.handover.models import HandoverPackage
from twofold.parties.models import Company, Contact
from twofold.people.choices import Role
from twofold.people.models import RoleAssignment, Team, User
from twofold.sales.models import Lead, Opportunity

pytestmark = pytest.mark.django_db

TINY = Scale(companies=20, contacts=30, leads=100, opportunities=50, activities=500)


def test_the_demo_organisation_has_about_thirty_people_in_every_role():
    people.load(progress=lambda message: None)

    assert User.objects.count() == 30
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role)
    assert Team.objects.filter(kind="department").count() == 5


def _fresh_load_snapshot() -> dict[str, list[tuple]]:
    """Load the demo into the empty database, read what it made, and roll it all back.

    Related rows by name or e-mail: PostgreSQL's sequences do not roll back, so ids differ.
    """
    with transaction.atomic():
        demo.load()
        demo.load()  # a second load on a loaded database adds nothing
        snapshot: dict[str, list[tuple]] = {
            "people": list(User.objects.order_by("email").values_list("email", "full_name")),
            "leads": list(
                Lead.objects.order_by("pk").values_list("full_name", "company_name", "status")
            ),
            "deals": list(
                Opportunity.objects.order_by("pk").values_list(
                    "name", "amount", "status", "stage__name"
                )
            ),
            "accounts": list(
                Account.objects.order_by("pk").values_list(
                    "name", "status", "is_key", "relationship_owner__email"
                )
            ),
            "hand-overs": list(
                HandoverPackage.objects.order_by("pk").values_list(
                    "account__name", "status", "receiver__email", "send_backs"
                )
            ),
        }
        transaction.set_rollback(True)
    return snapshot


def test_loading_the_demo_twice_from_scratch_makes_the_same_organisation():
    first = _fresh_load_snapshot()

    second = _fresh_load_snapshot()

    assert first == second
    assert {name: len(rows) for name, rows in first.items()} == {
        "people": 30,
        "leads": 300,
        "deals": 120,
        "accounts": 30,
        "hand-overs": 36,
    }


def test_generating_volume_adds_exactly_the_requested_rows():
    people.load(progress=lambda message: None)  # the people only: no demo leads or deals

    generate(TINY, progress=lambda label, done, total: None)

    assert (Company.objects.count(), Contact.objects.count()) == (20, 30)
    assert (Lead.objects.count(), Opportunity.objects.count()) == (100, 50)
    assert Activity.objects.count() == 500


def test_generated_rows_are_the_same_every_time():
    people.load(progress=lambda message: None)
    generate(TINY, progress=lambda label, done, total: None)
    first = list(Lead.objects.order_by("pk").values_list("full_name", "status", "source"))
    Activity.objects.all().delete()
    Lead.objects.all().delete()

    generate(TINY, progress=lambda label, done, total: None)

    assert list(Lead.objects.order_by("pk").values_list("full_name", "status", "source")) == first


def test_generation_refuses_to_run_without_the_demo_people():
    with pytest.raises(RuntimeError, match="Load the demo organisation first"):
        generate(TINY, progress=lambda label, done, total: None)


def test_the_large_scale_is_the_size_the_design_names():
    large = SCALES["large"]

    assert (large.leads, large.opportunities, large.activities) == (1_000_000, 500_000, 5_000_000)


def test_the_demo_command_reports_progress_per_table(capsys):
    call_command("demo", "--scale", "small")

    out = capsys.readouterr().out
    for table in ("companies", "contacts", "opportunities", "leads", "activities"):
        assert f"  {table}" in out
    assert "Generated the small scale." in out
