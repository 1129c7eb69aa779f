"""Entry point of the standalone bundle: PyInstaller runs this file as ``__main__``."""

import sys

from ui.app.launch import main

if __name__ == "__main__":
    sys.exit(main())
