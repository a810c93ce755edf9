"""User mistakes as values.

Every phase appends `Problem`s instead of raising, so one run reports every invalid entry; the
text is produced at the end by `messages.render_problem`, in the reader's language. Exceptions
are kept for bugs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix (or, as a warning, should look at)."""

    code: str  # message id in the catalogues, e.g. "missing-key"
    file: str = ""  # project-relative POSIX path
    line: int | None = None  # 1-based line in `file`
    source_line: str | None = None  # the offending line, quoted back to the editor
    params: tuple[tuple[str, Any], ...] = ()
    severity: str = "error"  # "error" | "warning"

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.code, repr(self.params))


@dataclass
class Problems:
    """The list every phase appends to."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        message: str,
        file: str = "",
        line: int | None = None,
        source_line: str | None = None,
        severity: str = "error",
        **params: Any,
    ) -> None:
        self.items.append(
            Problem(message, file, line, source_line, tuple(sorted(params.items())), severity)
        )

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == "error"), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == "warning"), key=Problem.sort_key)


class Invalid(Exception):
    """One bad input, raised where collecting is not possible (a field normaliser, an output
    folder that cannot be written): a message id and its parameters, turned into a Problem by
    whoever knows the file and line."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params

    def problem(self, file: str = "", line: int | None = None) -> Problem:
        return Problem(self.code, file, line, params=tuple(sorted(self.params.items())))

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep the parameters when a pool worker's Invalid is pickled back to the parent."""
        return (_invalid, (self.code, self.params))


def _invalid(code: str, params: dict[str, Any]) -> Invalid:
    return Invalid(code, **params)


class UserError(Exception):
    """Stops a build for problems the user must fix; carries them to the CLI."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
