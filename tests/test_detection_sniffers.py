"""Detection calls each reader's sniffer, from its light module when it has one
(:data:`threadkit.readers.SNIFFERS`): that must be the reader's own ``sniff``, so that asking
a reader directly and detection agree."""

from __future__ import annotations

from threadkit.readers import READERS, SNIFFERS, sniffer


def test_a_reader_sniffing_apart_sniffs_with_its_own_function():
    assert set(SNIFFERS) <= set(READERS)
    for name in READERS:
        assert sniffer(name) is READERS[name].sniff, name
