"""Generate what the search benchmark reads, without the parts it never touches.

    TWOFOLD_DATA_DIR=… [TWOFOLD_DATABASE_URL=postgres://…] \
        python bench/search_data.py [large|medium]

The large scale's 1M leads, 500k deals, 200k companies, 300k contacts and 200k accounts,
but no activities, interactions, hand-overs or requests: search reads none of them, and they
are most of the generation time. ``twofold demo --scale large`` gives the same search tables.
"""

from __future__ import annotations

import dataclasses
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from twofold.core.management.commands.demo import ProgressBar  # noqa: E402
from twofold.demo import load as load_demo  # noqa: E402
from twofold.demo.scale import generate  # noqa: E402
from twofold.demo.volume import SCALES  # noqa: E402


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "large"
    scale = dataclasses.replace(SCALES[name], activities=0, interactions=0, handovers=0, requests=0)
    call_command("migrate", verbosity=0)
    load_demo(progress=print)
    generate(scale, progress=ProgressBar(sys.stdout.write))
    return 0


if __name__ == "__main__":
    sys.exit(main())
