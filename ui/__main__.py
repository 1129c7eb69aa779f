"""``python -m ui [SNAPSHOT ...]``: the fwprof desktop app."""

import sys

from ui.app.launch import main

sys.exit(main())
