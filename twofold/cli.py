"""``twofold``: the command line. Each subcommand parses its arguments and calls services
(through Django management commands), so the CLI follows the same rules as the web and API."""

from __future__ import annotations

import argparse
import os
import sys

COMMANDS = {
    "serve": "Run Twofold (migrates first; loads the demo organisation on first start).",
    "demo": "Load the demo organisation and print its logins (--list: only print).",
    "createuser": "Create a user with roles (--email, --name, --role …).",
    "token": "Issue an API token for a user (--email, --name).",
    "manage": "Any Django management command, e.g. `twofold manage check --deploy`.",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.config.settings")
    import django

    django.setup()
    from twofold.core.audit import ChangeSource, set_change_source

    set_change_source(ChangeSource.CLI)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twofold",
        description="Twofold: the CRM where sales wins the client and account management keeps "
        "and grows it.",
        epilog="Run `twofold <command> --help` for a command's options. Settings come from "
        "TWOFOLD_* environment variables (see docs/configuration.md).",
    )
    sub = parser.add_subparsers(dest="command", metavar="<command>", required=True)
    serve = sub.add_parser("serve", help=COMMANDS["serve"], description=COMMANDS["serve"])
    serve.add_argument("--host", default="127.0.0.1", help="Address to listen on (127.0.0.1).")
    serve.add_argument("--port", type=int, default=8000, help="Port to listen on (8000).")
    serve.add_argument("--workers", type=int, default=2, help="Worker processes (2).")
    serve.add_argument("--no-demo", action="store_true", help="Do not load the demo organisation.")
    for name in ("demo", "createuser", "token", "manage"):
        sub.add_parser(name, help=COMMANDS[name], add_help=False)
    return parser


def link_base_url(host: str, port: int) -> str:
    """Where links in e-mails point when TWOFOLD_BASE_URL is not set: the address being served
    (a wildcard bind address is not one a browser can open, so it becomes the loopback)."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def serve(host: str, port: int, workers: int, *, load_demo: bool) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from twofold import demo
    from twofold.core.management.commands.demo import print_logins
    from twofold.people.models import User

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Preparing the database …", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
    if load_demo and not User.objects.exists():
        print("Loading the demo organisation …", flush=True)
        demo.load(progress=lambda message: print(f"  … {message}", flush=True))
    if demo.is_loaded():
        print_logins(print)
    print(f"\nTwofold is running at http://{host}:{port}/  (Ctrl+C stops it)\n", flush=True)
    connection.close()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "twofold.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
    ]
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with the server
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    parser = _parser()
    if not args or args[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        parser.parse_args(args)  # prints the usage error and exits 2
    _setup()
    if command == "serve":
        options = parser.parse_args(args)
        # The server processes read their settings afresh from the environment they inherit.
        os.environ.setdefault("TWOFOLD_BASE_URL", link_base_url(options.host, options.port))
        return serve(options.host, options.port, options.workers, load_demo=not options.no_demo)
    from django.core.management import execute_from_command_line

    django_args = rest if command == "manage" else [command, *rest]
    execute_from_command_line(["twofold", *django_args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
