"""A ZIP of certificate PDFs, written to the response as it is made.

ZIP can be written to a stream that cannot seek (each entry then carries its sizes
after its data), so the archive never has to exist whole in memory or on disk:
one PDF at a time is laid out, added and sent.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from kmi_learn.certificates import pdf


class _Sink:
    """A write-only file that hands over what was written since the last take()."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def zip_stream(entries: Iterable[tuple[str, pdf.CertificateContent]]) -> Iterator[bytes]:
    """The bytes of a ZIP holding one PDF per ``(file name, content)``, chunk by chunk.

    File names must be unique (the views put the certificate code in each).
    """
    sink = _Sink()
    # PDFs are compressed already: storing them costs no space and saves the CPU.
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in entries:
            archive.writestr(name, pdf.render(content))
            yield sink.take()
    yield sink.take()
