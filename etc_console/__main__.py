import sys

from etc_console.cli import main

sys.exit(main())
