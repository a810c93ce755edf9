"""`diachido stats`: counts from logs, printed for people (text), scripts (json, csv), or
written as the union's monthly report (--out)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from generator.messages import summary as message


def stats_command(args: argparse.Namespace, out: TextIO, lang: str) -> int:
    from generator.stats.exports import as_csv, as_json
    from generator.stats.run import collect, period_of

    period = period_of(args.month, args.since, args.until)
    result = collect(args.project, list(args.logs), period)
    if args.out:
        from generator.messages import catalogue
        from generator.stats.report import write_report

        files = write_report(result, args.out, catalogue("vi")["_report"])  # the union's files
        print(message("stats_written", lang, out=args.out.as_posix().rstrip("/"),
                      files=", ".join(files)),
              file=out if args.stats_format == "text" else sys.stderr)  # JSON stays parseable
    if args.stats_format == "json":
        out.write(as_json(result))
    elif args.stats_format == "csv":
        out.write(as_csv(result))
    elif not args.out:
        print(text_summary(result, lang), file=out)
    return 0


def text_summary(result: dict, lang: str) -> str:
    period, totals, previous = result["period"], result["totals"], result["previous"]
    lines = [message("stats_period", lang, start=period["from"], until=period["until"], **totals),
             message("stats_previous", lang, start=previous["from"], until=previous["until"],
                     scans=previous["scans"])]
    for plate in result["plates"]:
        lines.append(message("stats_plate", lang, code=plate["code"], scans=plate["scans"],
                             typed=plate["typed"], title=plate["title"]))
    if result["unknown_codes"]:
        codes = ", ".join(f"{code} ({n})" for code, n in list(result["unknown_codes"].items())[:20])
        lines.append(message("stats_unknown", lang, codes=codes))
    if result["silent"]:
        lines.append(message("stats_silent", lang, days=result["silent_days"],
                             codes=", ".join(row["code"] for row in result["silent"])))
    lines.append(message("stats_skipped", lang, skipped=result["skipped_lines"],
                         bots=result["bots"]))
    return "\n".join(lines)
