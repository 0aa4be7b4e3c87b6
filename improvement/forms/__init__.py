"""Forms for improvement plans' pages, laid out with crispy-forms-gds, by the same subjects as
the views: `plan_details` and `plan_dates` (starting a plan and changing its details),
`actions` (actions and progress updates), `items`, `measures`, `dashboards` (the programme
dashboard's filters) and `common` (what they share). Each form that changes something carries
the version of the item the person saw (`seen_version`), so a save based on a stale one is
refused by the service; the rules live in services. Importing has its own (import_forms.py)."""
