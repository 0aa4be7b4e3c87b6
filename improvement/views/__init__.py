"""The improvement app's pages, by what they are about: the plans and their export (`plans`),
starting a plan (`plan_details`), changing its details, closing, reopening and archiving it
(`plan_state`), actions and their sign-off (`actions`), progress updates (`updates`), items
and desired outcomes (`items`), measures (`measures`), a plan's changes (`changes`) and the
dashboards (`dashboards`); `correcting` holds what the pages that correct a plan share.
Importing has its own (improvement/import_views.py). Views fetch through selectors scoped to
the user, check permissions on the plan (404 when it may not be seen, 403 when it may be seen
but not changed), and call one service per change."""
