"""Disjoint sets (union-find): items that share any key end up in one group.

The venues of a bibliography (spellings of one venue) and the versions of a paper (a preprint
and its published form, for citation counts) are both grouped this way.
"""

from __future__ import annotations


class DisjointSets:
    """Items ``0 .. size-1``, each first in a group of its own."""

    def __init__(self, size: int):
        self._parent = list(range(size))

    def find(self, item: int) -> int:
        """The representative of `item`'s group."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving: later finds are shorter
            item = parent[item]
        return item

    def join(self, item: int, other: int) -> None:
        """Put `item`'s group and `other`'s in one; the group keeps `other`'s representative."""
        self._parent[self.find(item)] = self.find(other)

    def groups(self) -> dict[int, list[int]]:
        """Representative -> the group's items, in index order, groups in order of first item."""
        found: dict[int, list[int]] = {}
        for item in range(len(self._parent)):
            found.setdefault(self.find(item), []).append(item)
        return found
