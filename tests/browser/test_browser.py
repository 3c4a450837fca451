"""The development build in a real browser: reading, accessibility, keyboard, small screens, print."""

import re

import pytest
from playwright.sync_api import expect

HOME = ""
KLOUT = "2011/10/clouting-klout/"
PAGES = [pytest.param(HOME, id="home"), pytest.param(KLOUT, id="article")]
SCHEMES = ["light", "dark"]

NARROW = {"width": 320, "height": 640}

# Elements reaching past the right edge of the viewport, to name them when a page scrolls sideways.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .map(el => `${el.tagName.toLowerCase()}${[...el.classList].map(c => '.' + c).join('')}`
               + ` (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


def relative_luminance(css_colour):
    """WCAG relative luminance of a computed `rgb(r, g, b)` or `rgba(...)` colour."""
    inside = css_colour[css_colour.index("(") + 1 : css_colour.index(")")]
    channels = [float(part) / 255 for part in inside.replace("/", ",").split(",")[:3]]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def body_colours(page):
    """The body's computed background and text colours."""
    return page.evaluate(
        "() => { const s = getComputedStyle(document.body);"
        " return {background: s.backgroundColor, text: s.color}; }"
    )


def test_reader_browses_home_tag_article(visit, follow, page, traffic):
    """Home → Tags → the "klout" tag → the post, all by clicking, with nothing going wrong."""
    visit(HOME)
    main = page.get_by_role("main")
    for title in ("Clouting Klout", "Presentation: Why Your Customers Need an Online Community"):
        expect(main.get_by_role("link", name=title, exact=True)).to_be_visible()

    follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Tags"), "**/tags/")
    tag_link = main.get_by_role("link", name="klout", exact=True)
    expect(tag_link).to_have_attribute("href", re.compile(r"(^|/)tag/klout/$"))
    follow(tag_link, "**/tag/klout/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("klout")
    article_link = main.get_by_role("link", name="Clouting Klout", exact=True)
    expect(article_link).to_be_visible()

    follow(article_link, f"**/{KLOUT}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clouting Klout")
    expect(main.get_by_text("I don’t “get” Klout.")).to_be_visible()
    traffic.assert_clean()


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(visit, path, axe, traffic):
    """axe-core finds no WCAG 2.0–2.2 A/AA violations, in light or dark colours."""
    axe.assert_clean(visit(path), f"/{path}")
    traffic.assert_clean()


def test_color_scheme_applies(new_page, traffic):
    """The emulated colour scheme reaches the CSS: dark mode really paints the page dark."""
    seen = {}
    for scheme in SCHEMES:
        page = new_page(color_scheme=scheme)
        page.goto(HOME, wait_until="networkidle")
        prefers_dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert prefers_dark == (scheme == "dark"), scheme
        seen[scheme] = body_colours(page)

    light, dark = seen["light"], seen["dark"]
    assert light["background"] != dark["background"], seen
    assert relative_luminance(dark["background"]) < relative_luminance(dark["text"]), seen
    assert relative_luminance(light["background"]) > relative_luminance(light["text"]), seen
    traffic.assert_clean()


def test_keyboard_focus_visible(visit, page, traffic):
    """The first Tab reaches a visibly focused skip link; Enter skips to the main content."""
    visit(HOME)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_be_in_viewport()
    style = focused.evaluate(
        "el => { const s = getComputedStyle(el); return {focusVisible: el.matches(':focus-visible'),"
        " outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow}; }"
    )
    outlined = style["outlineStyle"] != "none" and float(style["outlineWidth"].removesuffix("px")) > 0
    assert style["focusVisible"] and (outlined or style["boxShadow"] != "none"), style

    page.keyboard.press("Enter")
    page.wait_for_url("**/#content")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('content').contains(document.activeElement)"), (
        "after the skip link, Tab should move into <main id=content>, not to "
        + page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    )
    traffic.assert_clean()


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"])
@pytest.mark.parametrize("path", PAGES)
def test_responsive_320(visit, path, traffic):
    """At 320 CSS pixels wide (WCAG 1.4.10 reflow) nothing scrolls sideways."""
    page = visit(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], page.evaluate(OVERFLOWING)
    traffic.assert_clean()


@pytest.mark.parametrize("color_scheme", ["dark"])
def test_print_stylesheet(visit, page, traffic):
    """print.css hides navigation chrome and prints black on white, even for dark-mode readers."""
    visit(KLOUT)
    chrome = page.locator("nav, .skip-link")
    expect(page.locator(".site-nav")).to_be_visible()
    expect(page.locator(".post-nav")).to_be_visible()
    assert chrome.count() >= 3

    page.emulate_media(media="print")
    for element in chrome.all():
        expect(element).to_have_css("display", "none")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clouting Klout")
    expect(page.locator(".content")).to_be_visible()
    colours = body_colours(page)
    assert colours == {"background": "rgb(255, 255, 255)", "text": "rgb(0, 0, 0)"}, colours
    traffic.assert_clean()
