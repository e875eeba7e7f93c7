"""Errors of the graph side; cli.py turns them into messages and exit codes."""
from extract.errors import SpacekgError


class StoreError(SpacekgError):
    """The output folder holds no readable graph, or another build holds it."""


class QueryError(SpacekgError):
    """A SPARQL query that could not be parsed or run."""


class BuildError(SpacekgError):
    """Nothing could be built from the given paths."""
