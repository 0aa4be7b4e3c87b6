"""The `in` lookup of integer columns, safe for ids sent by anyone.

Since Django 5.0 (ticket #27397), `exact`, `gt`, `gte`, `lt` and `lte` on an integer column
treat a value beyond the column's range as matching nothing (or everything) without asking the
database. `in` was left out: an id list holding such a value (a ticked box whose value was
changed to 99999999999999999999999, an admin action's selection) raised OverflowError on
SQLite — a 500 from every multiple-choice field — and on PostgreSQL made the column compare as
`numeric`, which no index serves, so the whole table was read. Such a value can match no row:
`IntegerFieldIn` leaves it out of the list before the query is written (a list left empty
matches nothing, as Django's own `in` does with an empty list). Registered on `IntegerField`
(and so on every auto and big integer field) from `CoreConfig.ready()`, with
`RelatedIntegerExact`, the same care for `exact` on a foreign key.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.fields.related_lookups import RelatedExact
from django.db.models.lookups import In


def _beyond(value: object, min_value: int | None, max_value: int | None) -> bool:
    return isinstance(value, int) and (
        (min_value is not None and value < min_value)
        or (max_value is not None and value > max_value)
    )


class IntegerFieldIn(In):
    def batch_process_rhs(self, compiler, connection, rhs=None):
        # Every list of values passes here, split into batches for the database or not.
        min_value, max_value = connection.ops.integer_field_range(
            self.lhs.output_field.get_internal_type()
        )
        kept = [
            value
            for value in (self.rhs if rhs is None else rhs)
            if not _beyond(value, min_value, max_value)
        ]
        if not kept:
            raise EmptyResultSet
        return super().batch_process_rhs(compiler, connection, kept)


class RelatedIntegerExact(RelatedExact):
    """`exact` on a foreign key (`organisation_id=...`, `organisation=...`) with the same care
    Django's own integer `exact` takes: a value beyond the target column's range matches
    nothing and never reaches the database (on SQLite it raised OverflowError, a 500 for an
    id beyond 64 bits typed into an address). Registered on `ForeignObject`."""

    def process_rhs(self, compiler, connection):
        if isinstance(self.rhs, int) and not isinstance(self.rhs, bool):
            target = self.lhs.output_field.target_field
            min_value, max_value = (
                connection.ops.integer_field_range(target.get_internal_type())
                if isinstance(target, IntegerField)
                else (None, None)
            )
            if _beyond(self.rhs, min_value, max_value):
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)
