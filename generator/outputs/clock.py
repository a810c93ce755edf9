"""The build's clock. SOURCE_DATE_EPOCH (reproducible-builds.org) pins every date the build
writes, so two runs of the same input give the same bytes; this is its one reader."""

from __future__ import annotations

import datetime as dt
import os


def source_date_epoch() -> int | None:
    """The pinned time in seconds since 1970, or None when the build may use the real clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def today() -> dt.date:
    """The build date: the pinned one, else today."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return dt.date.today()
