"""Qt item models over query results: they hold dataclasses, never ORM objects."""
