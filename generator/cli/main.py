"""Command line: parses arguments and calls the library; no logic lives here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.cli.formats import FORMATS

if TYPE_CHECKING:
    from generator.cli.progress import TerminalProgress
    from generator.cli.report import Reporter


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diachido", description="Build the red-address heritage website and its QR plates.")
    parser.add_argument("--version", action="version", version=f"diachido {__version__}")
    parser.add_argument("-C", "--project", type=Path, default=Path("."),
                        help="project folder (default: the current folder)")
    parser.add_argument("--lang", choices=("vi", "en"),
                        help="language of messages (default: $DIACHIDO_LANG or vi)")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the site into build/")
    build.add_argument("--out", type=Path, help="output folder (default: build)")
    build.add_argument("--base-url", help="public address, e.g. https://doan.example.vn/diachido")
    build.add_argument("--no-plates", action="store_true", help="pages only, no QR plates")
    build.add_argument("--strict", action="store_true",
                       help="treat warnings (e.g. audio without transcript) as errors")
    build.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="worker processes (default: all cores)")

    check = commands.add_parser("check", help="validate everything, write nothing")
    check.add_argument("--base-url", help="public address to validate with")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    for command in (build, check):
        command.add_argument("--format", choices=FORMATS, default="text",
                             help="problems as text for people (default), a JSON array, "
                                  "GitHub workflow annotations or a Markdown table")

    bundle = commands.add_parser(
        "bundle", help="build, then write one ZIP of the whole site that opens from disk")
    bundle.add_argument("--out", type=Path, help="the ZIP file (default: diachido-site.zip)")
    bundle.add_argument("--base-url", help="public address, e.g. https://doan.example.vn/dd")

    plates = commands.add_parser("plates", help="plate maintenance")
    plates.add_argument("--report", action="store_true",
                        help="list plates due for inspection (from codes.yml)")

    _stats_parser(commands)

    new = commands.add_parser("new", help="create a new site entry")
    new.add_argument("slug", help="file name, e.g. dinh-phu-my")
    new.add_argument("--code", help="plate code, e.g. NT05 (default: the next free code)")
    new.add_argument("--title", help="Vietnamese name of the site")
    new.add_argument("--category", help="category (default: di tích lịch sử)")
    new.add_argument("--address", help="address (hamlet, commune, province)")
    new.add_argument("--summary", default="")
    new.add_argument("--no-input", action="store_true",
                     help="never ask questions, even on a terminal (defaults for what is missing)")

    serve = commands.add_parser(
        "serve", help="build, serve on http://HOST:PORT/ and reload the browser on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--out", type=Path, help="output folder (default: build)")
    serve.add_argument("--no-plates", action="store_true",
                       help="pages only: faster rebuilds on large projects (no QR plates)")
    return parser


def _stats_parser(commands: argparse._SubParsersAction) -> None:
    """`diachido stats` (issue 24): its own function, so the command list stays readable."""
    stats = commands.add_parser(
        "stats", help="scans per plate from access logs or a GoatCounter export")
    stats.add_argument("logs", nargs="+", type=Path, metavar="LOG_OR_EXPORT",
                       help="nginx/Apache/Caddy/IIS logs (.gz too) or GoatCounter CSV exports")
    stats.add_argument("--month", help="one month, e.g. 2026-11")
    stats.add_argument("--since", help="first day, e.g. 2026-11-01")
    stats.add_argument("--until", help="last day, e.g. 2026-11-30")
    stats.add_argument("--format", dest="stats_format", choices=("text", "json", "csv"),
                       default="text", help="a summary for people (default), JSON or CSV")
    stats.add_argument("--out", type=Path, help="write the monthly report (HTML, PDF, CSV) here")


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
    args = _parser().parse_args(argv)
    from generator.cli.progress import make_progress
    from generator.cli.report import Reporter
    from generator.messages import pick_lang

    lang = pick_lang(args.lang)
    reporter = Reporter(lang, sys.stdout, sys.stderr, getattr(args, "format", "text"))
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
