"""A located problem: what the user must fix, in which file, at which line, of which entry.

Shared by every layer (the bibliography, ``_config.yml``, ``cv.yaml``, ``metrics.jsonl``), so all
of them report and stop a build the same way: ``FILE:LINE: KEY: what is wrong and how to fix it``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bibliography, located so the user can fix it."""

    path: str
    line: int  # 1-based line of the entry (or block) in the file
    key: str  # entry key, or "-" when the block has none
    message: str  # what is wrong and how to fix it
    severity: str = "error"  # "error", "warning", or "note" (listed by `check --strict` only)

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        message = " ".join(self.message.split())  # one line, whatever a quoted value held
        key = " ".join(self.key.split())
        return f"{self.path}:{self.line}: {key}: {label}{message}"
