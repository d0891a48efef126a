"""The exception tree of multivector.

Every error a user can cause is a :class:`MultivectorError`; the faces (CLI,
web API, reports) catch only this base class and render it in one place::

    MultivectorError
     ├── UnknownNameError            (.argument, .value, .suggestions, .valid)
     │    ├── UnknownStateError
     │    ├── UnknownOrganizationError
     │    └── UnknownPillarError
     ├── AmbiguousNameError          (.argument, .value, .suggestions)
     ├── InvalidArgumentError        (.argument)
     │    └── InvalidYearError
     ├── DataError                   (shipped or built data is unusable)
     │    └── BuildError             (a source file fails validation)
     ├── RecordsError                (a records file fails validation; .path, .line)
     │    └── VotesFileError         (a user's roll-call file fails validation; .path, .line)
     ├── TooMuchWorkError            (a request exceeds a work cap)
     └── MissingExtraError           (an optional dependency is not installed)

Anything else escaping the library is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousNameError",
    "BuildError",
    "DataError",
    "InvalidArgumentError",
    "InvalidYearError",
    "MissingExtraError",
    "MultivectorError",
    "RecordsError",
    "TooMuchWorkError",
    "UnknownNameError",
    "UnknownOrganizationError",
    "UnknownPillarError",
    "UnknownStateError",
    "VotesFileError",
]


class MultivectorError(Exception):
    """Base class of every error that multivector raises on purpose."""

    #: HTTP status the web API answers with for this error.
    http_status: int = 400


class UnknownNameError(MultivectorError, LookupError):
    """A name or code could not be resolved.

    ``suggestions`` holds the closest candidates as display strings;
    ``valid`` the whole list of valid values when it is short (e.g. pillar keys).
    """

    http_status = 404
    kind = "name"

    def __init__(self, value: object, suggestions: Sequence[str] = (), argument: str | None = None,
                 valid: Sequence[str] = ()):
        self.value = value
        self.suggestions = list(suggestions)
        self.argument = argument or self.kind
        self.valid = list(valid)
        msg = f"Unknown {self.kind} {str(value)!r}."
        if self.suggestions:
            msg += " Did you mean: " + "; ".join(self.suggestions) + "?"
        if self.valid:
            msg += " Valid: " + ", ".join(self.valid) + "."
        super().__init__(msg)


class UnknownStateError(UnknownNameError):
    """A state name or code matches no state of the COW state system."""

    kind = "state"


class UnknownOrganizationError(UnknownNameError):
    """An organization name or abbreviation matches no organization."""

    kind = "organization"


class UnknownPillarError(UnknownNameError):
    """A pillar name matches no defined pillar."""

    kind = "pillar"


class AmbiguousNameError(MultivectorError, LookupError):
    """A name matches several states or organizations equally well."""

    http_status = 422

    def __init__(self, value: object, suggestions: Sequence[str], argument: str = "name"):
        self.value = value
        self.suggestions = list(suggestions)
        self.argument = argument
        super().__init__(
            f"{argument} {str(value)!r} is ambiguous; it matches: " + "; ".join(self.suggestions) + "."
        )


class InvalidArgumentError(MultivectorError, ValueError):
    """An argument has a value outside its domain; the message lists valid values."""

    http_status = 422

    def __init__(self, message: str, argument: str | None = None):
        self.argument = argument
        super().__init__(message)


class InvalidYearError(InvalidArgumentError):
    """A year or year range lies outside the data's coverage or is malformed."""


class DataError(MultivectorError):
    """Data files are missing, corrupted or inconsistent."""

    http_status = 500


class BuildError(DataError):
    """A source file fails validation during ``build_data``."""


class RecordsError(MultivectorError):
    """A records file fails validation; the message names file and line."""

    http_status = 422

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message  # without the "file:line: " prefix
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)


class VotesFileError(RecordsError):
    """A roll-call file a user brings (UN Digital Library voting CSV) fails
    validation; the message names file and line."""


class TooMuchWorkError(MultivectorError):
    """A request would exceed a work cap (e.g. years x states on the web API)."""

    http_status = 422


class MissingExtraError(MultivectorError, ImportError):
    """An optional dependency is missing; the message gives the install line."""

    http_status = 501

    def __init__(self, package: str, extra: str):
        self.package = package
        self.extra = extra
        super().__init__(
            f"This feature needs {package!r}, which is not installed. "
            f"Install it with: pip install 'multivector[{extra}]'"
        )
