"""`python -m reportkit`: the same command as the `reportkit` console script."""

from __future__ import annotations

import sys

from reportkit.cli import main

sys.exit(main())
