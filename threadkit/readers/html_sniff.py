"""The HTML readers' sniffers, apart from the readers.

An HTML reader's module imports lxml and the HTML layer (:mod:`threadkit.html`), a tenth of
a second and more; detection asks these readers before the mail readers (an HTML page is
decisive, and so is an mbox), so with the sniffers in the reader modules every conversion of
an mbox imported them all only to hear "not HTML". Here each sniffer needs only the page's
first bytes (:func:`threadkit.html.detect.html_evidence`); its reader module takes it as its
``sniff``, and :data:`threadkit.readers.SNIFFERS` lets detection call it without importing
the reader.
"""

from __future__ import annotations

from threadkit.detection import Guess
from threadkit.html.detect import html_evidence
from threadkit.source import Source

#: How far into a page the archive's markers are looked for.
MARKER_CHARS = 200_000
#: Pipermail's comment before a message's body.
PIPERMAIL_MARKER = "<!--beginarticle-->"
#: MHonArc's comments before a message's facts and its body.
MHONARC_MARKERS = ("<!--X-Message-Id:", "<!--X-Body-of-Message-->")


def sniff_pipermail_html(source: Source) -> Guess:
    """An HTML page with Pipermail's article markers."""
    if PIPERMAIL_MARKER not in source.text[:MARKER_CHARS] or not html_evidence(source):
        return Guess("pipermail-html", 0.0, ())
    return Guess("pipermail-html", 0.95, ("HTML page with Pipermail's <!--beginarticle--> marker",), decisive=True)


def sniff_mhonarc_html(source: Source) -> Guess:
    """An HTML page with MHonArc's message markers."""
    head = source.text[:MARKER_CHARS]
    if not any(marker in head for marker in MHONARC_MARKERS) or not html_evidence(source):
        return Guess("mhonarc-html", 0.0, ())
    return Guess("mhonarc-html", 0.95, ("HTML page with MHonArc's <!--X-...--> message markers",), decisive=True)


def sniff_article_html(source: Source) -> Guess:
    """Any HTML page: decisive, so that markup is never laid out as copied text."""
    reasons = html_evidence(source)
    if not reasons:
        return Guess("article-html", 0.0, ())
    return Guess("article-html", 0.9, reasons, decisive=True)
