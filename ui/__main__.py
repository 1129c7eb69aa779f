"""``python -m ui [SNAPSHOT ...]``: the fwprof desktop app."""

import sys

from ui.app.start import main

sys.exit(main())
