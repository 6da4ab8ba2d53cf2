"""The elements below one camt element, indexed once by their path of local names.

A camt entry is read through some thirty optional paths (``RltdPties/Dbtr/Nm``,
``RltdPties/Dbtr/Pty/Nm``…). Walking the element once and looking paths up in a dict is
several times faster than one ``find`` per path, and the paths carry no namespace, so the
same code reads every message version.
"""

from __future__ import annotations

from lxml import etree

from ingest.text import normalise_space

Element = etree._Element


class Fields:
    """Descendants of one element by relative path (``"Refs/AcctSvcrRef"``), in document order.

    The walk does not enter elements named in ``stop`` (they are indexed, their content is
    not): an entry's ``TxDtls`` are indexed on their own.
    """

    __slots__ = ("_elements",)

    def __init__(self, element: Element | None, stop: frozenset[str] = frozenset()) -> None:
        self._elements: dict[str, list[Element]] = {}
        if element is not None:
            self._walk(element, "", stop)

    def _walk(self, node: Element, prefix: str, stop: frozenset[str]) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):  # an unresolved entity reference
                continue
            name = tag.rpartition("}")[2]
            path = prefix + name
            self._elements.setdefault(path, []).append(child)
            if len(child) and name not in stop:
                self._walk(child, path + "/", stop)

    def elements(self, path: str) -> list[Element]:
        """Every element at ``path``, in document order."""
        return self._elements.get(path, [])

    def element(self, path: str) -> Element | None:
        """The first element at ``path``, or ``None``."""
        found = self._elements.get(path)
        return found[0] if found else None

    def texts(self, path: str) -> list[str]:
        """The whitespace-normalised, non-empty texts of the elements at ``path``."""
        texts = (normalise_space(found.text) for found in self.elements(path))
        return [text for text in texts if text]

    def text(self, *paths: str) -> str | None:
        """The first non-empty text found, trying ``paths`` in order."""
        for path in paths:
            for found in self.elements(path):
                text = normalise_space(found.text)
                if text:
                    return text
        return None
