"""Properties of the site's HTML sanitizer (kbutil.sanitize.clean) on arbitrary HTML-ish text."""

from hypothesis import event, given
from inert import active_in_html
from property_inputs import checkable, html_fragments

from kbutil.sanitize import UnsafeHTML, clean


def cleaned(html):
    """clean(html): (html, dropped), or None for UnsafeHTML; any other exception fails the test."""
    try:
        result = clean(html)
    except UnsafeHTML as err:
        assert err.items
        event("refused: UnsafeHTML")
        return None
    event("cleaned" if result[0] == html else "cleaned, markup dropped")
    assert isinstance(result, tuple) and isinstance(result[0], str) and isinstance(result[1], list)
    return result


@given(html=html_fragments())
def test_clean_gives_inert_html_or_unsafe_html(html):
    """clean on any text returns (html, dropped) with nothing active in the html, or raises UnsafeHTML."""
    result = cleaned(html)
    if result is not None:
        assert active_in_html(checkable(result[0]), fragment=True) == []


@given(html=html_fragments())
def test_clean_is_idempotent_on_its_own_output(html):
    """Cleaning clean's output again changes nothing and drops nothing."""
    result = cleaned(html)
    if result is not None:
        assert clean(result[0]) == (result[0], [])
