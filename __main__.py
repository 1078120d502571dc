"""`python -m jianghua`: the same as the `jianghua` command."""

import sys

from jianghua.cli import main

# Guarded: multiprocessing's fork server and spawned workers import the main
# module again (as "__mp_main__"); an unguarded call would start the command
# over inside every worker of a build.
if __name__ == "__main__":
    sys.exit(main())
