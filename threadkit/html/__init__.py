"""The shared HTML layer: a saved page's decoded text → parsed tree → the text a browser shows.

Every HTML reader (``article-html``, ``pipermail-html``, ``mhonarc-html``) stands on it:

* :mod:`.charset`: the charset a page declares (``<meta charset>``, ``http-equiv``, ``<?xml``),
  used by :func:`threadkit.source.decode` when the bytes are not UTF-8;
* :mod:`.page`: the page parsed with lxml, and its *visible text nodes* (what a browser shows
  with scripts off), each with its source line; scripts, styles and hidden markup are counted
  as skipped, never silently dropped;
* :mod:`.vocab`: the words of page furniture in class names, ids, roles and tags;
* :mod:`.blocks`: text nodes → model blocks, and the partition of a page's nodes among the
  places of a document (posts, their headers, typed boilerplate);
* :mod:`.meta`: author, date, title from JSON-LD, Open Graph, ``<meta>`` and ``<time>``;
* :mod:`.coverage`: the lossless invariant for HTML documents (every visible text node in
  exactly one place).

The unit of losslessness is the text node, not the line: one line of a page may hold a
menu, an article and a comment, so blocks carry the span of the lines their nodes stand on.
"""
