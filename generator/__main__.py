"""`python -m generator …` is the same as `diachido …`."""

import sys

from generator.cli import main

sys.exit(main())
