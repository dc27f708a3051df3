"""model.date_range: the one place writers get a document's or a thread's span of time."""

from threadkit.model import Post, Span, date_range


def test_dates_compare_as_instants_and_keep_their_writing() -> None:
    posts = [Post(id="p1", span=Span(1, 1), date="2024-03-01T23:30:00-05:00"),  # 04:30 UTC on the 2nd
             Post(id="p2", span=Span(1, 1), date="2024-03-02T01:00:00"),        # no offset: taken as UTC
             Post(id="p3", span=Span(1, 1), date="2024-03-02T03:00:00+01:00"),  # 02:00 UTC
             Post(id="p4", span=Span(1, 1), date="not a date"), Post(id="p5", span=Span(1, 1))]
    assert date_range(posts) == ("2024-03-02T01:00:00", "2024-03-01T23:30:00-05:00")


def test_no_dates() -> None:
    assert date_range([Post(id="p1", span=Span(1, 1))]) == (None, None)
    assert date_range([]) == (None, None)
