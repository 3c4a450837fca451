"""kbutil.siteurl: the one test of an absolute SITEURL, and the production SITEURL from the environment."""

import pytest

from kbutil.siteurl import is_site_url, site_url_from_env


@pytest.mark.parametrize("value", ["https://example.org", "http://example.org/blog/", "https://xn--bcher-kva.example"])
def test_absolute_http_addresses_are_site_urls(value):
    assert is_site_url(value)


@pytest.mark.parametrize("value", ["", "/blog", "../..", "example.org", "ftp://example.org", "https://",
                                   "https://exa mple.org", "javascript:alert(1)", None, 3])
def test_anything_else_is_not(value):
    assert not is_site_url(value)


def test_the_environment_gives_the_address_without_its_last_slash():
    assert site_url_from_env({"SITEURL": " https://example.org/blog/ "}) == "https://example.org/blog"


@pytest.mark.parametrize("environ, says", [({}, "is not set"), ({"SITEURL": "example.org"}, "not an absolute")])
def test_a_missing_or_relative_address_stops_with_what_to_set(environ, says):
    with pytest.raises(SystemExit, match=says):
        site_url_from_env(environ)
