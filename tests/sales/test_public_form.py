"""The public web-to-lead form: no sign-in, honeypot, rate limit, never a server error; and
nothing else of Twofold is reachable without signing in."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.factories import TeamFactory, user_with
from tests.sales.factories import WebFormFactory, lead_snapshot
from twofold.people.choices import Role
from twofold.sales.choices import LeadEventType, LeadSource
from twofold.sales.models import Lead
from twofold.sales.services import routing
from twofold.sales.web.public import RATE_LIMIT

pytestmark = pytest.mark.django_db

GOOD = {"full_name": "Nina Buyer", "email": "nina@acme.com", "company_name": "Acme GmbH"}


@pytest.fixture
def web_form():
    return WebFormFactory()


def url(form):
    return reverse("public_form", args=[form.key])


def test_the_form_is_shown_without_signing_in(client, web_form):
    response = client.get(url(web_form))

    body = response.content.decode()
    assert response.status_code == 200
    assert web_form.name in body
    assert 'name="website"' in body
    assert "csrfmiddlewaretoken" not in body


def test_a_submission_creates_a_routed_web_form_lead_and_thanks(client, web_form, admin_user):
    sdr = user_with(Role.LEAD_GENERATOR)
    routing.assignment_rule_create(actor=admin_user, name="All", team=TeamFactory(members=[sdr]))

    response = client.post(url(web_form), {**GOOD, "message": "Call me"})

    assert response.status_code == 302
    assert response.url == reverse("public_form_thanks", args=[web_form.key])
    lead = Lead.objects.get()
    assert (lead.full_name, lead.email, lead.source, lead.web_form, lead.owner, lead.message) == (
        "Nina Buyer",
        "nina@acme.com",
        LeadSource.WEB_FORM,
        web_form,
        sdr,
        "Call me",
    )
    assert lead.events.filter(type=LeadEventType.ASSIGNED).get().data["to"] == sdr.pk


def test_the_thank_you_page_shows_the_forms_text(client, web_form):
    response = client.get(reverse("public_form_thanks", args=[web_form.key]))

    assert response.status_code == 200
    assert "Thanks, we will call you." in response.content.decode()


def test_the_form_can_be_posted_from_another_site_without_a_csrf_token(web_form):
    foreign = Client(enforce_csrf_checks=True)

    response = foreign.post(url(web_form), GOOD)

    assert response.status_code == 302
    assert Lead.objects.count() == 1


def test_a_filled_honeypot_pretends_success_and_stores_nothing(client, web_form):
    before = lead_snapshot()

    response = client.post(url(web_form), {**GOOD, "website": "http://spam.example"})

    assert response.status_code == 302
    assert response.url == reverse("public_form_thanks", args=[web_form.key])
    assert lead_snapshot() == before


def test_missing_name_and_a_bad_email_are_shown_next_to_the_fields(client, web_form):
    response = client.post(url(web_form), {"full_name": "", "email": "nope"})

    form = response.context["form"]
    assert response.status_code == 400
    assert set(form.errors) == {"full_name", "email"}
    assert Lead.objects.count() == 0


def test_too_many_submissions_from_one_address_get_a_friendly_429(client, web_form):
    for i in range(RATE_LIMIT):
        assert client.post(url(web_form), {**GOOD, "email": f"n{i}@acme.com"}).status_code == 302

    response = client.post(url(web_form), GOOD)

    assert response.status_code == 429
    assert "try again in a few minutes" in response.content.decode()
    assert Lead.objects.count() == RATE_LIMIT


def test_the_limit_counts_per_address(web_form):
    for _ in range(RATE_LIMIT + 1):
        Client(REMOTE_ADDR="10.0.0.1").post(url(web_form), GOOD)

    response = Client(REMOTE_ADDR="10.0.0.2").post(url(web_form), GOOD)

    assert response.status_code == 302


@pytest.mark.parametrize("key", ["unknown-key", "x" * 300, "ü"])
def test_an_unknown_key_is_not_found(client, web_form, key):
    assert client.get(f"/forms/{key}/").status_code == 404
    assert client.post(f"/forms/{key}/", GOOD).status_code == 404


def test_a_key_with_a_nul_byte_is_a_bad_request(client, web_form):
    # PostgreSQL cannot even compare text holding NUL: refused before any query.
    assert client.get("/forms/%00/").status_code == 400
    assert client.post("/forms/%00/", GOOD).status_code == 400
    assert Lead.objects.count() == 0


def test_an_inactive_form_is_not_found_and_takes_nothing(client):
    form = WebFormFactory(is_active=False)

    assert client.get(url(form)).status_code == 404
    assert client.post(url(form), GOOD).status_code == 404
    assert Lead.objects.count() == 0


NASTY = [
    pytest.param({}, id="empty"),
    pytest.param({"full_name": "x" * 100_000, "email": "a@b.io"}, id="huge name"),
    pytest.param({"full_name": "N", "email": "a" * 300 + "@b.io"}, id="huge email"),
    pytest.param({"full_name": "N", "email": "n@" + "d" * 240 + ".io"}, id="huge domain"),
    pytest.param({"full_name": "N\x00ull", "email": "a@b.io"}, id="nul byte"),
    pytest.param({"full_name": ["A", "B"], "email": ["a@b.io", "c@d.io"]}, id="lists"),
    pytest.param({"full_name": "N", "email": "a@b.io", "message": "m" * 20_000}, id="huge message"),
    pytest.param({"full_name": "N", "email": "a@b.io", "phone": "1" * 500}, id="huge phone"),
    pytest.param({"full_name": "<script>alert(1)</script>", "email": "a@b.io"}, id="markup"),
    pytest.param({"full_name": "  ", "email": "  "}, id="blank"),
    pytest.param({"full_name": "N", "email": "a@b.io", "source": "import"}, id="extra field"),
    pytest.param({"email": "a@b.io", "full_name": "N", "website": ""}, id="empty honeypot"),
    pytest.param({"full_name": "🙂" * 150, "email": "émile@exämple.de"}, id="unicode"),
]


@pytest.mark.parametrize("payload", NASTY)
def test_nasty_form_posts_never_cause_a_server_error_or_a_half_written_lead(
    client, web_form, payload
):
    before = lead_snapshot()

    response = client.post(url(web_form), payload)

    assert response.status_code < 500
    after = lead_snapshot()
    if response.status_code == 302:
        # A complete lead: one lead, its created and assigned events and their history.
        assert after["Lead"] == before["Lead"] + 1
        assert after["LeadEvent"] == before["LeadEvent"] + 2
    else:
        assert after == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b'{"full_name": "N", "email": "a@b.io"}', "application/json", id="json"),
        pytest.param(
            b"\xff\xfe\xfa=\xff&email=\xc3", "application/x-www-form-urlencoded", id="bytes"
        ),
        pytest.param(b"--x\r\nbroken", "multipart/form-data; boundary=x", id="broken multipart"),
        pytest.param(b"a=1", "multipart/form-data", id="multipart without boundary"),
        pytest.param(
            b"&".join(b"f%d=1" % i for i in range(2000)),
            "application/x-www-form-urlencoded",
            id="too many fields",
        ),
        pytest.param(
            b"full_name=" + b"x" * 3_000_000, "application/x-www-form-urlencoded", id="too big"
        ),
    ],
)
def test_malformed_bodies_never_cause_a_server_error(client, web_form, body, content_type):
    before = lead_snapshot()

    response = client.generic("POST", url(web_form), body, content_type=content_type)

    assert response.status_code < 500
    assert lead_snapshot() == before


def test_other_methods_are_refused(client, web_form):
    assert client.put(url(web_form), GOOD).status_code == 405
    assert client.delete(url(web_form)).status_code == 405


# --- Nothing else without signing in ---------------------------------------------------------

PUBLIC = {
    "public_form",
    "public_form_thanks",
    "login",
    "logout",  # signing out needs no session
    "health",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def _concrete(route: str) -> str:
    """A URL the pattern matches: its converters and groups filled with a value they take."""
    for value in ("1", "bdm"):
        path = re.sub(r"\(\?P<\w+>[^)]*\)", value, route)
        path = re.sub(r"<(?:\w+:)?\w+>", value, path)
        path = "/" + path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
        try:
            resolve(path)
        except Resolver404:
            continue
        return path
    raise AssertionError(f"No URL found for {route}")


def every_url():
    for route, name in _walk(get_resolver().url_patterns):
        if name in PUBLIC or route.startswith("backoffice/") or "(?P<format>" in route:
            continue
        yield pytest.param(_concrete(route), id=name or route)


@pytest.mark.parametrize("path", list(every_url()))
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_other_page_needs_signing_in(client, path, method):
    LeadsMustNotLeak = "Nina Buyer"  # noqa: N806 - a marker, not a variable
    Lead.objects.create(full_name=LeadsMustNotLeak)

    response = getattr(client, method)(path)

    if response.status_code in (301, 302):
        assert "/login/" in response["Location"], path
    else:
        assert response.status_code in (401, 403, 404, 405), (path, response.status_code)
        assert response.status_code != 404 or "/api/" not in path, path
    assert LeadsMustNotLeak not in response.content.decode()


def test_the_back_office_sends_strangers_to_its_sign_in(client):
    response = client.get("/backoffice/")

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- What routing rules match on --------------------------------------------------------------


def routed_by_retail_rule(admin_user):
    retail = user_with(Role.LEAD_GENERATOR, full_name="Rita Retail")
    routing.assignment_rule_create(
        actor=admin_user,
        name="Retail DACH",
        team=TeamFactory(members=[retail]),
        industry="Retail",
        region="DACH",
    )
    return retail


def test_a_form_that_asks_industry_and_region_lets_rules_match_its_leads(client, admin_user):
    retail = routed_by_retail_rule(admin_user)
    form = WebFormFactory(asks_industry=True, asks_region=True)

    page = client.get(url(form)).content.decode()
    client.post(url(form), {**GOOD, "industry": "retail", "region": "dach"})

    assert 'name="industry"' in page
    assert 'name="region"' in page
    assert Lead.objects.get().owner == retail


def test_a_form_with_defaults_gives_them_to_its_leads(client, admin_user):
    retail = routed_by_retail_rule(admin_user)
    form = WebFormFactory(industry="Retail", region="DACH")

    page = client.get(url(form)).content.decode()
    client.post(url(form), GOOD)

    lead = Lead.objects.get()
    assert 'name="industry"' not in page
    assert (lead.industry, lead.region, lead.owner) == ("Retail", "DACH", retail)


def test_a_visitor_answer_wins_over_the_default_only_where_the_form_asks(client, admin_user):
    form = WebFormFactory(asks_region=True, industry="Retail", region="DACH")

    client.post(url(form), {**GOOD, "industry": "Banking", "region": "Nordics"})

    lead = Lead.objects.get()
    assert (lead.industry, lead.region) == ("Retail", "Nordics")
