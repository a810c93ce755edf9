"""Command line: parses arguments and calls the library; no logic lives here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from generator import __version__
from generator.cli.formats import FORMATS

if TYPE_CHECKING:
    from generator.cli.progress import TerminalProgress
    from generator.cli.report import Reporter


def _lang_in(argv: list[str]) -> str | None:
    """`--lang X` anywhere in the command line: --help must speak it before argparse runs."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _parser(lang: str) -> argparse.ArgumentParser:
    """Every line of --help comes from the messages catalogue, in the user's language."""
    from generator.messages import MESSAGE_LANGS, catalogue, help_text

    def h(key: str) -> str:
        return help_text(key, lang)

    # argparse's own words (a mistyped command, a missing argument) in the user's language too:
    # it looks each one up through gettext's `_` at the moment it writes it.
    words = catalogue(lang)["_argparse"]
    argparse._ = lambda text: words.get(text, text)  # type: ignore[attr-defined]

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                      groups: Iterable[Any],
                      prefix: str | None = None) -> None:
            super().add_usage(usage, actions, groups, h("usage") if prefix is None else prefix)

    class Parser(argparse.ArgumentParser):
        def __init__(self, add_help: bool = True, **kwargs: Any) -> None:
            super().__init__(add_help=False, formatter_class=Formatter, **kwargs)
            self._positionals.title, self._optionals.title = h("positionals"), h("options")
            if add_help:
                self.add_argument("-h", "--help", action="help", help=h("help"))

        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: {h('error')}: {message}\n")

    def common(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
        """-C and --lang, before or after the command (`diachido check --lang en`); after it,
        SUPPRESS keeps an absent flag from hiding the one given before it."""
        parser.add_argument("-C", "--project", type=Path, help=h("project"), metavar=h("m_folder"),
                            default=Path(".") if default is None else default)
        parser.add_argument("--lang", choices=MESSAGE_LANGS, default=default, help=h("lang"))

    parser = Parser(prog="diachido", description=h("description"))
    parser.add_argument("--version", action="version", version=f"diachido {__version__}",
                        help=h("version"))
    common(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, title=h("commands"))

    def command(name: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=h(name), description=h(name))
        common(sub)
        return sub

    _commands(command, h)
    _stats_options(command("stats"), h)
    return parser


def _commands(command: Callable[[str], argparse.ArgumentParser], h: Callable[[str], str]) -> None:
    """Each command and its options; `h` gives the help line of a key in the user's language."""
    build = command("build")
    build.add_argument("--out", type=Path, help=h("build_out"), metavar=h("m_folder"))
    build.add_argument("--base-url", help=h("base_url"), metavar=h("m_url"))
    build.add_argument("--no-plates", action="store_true", help=h("no_plates"))
    build.add_argument("--strict", action="store_true", help=h("strict"))
    build.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help=h("jobs"),
                       metavar=h("m_number"))

    check = command("check")
    check.add_argument("--base-url", help=h("check_base_url"), metavar=h("m_url"))
    check.add_argument("--strict", action="store_true", help=h("strict"))
    for each in (build, check):
        each.add_argument("--format", choices=FORMATS, default="text", help=h("format"))

    bundle = command("bundle")
    bundle.add_argument("--out", type=Path, help=h("bundle_out"), metavar=h("m_file"))
    bundle.add_argument("--base-url", help=h("base_url"), metavar=h("m_url"))

    plates = command("plates")
    plates.add_argument("--report", action="store_true", help=h("report"))

    new = command("new")
    new.add_argument("slug", help=h("slug"), metavar=h("m_slug"))
    new.add_argument("--code", help=h("code"), metavar=h("m_code"))
    new.add_argument("--title", help=h("title"), metavar=h("m_title"))
    new.add_argument("--category", help=h("category"), metavar=h("m_category"))
    new.add_argument("--address", help=h("address"), metavar=h("m_address"))
    new.add_argument("--summary", default="", help=h("summary"), metavar=h("m_summary"))
    new.add_argument("--no-input", action="store_true", help=h("no_input"))

    serve = command("serve")
    serve.add_argument("--host", default="127.0.0.1", help=h("host"), metavar=h("m_host"))
    serve.add_argument("--port", type=int, default=8000, help=h("port"), metavar=h("m_port"))
    serve.add_argument("--out", type=Path, help=h("build_out"), metavar=h("m_folder"))
    serve.add_argument("--no-plates", action="store_true", help=h("serve_no_plates"))


def _stats_options(stats: argparse.ArgumentParser, h: Callable[[str], str]) -> None:
    """`diachido stats` (issue 24): scans per plate from logs or a counter's export."""
    stats.add_argument("logs", nargs="+", type=Path, metavar=h("m_logs"), help=h("logs"))
    stats.add_argument("--month", help=h("month"), metavar=h("m_month"))
    stats.add_argument("--since", help=h("since"), metavar=h("m_date"))
    stats.add_argument("--until", help=h("until"), metavar=h("m_date"))
    stats.add_argument("--format", dest="stats_format", choices=("text", "json", "csv"),
                       default="text", help=h("stats_format"))
    stats.add_argument("--out", type=Path, help=h("stats_out"), metavar=h("m_folder"))


def _new(args: argparse.Namespace, reporter: Reporter, lang: str) -> int:
    """`new`: on a terminal, ask for what the flags did not give; scripts keep using flags."""
    from generator.cli.scaffold import Answers, ask_missing, new_entry

    root, given = args.project, Answers(args.code, args.title, args.category, args.address)

    def create() -> tuple[str, str]:
        answers = given
        if (not args.no_input and sys.stdin.isatty()
                and None in (given.code, given.title, given.category, given.address)):
            answers = ask_missing(root, args.slug, given, lang)
        return new_entry(root, args.slug, answers.code, answers.title, answers.category,
                         answers.address, args.summary)

    return reporter.run_new(create)


def main(argv: list[str] | None = None) -> int:
    """Ctrl-C at any moment, even while modules are still loading, ends quietly (exit 130)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        try:
            from generator.messages import pick_lang, summary

            print(summary("interrupted", pick_lang(None), out="build"), file=sys.stderr)
        except BaseException:  # noqa: BLE001 - interrupted again while loading the message
            print("diachido: interrupted; build/ is unchanged.", file=sys.stderr)
        return 130


def _main(argv: list[str] | None = None) -> int:
    from generator.messages import pick_lang

    argv = sys.argv[1:] if argv is None else argv
    args = _parser(pick_lang(_lang_in(argv))).parse_args(argv)
    from generator.cli.progress import make_progress
    from generator.cli.report import Reporter
    from generator.content.config import project_problem

    lang = pick_lang(args.lang)
    reporter = Reporter(lang, sys.stdout, sys.stderr, getattr(args, "format", "text"))
    not_a_project = project_problem(args.project, args.command)
    if not_a_project:
        return reporter.refuse(not_a_project)
    if args.command == "new":
        return _new(args, reporter, lang)
    progress = make_progress(sys.stderr, lang)
    try:
        return _run(args, reporter, progress)
    finally:
        if progress:
            progress.close()


def _run(args: argparse.Namespace, reporter: Reporter, progress: TerminalProgress | None) -> int:
    root = args.project
    if args.command == "serve":
        from generator.build import Options
        from generator.cli.serve import serve

        options = Options(root=root, out=args.out or root / "build", plates=not args.no_plates,
                          progress=progress, warm=True)
        return reporter.run_serve(lambda: serve(options, args.host, args.port, reporter),
                                  options.out.as_posix().rstrip("/"))
    if args.command == "stats":
        from generator.cli.stats import stats_command

        return reporter.run_task(lambda: stats_command(args, reporter.out, reporter.lang))
    if args.command == "plates":
        from generator.cli.inspections import plates_report

        return reporter.run_report(lambda: plates_report(root))
    from generator.build import Options, build_site

    out = (args.out if args.command == "build" and args.out else root / "build")
    options = Options(
        root=root, out=out, base_url=args.base_url,
        plates=not getattr(args, "no_plates", False), check_only=args.command == "check",
        workers=max(1, getattr(args, "jobs", 1) or 1), strict=getattr(args, "strict", False),
        progress=progress,
    )
    if args.command == "bundle":
        from generator.cli.bundle import bundle_site

        target = args.out or root / "diachido-site.zip"
        return reporter.run_build(lambda: bundle_site(options, target), options)
    return reporter.run_build(lambda: build_site(options), options)


if __name__ == "__main__":
    sys.exit(main())
