"""Mail: mbox files, RFC 5322 messages and their threading, shared by the mail readers and the mbox writer.

* :mod:`threadkit.mail.mboxfile`: mbox framing — envelope lines, mboxrd escaping, streaming split;
* :mod:`threadkit.mail.mime`: a message body's raw lines → decoded, numbered text lines and MIME structure;
* :mod:`threadkit.mail.message`: one raw message → :class:`~threadkit.model.Post` (the single adapter);
* :mod:`threadkit.mail.jwz`: thread reconstruction from Message-ID / In-Reply-To / References;
* :mod:`threadkit.mail.archive`: a stream of messages → :class:`~threadkit.model.Document`.

Neither the stdlib ``email`` package nor mail-parser says which source line a decoded body line
came from, and the model's spans need exactly that; so the MIME structure is walked here over
numbered lines, and the stdlib does the header and charset decoding.
"""
