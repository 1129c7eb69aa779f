"""``python -m ui [SNAPSHOT ...]``: the fwprof desktop app."""

import sys

from ui.app import main

sys.exit(main())
