"""What every command shares when it prints: colour only on a terminal."""

from __future__ import annotations

import os
import sys


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
