"""``python -m fwprof``."""

import sys

from fwprof.cli.main import main

sys.exit(main())
