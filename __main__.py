"""`python -m jianghua`: the same as the `jianghua` command."""

import sys

from jianghua.cli import main

sys.exit(main())
