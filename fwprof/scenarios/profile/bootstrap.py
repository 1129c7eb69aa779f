"""The child's entry point for a script run (see :mod:`fwprof.scenarios.profile.runner`).

Started as a file, ``python /path/to/fwprof/scenarios/profile/bootstrap.py --event-fd N --script S -- ARGS``,
so that fwprof's own folder never sits early on ``sys.path`` where it could shadow the
script's modules; ``python -m fwprof.scenarios.profile.bootstrap`` works too. Nothing here imports a DL
framework.
"""

import sys

if __name__ == "__main__" and not __package__:  # run as a file: import fwprof from its folder
    from pathlib import Path

    sys.path[0] = str(Path(__file__).resolve().parents[3])

from fwprof.scenarios.profile.runner import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
