"""Command line: parses arguments and calls the library; no logic lives here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import __version__


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

    plates = commands.add_parser("plates", help="plate maintenance")
    plates.add_argument("--report", action="store_true",
                        help="list plates due for inspection (from codes.yml)")

    new = commands.add_parser("new", help="create a new site entry")
    new.add_argument("slug", help="file name, e.g. dinh-phu-my")
    new.add_argument("--code", help="plate code, e.g. NT05 (default: the next free code)")
    new.add_argument("--title", help="Vietnamese name of the site")
    new.add_argument("--category", default="di tích lịch sử")
    new.add_argument("--address", default="")
    new.add_argument("--summary", default="")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from generator.messages import pick_lang
    from generator.report import Reporter

    reporter = Reporter(pick_lang(args.lang), sys.stdout, sys.stderr)
    root = args.project
    if args.command == "new":
        from generator.scaffold import new_entry

        return reporter.run_new(lambda: new_entry(root, args.slug, args.code, args.title,
                                                  args.category, args.address, args.summary))
    if args.command == "plates":
        from generator.inspections import plates_report

        return reporter.run_report(lambda: plates_report(root))
    from generator.build import Options, build_site

    out = (args.out if args.command == "build" and args.out else root / "build")
    options = Options(
        root=root, out=out, base_url=args.base_url,
        plates=not getattr(args, "no_plates", False), check_only=args.command == "check",
        workers=max(1, getattr(args, "jobs", 1) or 1), strict=args.strict,
    )
    return reporter.run_build(lambda: build_site(options), options)


if __name__ == "__main__":
    sys.exit(main())
