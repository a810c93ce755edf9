"""`python -m tests.bench [--quick | --profile N | --sizes …]`: see run.py."""

import sys

from tests.bench.run import main

sys.exit(main())
