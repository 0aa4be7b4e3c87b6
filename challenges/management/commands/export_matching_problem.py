"""`manage.py export_matching_problem CYCLE_ID [--output FILE]`: the matcher's problem for
every unstaffed challenge of a cycle, as JSON (docs/matching.md), built as the "propose
teams" page builds it (challenges.matcher_services.problem_of), so that
`python -m challenges.matching solve FILE` gives the answer the page gives."""

import json

from django.core.management.base import BaseCommand, CommandError

from challenges.matcher_services import problem_of
from offers.models import Cycle


class Command(BaseCommand):
    help = "Write the team matcher's problem for every unstaffed challenge of a cycle as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cycle_id", type=int, help="the cycle's id")
        parser.add_argument(
            "--output", "-o", help="write to this file rather than to standard output"
        )

    def handle(self, *args, cycle_id: int, output: str | None = None, **options) -> None:
        cycle = Cycle.objects.select_related("programme").filter(pk=cycle_id).first()
        if cycle is None:
            raise CommandError(f"There is no cycle {cycle_id}.")
        problem = problem_of(programme=cycle.programme, cycle=cycle, challenge=None)
        text = json.dumps(problem, indent=2, ensure_ascii=False) + "\n"
        if output:
            try:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(text)
            except OSError as error:
                raise CommandError(f"{output}: cannot be written ({error.strerror}).") from None
            self.stderr.write(
                f"Wrote the problem for {cycle} ({len(problem['challenges'])} challenge(s), "
                f"{len(problem['reviewers'])} reviewer(s)) to {output}."
            )
        else:
            self.stdout.write(text, ending="")
