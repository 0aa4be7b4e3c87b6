"""How the pages, the export and the board pack show a plan's tracked items counted by RAG,
read back from what they show, to check that they agree (test_counts_agree,
test_import_counts_agree)."""

import io
import re

import openpyxl
from django.urls import reverse


def counts(red=0, amber=0, green=0, none=0) -> dict[str, int]:
    return {"red": red, "amber": amber, "green": green, "none": none}


def list_counts(response, plan) -> dict[str, int]:
    [listed] = [
        listed
        for _organisation, plans in response.context["services_plans"]
        for listed in plans
        if listed.pk == plan.pk
    ]
    tally = {str(rag): number for rag, number in listed.rag_counts}
    return counts(
        red=tally["red"], amber=tally["amber"], green=tally["green"], none=listed.no_update_count
    )


def heatmap_counts(response) -> dict[int, dict[str, int]]:
    """The heat-map's rows as the page shows them: plan id to its counts."""
    assert response.status_code == 200
    page = response.content.decode()
    return {
        int(plan_id): {
            rag: int(number)
            for rag, number in re.findall(r"app-heatmap__cell--(\w+)[^>]*>(\d+)<", cells)
        }
        for plan_id, cells in re.findall(r'data-plan="(\d+)">(.*?)</tr>', page, re.S)
    }


def board_pack_summary(html: str) -> dict[str, int]:
    table = html[html.index('id="rag-now"') : html.index("</table>", html.index('id="rag-now"'))]
    numbers = [int(number) for number in re.findall(r"<td>(\d+)</td>", table)]
    return dict(zip(["red", "amber", "green", "none"], numbers, strict=True))


def board_pack_body(html: str) -> dict[str, int]:
    """The RAG words of the body's items: each recommendation tracked on itself, and each
    action in the tables of a recommendation's actions."""
    body = html[html.index("Recommendations and their latest progress") :]
    words = re.findall(r"<strong>RAG rating:</strong> ([\w ]+)", body)
    for table in re.findall(r'<table class="tracked-actions">(.*?)</table>', body, re.S):
        for row in re.findall(r"<tr>\s*<td>.*?</td>\s*<td>([^<]+)</td>", table, re.S):
            words.append(row.strip())
    tally = counts()
    for word in words:
        key = {"Red": "red", "Amber": "amber", "Green": "green"}.get(word.strip(), "none")
        tally[key] += 1
    return tally


def export_counts(client, plan) -> dict[str, int]:
    response = client.get(reverse("improvement:export_xlsx", args=[plan.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["RAG ratings"].iter_rows(values_only=True))
    assert rows[0] == ("RAG rating now", "Actions and items")
    by_word = dict(rows[1:])
    return counts(
        red=by_word["Red"],
        amber=by_word["Amber"],
        green=by_word["Green"],
        none=by_word["No update"],
    )
