"""What the user sees at the end: problems in their language, a summary line, an exit code.

A user mistake never shows a traceback; a bug does (and asks for a report). Ctrl-C and SIGTERM
end quietly: the staging folder is removed and the previous build is untouched.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from generator.messages import render_problem, summary
from generator.problems import Invalid, Problem, UserError

if TYPE_CHECKING:
    from generator.build import Options, Result


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM ends the run as Ctrl-C does. Raised inside a finaliser (a weakref callback or a
    `__del__` the collector ran), the exception would be printed as "Exception ignored" and the
    run would go on: the signal is sent again, to be taken once the finaliser has returned."""
    while frame is not None:
        if frame.f_code.co_name == "__del__" or frame.f_code.co_filename.endswith(
                ("_weakrefset.py", "weakref.py")):
            os.kill(os.getpid(), signum)
            return
        frame = frame.f_back
    raise KeyboardInterrupt


class Reporter:
    """`fmt` "text" writes problems for people on stderr; "json" and "github" write them for
    machines on stdout, all at once when the command ends, and the summary goes to stderr."""

    def __init__(self, lang: str, out: TextIO, err: TextIO, fmt: str = "text"):
        self.lang, self.out, self.err, self.fmt = lang, out, err, fmt
        self._collected: list[Problem] = []

    def problems(self, problems: list[Problem]) -> None:
        if self.fmt != "text":
            self._collected += problems
            return
        for problem in problems:
            print(render_problem(problem, self.lang), end="\n\n", file=self.err)

    def _flush(self) -> None:
        if self.fmt == "text":
            return
        from generator.cli.formats import as_github, as_json, as_markdown

        problems, self._collected = self._collected, []
        write = {"json": as_json, "github": as_github, "markdown": as_markdown}[self.fmt]
        text = write(problems, self.lang)
        if text:
            print(text, file=self.out, flush=True)

    def _guard(self, action: Callable[[], int], out_name: str, failed: str = "failed",
               interrupted: str = "interrupted") -> int:
        # SIGTERM (a closed terminal, `kill`, CI's timeout) ends the run like Ctrl-C: staging is
        # cleaned and build/ stays as it was. Only while the action runs, so the handler is put
        # back for whoever called main() in-process (tests, serve's own loop).
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return action()
        except UserError as err:
            self.problems(err.problems)
            errors = sum(p.severity == "error" for p in err.problems)
            print(summary(failed, self.lang, errors=errors, out=out_name), file=self.err)
            return 1
        except Invalid as err:
            self.problems([err.problem()])
            return 1
        except KeyboardInterrupt:
            print(summary(interrupted, self.lang, out=out_name), file=self.err)
            return 130
        except Exception:  # noqa: BLE001 - anything else is our bug, shown in full
            traceback.print_exc(file=self.err)
            print(summary("bug", self.lang, out=out_name), file=self.err)
            return 2
        finally:
            signal.signal(signal.SIGTERM, previous)
            self._flush()

    def run_build(self, build: Callable[[], Result], options: Options) -> int:
        out_name = options.out.as_posix().rstrip("/")

        def action() -> int:
            result = build()
            self.problems(result.warnings)
            seconds = f"{result.seconds:.2f}"
            if options.check_only:
                line = summary("checked", self.lang, published=result.published,
                               drafts=result.drafts, warnings=len(result.warnings))
            elif result.unchanged:
                line = summary("unchanged", self.lang, out=out_name, seconds=seconds)
                if result.bundle:
                    line += "\n" + summary("bundled", self.lang, path=result.bundle[0],
                                           files=result.bundle[1])
            else:
                line = summary("built", self.lang, published=result.published,
                               drafts=result.drafts, plates=result.plates,
                               written=result.written, reused=result.reused,
                               warnings=len(result.warnings), seconds=seconds, out=out_name)
                if result.bundle:
                    line += "\n" + summary("bundled", self.lang, path=result.bundle[0],
                                           files=result.bundle[1])
                if result.new_codes:
                    line += "\n" + summary("codes_added", self.lang,
                                           codes=", ".join(result.new_codes))
            if result.sample_plates and not options.check_only:  # also when nothing changed
                line += "\n" + summary("sample_plates", self.lang, out=out_name,
                                       base_url=result.sample_plates)
            print(line, file=self.out if self.fmt == "text" else self.err)
            return 0

        return self._guard(action, out_name, "check_failed" if options.check_only else "failed")

    def run_report(self, make_report: Callable) -> int:
        def action() -> int:
            rows, due, *extra = make_report()
            silent = extra[0] if extra else {}  # code → no scan since (diachido stats)
            columns = ("code", "site", "last", "due", "status")
            cells = [[row.code, row.slug, row.last or "—",
                      row.due.isoformat() if row.due else "—",
                      self._status(row.status, silent.get(row.code))] for row in rows]
            if cells:
                heads = [summary(f"inspection_head_{c}", self.lang) for c in columns]
                print("\n".join(table(heads, cells)), file=self.out)
            print(summary("inspection_total", self.lang, due=due, total=len(rows)),
                  file=self.out)
            return 0

        return self._guard(action, "build", "report_failed", "stopped")

    def _status(self, status: str, silent_since: str | None) -> str:
        text = summary(f"inspection_{status.replace('-', '_')}", self.lang)
        if silent_since:
            text += "; " + summary("inspection_silent", self.lang, since=silent_since)
        return text

    def run_task(self, task: Callable[[], int]) -> int:
        """A command that prints its own result (`stats`): only the guard is shared."""
        return self._guard(task, "build", "stats_failed", "stopped")

    def run_new(self, create: Callable) -> int:
        def action() -> int:
            path, media = create()
            print(summary("created", self.lang, path=path, media=media), file=self.out)
            return 0

        return self._guard(action, "build", "new_failed", "new_interrupted")

    def refuse(self, problem: Problem) -> int:
        """A command that cannot start (not in a project): the problem, and that nothing was
        done; no word about build/, which the command never reached."""
        self.problems([problem])
        self._flush()
        print(summary("not_a_project", self.lang), file=self.err)
        return 1

    def run_serve(self, serve: Callable[[], int], out_name: str = "build") -> int:
        """`diachido serve`: a failed rebuild never ends it (see serve.py); only a user error
        before serving starts (a busy port) or Ctrl-C does."""
        return self._guard(serve, out_name)


def table(heads: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a plain-text table: each column as wide as its widest cell, so long point
    codes and slugs (NT01-2, dinh-phu-my#cong-dinh) keep the columns aligned. The last column
    is not padded."""
    widths = [max(len(line[i]) for line in (heads, *rows)) for i in range(len(heads) - 1)]
    return ["  ".join([*(cell.ljust(width) for cell, width in zip(line[:-1], widths,
                                                                  strict=True)), line[-1]])
            for line in (heads, *rows)]
