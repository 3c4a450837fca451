"""Glossary tooltips in a real browser: keyboard focus, Escape, hover, small screens, axe.

WCAG 1.4.13 (content on hover or focus): the definition shows on hover and on keyboard
focus, Escape dismisses it without moving focus, the pointer can move onto it, and it stays
until the pointer and focus leave.
"""

import re

import pytest
from playwright.sync_api import expect

KLOUT = "2011/10/clouting-klout/"
GLOSSARY = "glossary/"
TERM = "glossary/klout-score/"
NARROW = {"width": 320, "height": 640}
MAX_TABS = 80
KLOUT_DEFINITION = "A number from 1 to 100"


def first_term(page):
    """The post's first glossary link ("Klout") and its tooltip."""
    link = page.locator("main a.gloss-term").first
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    return link, tip


def tab_to(page, link):
    """Press Tab until `link` has focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{MAX_TABS} Tab presses never reached {link}")


def test_keyboard_focus_shows_the_definition_and_escape_hides_it(visit, page, traffic):
    visit(KLOUT)
    link, tip = first_term(page)
    expect(link).to_have_text("Klout")
    expect(tip).to_be_hidden()

    tab_to(page, link)
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(KLOUT_DEFINITION)
    expect(tip).to_have_attribute("role", "tooltip")
    expect(link).to_have_accessible_description(re.compile("Klout score: " + KLOUT_DEFINITION))
    expect(link).to_have_accessible_name("Klout")

    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(link).to_be_focused()  # dismissing moves no focus

    link.hover()  # hovering again shows it again
    expect(tip).to_be_visible()

    page.mouse.move(1, 1)
    page.keyboard.press("Tab")  # focus and pointer gone: hidden
    expect(tip).to_be_hidden()
    traffic.assert_clean()


def test_hover_shows_the_definition_which_stays_while_pointed_at(visit, page, traffic):
    visit(KLOUT)
    link, tip = first_term(page)
    link.hover()
    expect(tip).to_be_visible()

    # The pointer crosses from the term onto the tooltip: it stays (hoverable).
    box = tip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=12)
    expect(tip).to_be_visible()
    page.wait_for_timeout(600)
    expect(tip).to_be_visible()  # persistent: no timeout hides it

    page.keyboard.press("Escape")  # dismissible while hovered
    expect(tip).to_be_hidden()

    page.mouse.move(1, 1)
    expect(tip).to_be_hidden()
    link.hover()
    expect(tip).to_be_visible()
    page.mouse.move(1, 1)
    expect(tip).to_be_hidden()
    traffic.assert_clean()


def test_only_one_definition_shows_at_a_time(visit, page, traffic):
    visit(KLOUT)
    links = page.locator("main a.gloss-term")
    assert links.count() >= 5
    links.nth(2).hover()
    shown = page.locator(".gloss-tip").evaluate_all("tips => tips.filter(t => t.checkVisibility()).length")
    assert shown == 1
    traffic.assert_clean()


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"])
def test_tooltips_stay_inside_a_small_screen(visit, page, traffic):
    visit(KLOUT)
    links = page.locator("main a.gloss-term")
    for index in range(links.count()):
        link = links.nth(index)
        tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
        link.focus()
        expect(tip).to_be_visible()
        box = tip.bounding_box()
        width = page.evaluate("document.documentElement.clientWidth")
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (index, box, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    traffic.assert_clean()


def test_no_axe_violations_with_a_tooltip_open(visit, page, axe, traffic):
    visit(KLOUT)
    link, tip = first_term(page)
    link.focus()
    expect(tip).to_be_visible()
    axe.assert_clean(page, f"/{KLOUT} with the tooltip open")
    expect(tip).to_be_visible()  # still open: both colour schemes were checked with it
    traffic.assert_clean()


@pytest.mark.parametrize("path", [pytest.param(GLOSSARY, id="a-z"), pytest.param(TERM, id="term")])
def test_no_axe_violations_on_glossary_pages(visit, path, axe, traffic):
    page = visit(path)
    if path == TERM:  # with one of its own links' tooltips open
        link = page.locator("main a.gloss-term").first
        link.focus()
        expect(page.locator(f"#{link.get_attribute('aria-describedby')}")).to_be_visible()
    axe.assert_clean(page, f"/{path}")
    traffic.assert_clean()


def test_a_to_z_letter_and_term_links_work(visit, follow, page, traffic):
    visit(GLOSSARY)
    nav = page.get_by_role("navigation", name="Glossary letters")
    nav.get_by_role("link", name="K", exact=True).click()
    page.wait_for_url("**/glossary/#letter-k")
    expect(page.get_by_role("heading", name="K", exact=True)).to_be_in_viewport()
    follow(page.get_by_role("main").get_by_role("link", name="Klout score", exact=True), f"**/{TERM}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klout score")
    traffic.assert_clean()


def test_a_term_link_in_a_post_leads_to_its_page(visit, follow, page, traffic):
    visit(KLOUT)
    link, _ = first_term(page)
    follow(link, f"**/{TERM}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klout score")
    expect(page.locator(".glossary-definition")).to_contain_text(KLOUT_DEFINITION)
    traffic.assert_clean()
