"""`python -m chatr`."""

import sys

from chatr.cli import main

sys.exit(main())
