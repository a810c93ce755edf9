"""SIGTERM (a closed terminal, `kill`, serve's parent stopping it) ends a run as Ctrl-C does,
wherever the main thread happens to be, a finaliser included."""

from __future__ import annotations

import signal
import sys

import pytest

from generator.cli import report


def test_sigterm_raises_keyboard_interrupt_in_ordinary_code():
    with pytest.raises(KeyboardInterrupt):
        report._terminate(signal.SIGTERM, sys._getframe())


def test_sigterm_inside_a_finaliser_is_sent_again_not_lost(monkeypatch):
    """Raised in a `__del__` or a weakref callback, KeyboardInterrupt is printed as "Exception
    ignored" with a traceback and the run goes on (seen once in serve's test): the handler sends
    the signal again instead, to be taken once the finaliser has returned."""
    sent: list[int] = []
    monkeypatch.setattr(report.os, "kill", lambda _pid, sig: sent.append(sig))

    class Finalised:
        def __del__(self) -> None:
            report._terminate(signal.SIGTERM, sys._getframe())

    Finalised()  # collected at once: __del__ runs here, and must not raise
    assert sent == [signal.SIGTERM]
