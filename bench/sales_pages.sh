#!/usr/bin/env bash
# Latency of the sales pages at the large demo scale, one application process.
#
#   TWOFOLD_DATA_DIR=/path/with/large/db [TWOFOLD_DATABASE_URL=postgres://…] bench/sales_pages.sh LABEL
#
# Prepare the data once:  twofold manage migrate && twofold demo --scale large   (minutes)
# Runs gunicorn with one sync worker on 127.0.0.1:8500, signs in as the North sales lead and
# times 200 requests per page after 5 warm-ups (bench/http_bench.py), then stops the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LABEL="${1:-run}"
REQUESTS="${REQUESTS:-200}"
PY="${PYTHON:-.venv/bin/python}"
PORT="${PORT:-8500}"

"$PY" -m gunicorn twofold.config.wsgi:application --bind "127.0.0.1:$PORT" --workers 1 \
    >"${TMPDIR:-/tmp}/twofold-bench-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$PORT/health/" >/dev/null && break
    sleep 0.2
done

# A deal the sales lead may open: the newest open deal of a BDM in their team.
DEAL=$("$PY" -m twofold.cli manage shell -v 0 -c "
from twofold.sales.models import Opportunity
print(Opportunity.objects.filter(owner__email='bdm@demo.twofold.test', status='open')
      .order_by('-id').values_list('id', flat=True).first())")

"$PY" bench/http_bench.py --base-url "http://127.0.0.1:$PORT" \
    --email saleslead@demo.twofold.test --password handover-2026 \
    --requests "$REQUESTS" --label "$LABEL" \
    /sales/leads/ "/sales/leads/?status=new&source=web_form" "/sales/leads/?q=olga.novak12" "/sales/leads/?q=anna" \
    /sales/board/ /sales/deals/ "/sales/deals/$DEAL/" /sales/reports/
