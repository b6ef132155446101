#!/usr/bin/env bash
# Latency of search at the large demo scale: the lists' search boxes and the global search.
#
#   TWOFOLD_DATA_DIR=/path/with/large/db [TWOFOLD_DATABASE_URL=postgres://…] bench/search_pages.sh LABEL
#
# Prepare the data once: `twofold manage migrate && twofold demo --scale large`, or, faster
# and enough for search, `python bench/search_data.py large` (no activities or interactions).
# Adds a few records with a diacritic surname and a "Logistics" company (the generated names
# have neither), runs gunicorn with one sync worker on 127.0.0.1:$PORT and times 200 requests
# per page after 5 warm-ups (bench/http_bench.py):
#   * saleslead@ (a third of the leads and deals): lead, deal and global search with a rare
#     surname, a broad surname (~1/16 of all leads), a word inside company names, a domain;
#   * am@ (a few thousand accounts): portfolio search; admin@ (everything): global search.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LABEL="${1:-run}"
REQUESTS="${REQUESTS:-200}"
PY="${PYTHON:-.venv/bin/python}"
PORT="${PORT:-8502}"
PASSWORD="handover-2026"
DOMAIN="demo.twofold.test"

"$PY" -m twofold.cli manage migrate -v 0
"$PY" -m twofold.cli manage shell -v 0 -c "
from twofold.accounts.models import Account, AccountContact
from twofold.parties.models import Company, Contact
from twofold.people.models import User
from twofold.sales.models import Lead, Opportunity
if not Lead.objects.filter(email__endswith='@nordfrakt.se').exists():
    bdm = User.objects.get(email='bdm@$DOMAIN')
    am = User.objects.get(email='am@$DOMAIN')
    deal = Opportunity.objects.filter(owner=bdm).order_by('-id').first()
    for n in range(5):
        company = Company.objects.create(name=f'Nordfrakt Logistics {n} AB', domain=f'nordfrakt{n}.se')
        Lead.objects.create(full_name=f'Erik Sandström {n}', email=f'erik{n}@nordfrakt.se',
                            company_name=company.name, company_domain='nordfrakt.se', owner=bdm,
                            source='web_form')
        Opportunity.objects.create(name=f'Nordfrakt Logistics fleet {n}', company=company, owner=bdm,
                                   pipeline_id=deal.pipeline_id, stage_id=deal.stage_id,
                                   status=deal.status, amount=1000, currency='EUR')
        account = Account.objects.create(company=company, name=company.name, relationship_owner=am)
        contact = Contact.objects.create(company=company, full_name=f'Karin Sandström {n}',
                                         email=f'karin{n}@nordfrakt.se')
        AccountContact.objects.create(account=account, contact=contact)
"

"$PY" -m gunicorn twofold.config.wsgi:application --bind "127.0.0.1:$PORT" --workers 1 \
    >"${TMPDIR:-/tmp}/twofold-bench-search-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/health/" >/dev/null && break
    sleep 0.2
done

bench() {
    local login="$1"
    shift
    "$PY" bench/http_bench.py --base-url "http://127.0.0.1:$PORT" \
        --email "$login@$DOMAIN" --password "$PASSWORD" \
        --requests "$REQUESTS" --label "$LABEL, $login" "$@" | tail -n +3
}

echo "| run | path | requests | p50 ms | p95 ms | max ms | mean ms |"
echo "|---|---|---|---|---|---|---|"
bench saleslead "/sales/leads/?q=sandstr%C3%B6m" "/sales/leads/?q=novak" \
    "/sales/leads/?q=logistics" "/sales/leads/?q=harbor" "/sales/leads/?q=nordfrakt.se" \
    "/sales/deals/?q=logistics" "/sales/deals/?q=harbor" \
    "/search/?q=sandstr%C3%B6m" "/search/?q=logistics" "/search/?q=novak"
bench am "/accounts/?q=sandstr%C3%B6m" "/accounts/?q=logistics" "/accounts/?q=harbor"
bench admin "/search/?q=sandstr%C3%B6m" "/search/?q=logistics" "/search/?q=novak"
