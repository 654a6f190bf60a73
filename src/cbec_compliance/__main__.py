"""``python -m cbec_compliance`` runs the ``cbec`` command line."""

import sys

from cbec_compliance.cli import main

sys.exit(main())
