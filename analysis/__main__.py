"""``python -m analysis``: see :mod:`analysis.cli`."""

import os
import sys

from analysis.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader of the output left (`stats | head`): stop quietly, as Unix tools do, with the
    # exit code of a process ended by SIGPIPE; the rest of the output has nowhere to go.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 128 + 13
raise SystemExit(code)
