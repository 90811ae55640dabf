"""``safeplan worker``: run the background loop. ``--once`` processes what is due and exits."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeplan.lib import middleware
from safeplan.worker.loop import Worker


class Command(BaseCommand):
    help = (
        "Run the background worker (check-ins, caring contacts, outgoing messages, audit sealing)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="process what is due, then exit")
        parser.add_argument("--name", default="", help="name shown in the heartbeat (host:pid)")
        parser.add_argument(
            "--max-seconds", type=float, default=None, help="stop after this long (benchmarks)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        middleware.channel.set("job")
        worker = Worker()
        if options["name"]:
            worker.name = options["name"][:120]
        worker.install_signals()
        mode = "once" if options["once"] else "loop"
        self.stderr.write(f"safeplan worker {worker.name} started ({mode})")
        units = worker.run(once=options["once"], max_seconds=options["max_seconds"])
        errors = sum(worker.errors.values())
        self.stderr.write(f"safeplan worker {worker.name} stopped: {units} units, {errors} errors")
