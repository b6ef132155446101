#!/usr/bin/env bash
# Latency of the account-management pages at the large demo scale, one application process.
#
#   TWOFOLD_DATA_DIR=/path/with/large/db [TWOFOLD_DATABASE_URL=postgres://…] bench/accounts_pages.sh LABEL
#
# Prepare the data once:  twofold manage migrate && twofold demo --scale large   (minutes)
# Runs gunicorn with one sync worker on 127.0.0.1:$PORT and times 200 requests per page after
# 5 warm-ups (bench/http_bench.py), signed in as the person who works each page:
#   * am@     (account manager, a few thousand accounts): portfolio by name, by contract end,
#             a name search, and the page of their account with the most history;
#   * ae@     (account executive, the portfolios of four carers): portfolio, hand-over list;
#   * delivery@ (department member): the open queue and the closed requests;
#   * bdm@    (seller): the hand-over list of their won deals.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LABEL="${1:-run}"
REQUESTS="${REQUESTS:-200}"
PY="${PYTHON:-.venv/bin/python}"
PORT="${PORT:-8501}"
PASSWORD="handover-2026"
DOMAIN="demo.twofold.test"

"$PY" -m gunicorn twofold.config.wsgi:application --bind "127.0.0.1:$PORT" --workers 1 \
    >"${TMPDIR:-/tmp}/twofold-bench-accounts-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/health/" >/dev/null && break
    sleep 0.2
done

# The account manager's account with the most interactions.
read -r ACCOUNT INTERACTIONS PORTFOLIO <<<"$("$PY" -m twofold.cli manage shell -v 0 -c "
from django.db.models import Count
from twofold.accounts.models import Account
from twofold.activities.models import Activity
mine = Account.objects.filter(relationship_owner__email='am@$DOMAIN')
top = (Activity.objects.filter(account__in=mine).values('account')
       .annotate(n=Count('id')).order_by('-n').first())
print(top['account'], top['n'], mine.count())")"
echo "account $ACCOUNT has $INTERACTIONS interactions; am@ cares for $PORTFOLIO accounts" >&2

bench() {
    local login="$1"
    shift
    "$PY" bench/http_bench.py --base-url "http://127.0.0.1:$PORT" \
        --email "$login@$DOMAIN" --password "$PASSWORD" \
        --requests "$REQUESTS" --label "$LABEL, $login" "$@" | tail -n +3
}

echo "| run | path | requests | p50 ms | p95 ms | max ms | mean ms |"
echo "|---|---|---|---|---|---|---|"
bench am /accounts/ "/accounts/?sort=contract_end" "/accounts/?q=nordic" "/accounts/$ACCOUNT/"
bench ae /accounts/ "/accounts/?sort=contract_end" /handovers/
bench delivery /requests/ "/requests/?view=closed"
bench bdm /handovers/
