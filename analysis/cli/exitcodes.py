"""The exit codes of ``python -m analysis``, defined once; ``--help`` prints :data:`HELP`.

A script can tell "your file has problems" (1) from "the command could not run" (2): a crash
that does happen ends with 3 and one line, never as if problems were found.
"""

OK = 0  # success: check found no error (warnings are allowed unless --strict)
PROBLEMS = 1  # problems found (each printed as FILE:LINE: KEY: message), or add/init refused
USAGE = 2  # usage error, or a file that cannot be read or written (not a regular file, too big)
INTERNAL = 3  # a bug of this program: one line says so; PORTFOLIO_DEBUG=1 shows the traceback

HELP = f"""\
exit codes:
  {OK}  success (check: no errors, so the book builds; warnings are printed but allowed
     unless --strict)
  {PROBLEMS}  problems found (every one is printed as PATH:LINE: KEY: message), or add/init refused
  {USAGE}  usage error, or a file that cannot be read or written (missing, not a regular file,
     too big, not UTF-8, a full disk, a folder without write permission)
  {INTERNAL}  a bug in this program (one line names it; PORTFOLIO_DEBUG=1 shows the traceback)
"""
