"""`python -m generator …` is the same as `diachido …`."""

import sys

try:
    from generator.cli.main import main
except KeyboardInterrupt:  # Ctrl-C while Python is still loading diachido
    sys.exit(130)

sys.exit(main())
