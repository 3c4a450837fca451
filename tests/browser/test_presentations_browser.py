"""Embedded presentations in a real browser: click-to-load players, the deck viewer, no-JS, axe.

The presentation post holds a SlideShare facade (nothing reaches SlideShare until the reader
clicks "Load the SlideShare player") and a deck viewer (one slide at a time, keyboard and
#slide-n links); the deck page shows every slide with its speaker notes.
"""

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

POST = "2011/10/why-your-customers-need-an-online-community/"
DECK_PAGE = "presentations/why-your-customers-need-an-online-community/"
HANDOUT = DECK_PAGE + "handout/"
INDEX = "presentations/"
PAGES = [pytest.param(POST, id="post"), pytest.param(DECK_PAGE, id="deck-page")]
# Every page presentations.css styles: the two above, the handout and the index.
ALL_PAGES = PAGES + [pytest.param(HANDOUT, id="handout"), pytest.param(INDEX, id="index")]
NARROW = {"width": 320, "height": 640}
SANDBOX = (
    "allow-scripts allow-same-origin allow-popups allow-presentation allow-popups-to-escape-sandbox"
)
# Enough Tab presses to get from the top of the post into the deck.
MAX_TABS = 80

FOCUS_IN_DECK = "() => !!document.activeElement?.closest('[data-deck]')"
# Ids of the slides the reader can see (rendered boxes), in order.
SHOWN_SLIDES = "slides => slides.filter(s => s.getClientRects().length > 0).map(s => s.id)"
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def wait_until(page, condition, seconds=5):
    """Poll a Python condition (e.g. on the traffic record) until it holds or time runs out.

    Waiting through the page (not time.sleep) lets Playwright deliver the events and route
    callbacks that fill the traffic record.
    """
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return condition()


def deck_state(deck):
    """What a sighted reader sees of the deck: the shown slides, the counter and button states."""
    return {
        "shown": deck.locator(".deck-slide").evaluate_all(SHOWN_SLIDES),
        "counter": deck.locator(".deck-counter").text_content(),
        "prev_disabled": deck.locator(".deck-prev").is_disabled(),
        "next_disabled": deck.locator(".deck-next").is_disabled(),
    }


def expect_slide(deck, ids, number):
    """Slide `number` (1-based) alone is shown and counted; the buttons fit its place."""
    total = len(ids)
    expect(deck.locator(".deck-counter")).to_have_text(f"Slide {number} of {total}")
    assert deck_state(deck) == {
        "shown": [ids[number - 1]],
        "counter": f"Slide {number} of {total}",
        "prev_disabled": number == 1,
        "next_disabled": number == total,
    }


def test_player_loads_only_after_click(visit, page, traffic):
    """Nothing foreign and no iframe until the click; then the sandboxed player and its request."""
    visit(POST)
    figure = page.locator("figure[data-embed]")
    expect(figure).to_have_count(1)
    src = figure.get_attribute("data-embed-src")
    title = figure.get_attribute("data-embed-title")
    provider = figure.get_attribute("data-embed-provider")
    allow = figure.get_attribute("data-embed-allow")
    assert src and src.startswith("https://"), src
    assert title and provider, (title, provider)

    # Nothing has left the machine: not the player, not a poster, not a font.
    assert traffic.foreign_requests == [], traffic.foreign_requests
    assert traffic.blocked_requests == [], traffic.blocked_requests
    expect(page.locator("iframe")).to_have_count(0)

    button = figure.get_by_role("button", name=f"Load the {provider} player")
    expect(button).to_be_visible()
    button.click()

    iframe = figure.locator(".embed-box > iframe")
    expect(iframe).to_have_count(1)
    expect(page.locator("iframe")).to_have_count(1)
    expect(figure.locator(".embed-facade")).to_have_count(0)
    expect(iframe).to_have_attribute("src", src)
    expect(iframe).to_have_attribute("title", f"{title} ({provider})")
    expect(iframe).to_have_attribute("sandbox", SANDBOX)
    if allow:
        expect(iframe).to_have_attribute("allow", allow)
    expect(iframe).to_have_attribute("referrerpolicy", "strict-origin-when-cross-origin")
    expect(iframe).to_have_attribute("allowfullscreen", "")
    expect(iframe).to_be_focused()
    # The player fills the responsive box (inside its 1px border).
    box, frame = figure.locator(".embed-box").bounding_box(), iframe.bounding_box()
    assert abs(frame["width"] - (box["width"] - 2)) <= 1.5, (box, frame)
    assert abs(frame["height"] - (box["height"] - 2)) <= 1.5, (box, frame)
    # The caption link to the provider's page is still there.
    expect(figure.locator("figcaption a")).to_be_visible()

    # Only now does the browser ask the provider, and the test network refuses it.
    assert wait_until(page, lambda: traffic.blocked_requests), "the player never tried to load"
    provider_origin = origin(src)
    assert traffic.blocked_requests[0] == src, traffic.blocked_requests
    assert all(origin(url) == provider_origin for url in traffic.blocked_requests), (
        traffic.blocked_requests
    )
    assert traffic.foreign_requests == traffic.blocked_requests, traffic.foreign_requests
    assert all(origin(entry) == provider_origin for entry in traffic.failed_requests), (
        traffic.failed_requests
    )
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.page_errors, traffic.page_errors
    assert not traffic.http_errors, traffic.http_errors


def test_a_player_of_an_owner_allowed_host_gets_its_own_stricter_sandbox_never_a_looser_one(visit, page):
    """Facades for EMBED_EXTRA_HOSTS carry data-embed-sandbox; the script keeps only tokens of its own."""
    visit(POST)
    figure = page.locator("figure[data-embed]")
    figure.evaluate("f => { f.setAttribute('data-embed-sandbox', 'allow-scripts allow-top-navigation allow-forms');"
                    " f.setAttribute('data-embed-referrerpolicy', 'unsafe-url'); }")
    figure.get_by_role("button").click()
    iframe = figure.locator(".embed-box > iframe")
    expect(iframe).to_have_attribute("sandbox", "allow-scripts")
    expect(iframe).to_have_attribute("referrerpolicy", "strict-origin-when-cross-origin")


def test_without_javascript(browser, base_url, traffic):
    """Without JavaScript: no load button, the caption link to the provider, every slide on show."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        context.route("**/*", traffic.route)
        page = context.new_page()
        page.on("request", traffic.on_request)
        page.on("requestfailed", traffic.on_request_failed)
        page.on("response", traffic.on_response)
        response = page.goto(POST, wait_until="networkidle")
        assert response is not None and response.ok, POST

        figure = page.locator("figure[data-embed]")
        expect(figure.locator(".embed-load")).to_be_hidden()
        expect(figure.locator(".embed-load")).to_have_attribute("hidden", "")
        link = figure.locator("figcaption a")
        expect(link).to_be_visible()
        assert link.get_attribute("href").startswith("https://"), link.get_attribute("href")
        expect(page.locator("iframe")).to_have_count(0)

        deck = page.locator("[data-deck]")
        slides = deck.locator(".deck-slide")
        assert slides.count() >= 2
        for slide in slides.all():
            expect(slide).to_be_visible()
        expect(deck.locator(".deck-controls")).to_have_count(0)
        expect(deck).not_to_have_class("deck--js")
        traffic.assert_clean()
    finally:
        context.close()


def test_deck_with_keyboard_only(visit, page, traffic):
    """Tab into the deck; arrows, End and Home move between slides and the URL follows."""
    page.emulate_media(reduced_motion="reduce")  # instant focus scrolling, so scrollY is settled
    visit(POST)
    deck = page.locator("[data-deck]")
    expect(deck).to_have_class("deck deck--js")
    ids = deck.locator(".deck-slide").evaluate_all("slides => slides.map(s => s.id)")
    assert len(ids) >= 3 and ids[:3] == ["slide-1", "slide-2", "slide-3"], ids
    expect(deck.get_by_role("group", name="Slide controls")).to_be_visible()
    expect_slide(deck, ids, 1)
    assert page.evaluate("location.hash") == ""

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_IN_DECK):
            break
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab never reached the deck")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    scroll_before = page.evaluate("scrollY")

    page.keyboard.press("ArrowRight")
    expect_slide(deck, ids, 2)
    assert page.evaluate("location.hash") == "#slide-2"
    assert page.evaluate("scrollY") == scroll_before, "moving on should not scroll the page"

    page.keyboard.press("End")
    expect_slide(deck, ids, len(ids))
    assert page.evaluate("location.hash") == f"#{ids[-1]}"
    # The focused Next button went disabled; focus stays in the deck, so keys keep working.
    assert page.evaluate(FOCUS_IN_DECK)

    page.keyboard.press("ArrowLeft")
    expect_slide(deck, ids, len(ids) - 1)
    page.keyboard.press("Home")
    expect_slide(deck, ids, 1)
    assert page.evaluate("location.hash") == "#slide-1"
    page.keyboard.press("PageDown")
    expect_slide(deck, ids, 2)
    page.keyboard.press("PageUp")
    expect_slide(deck, ids, 1)
    # The slides themselves are a focus stop, named for screen readers.
    slides_list = deck.locator(".deck-slides")
    expect(slides_list).to_have_attribute("tabindex", "0")
    expect(slides_list).to_have_attribute("aria-label", "Slides")
    expect(deck.locator(".deck-counter")).to_have_attribute("aria-live", "polite")
    traffic.assert_clean()


def test_deck_opens_at_hash_and_follows_it(visit, page, traffic):
    """#slide-3 opens the deck on slide 3; a later hash change moves it; the buttons work too."""
    visit(POST + "#slide-3")
    deck = page.locator("[data-deck]")
    ids = deck.locator(".deck-slide").evaluate_all("slides => slides.map(s => s.id)")
    expect_slide(deck, ids, 3)
    expect(deck.locator("#slide-3")).to_be_in_viewport()

    page.evaluate("location.hash = '#slide-2'")
    expect_slide(deck, ids, 2)

    deck.get_by_role("button", name="Next slide").click()
    expect_slide(deck, ids, 3)
    assert page.evaluate("location.hash") == "#slide-3"
    deck.get_by_role("button", name="Previous slide").click()
    deck.get_by_role("button", name="Previous slide").click()
    expect_slide(deck, ids, 1)
    traffic.assert_clean()


def test_deck_page_shows_every_slide_with_notes(visit, page, traffic):
    """The deck page is plain reading: every slide framed, each with its speaker notes."""
    visit(DECK_PAGE)
    slides = page.locator(".deck-page-slide")
    assert slides.count() >= 2
    for slide in slides.all():
        expect(slide.locator(".slide-frame")).to_be_visible()
        expect(slide.locator(".slide-notes")).to_be_visible()
    frame = slides.first.locator(".slide-frame")
    expect(frame).not_to_have_css("border-top-style", "none")
    box = frame.bounding_box()
    assert box["height"] >= box["width"] * 9 / 16 - 1, box
    traffic.assert_clean()


@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_axe_violations(visit, path, axe, traffic):
    """axe-core: no WCAG A/AA violations on the post (with JS), deck page, handout and index, light and dark."""
    axe.assert_clean(visit(path), f"/{path}")
    traffic.assert_clean()


def test_no_axe_violations_once_loaded(visit, page, axe, traffic):
    """A loaded player and a later slide still pass axe (the player's own page is blocked here)."""
    visit(POST + "#slide-2")
    page.locator("figure[data-embed] .embed-load").click()
    expect(page.locator("figure[data-embed] iframe")).to_have_count(1)
    axe.assert_clean(page, f"/{POST} after loading")


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"])
@pytest.mark.parametrize("path", ALL_PAGES)
def test_responsive_320(visit, path, traffic):
    """At 320 CSS pixels nothing scrolls sideways, and the player box keeps its proportions."""
    page = visit(path)
    assert page.evaluate(SCROLL_WIDTH) <= NARROW["width"]
    if path == POST:
        box = page.locator(".embed-box").bounding_box()
        assert box["width"] <= NARROW["width"] and box["height"] > 0, box
        assert page.locator(".embed-load").bounding_box()["width"] <= box["width"]
        page.locator(".embed-load").click()
        assert page.evaluate(SCROLL_WIDTH) <= NARROW["width"]
    else:
        traffic.assert_clean()


def test_print_shows_all_slides(visit, page, traffic):
    """In print the deck shows every slide and no controls, and the load button is gone."""
    visit(POST + "#slide-2")
    deck = page.locator("[data-deck]")
    expect(deck.locator(".deck-controls")).to_be_visible()
    page.emulate_media(media="print")
    expect(deck.locator(".deck-controls")).to_have_css("display", "none")
    expect(page.locator(".embed-load")).to_have_css("display", "none")
    for slide in deck.locator(".deck-slide").all():
        expect(slide).to_be_visible()
    traffic.assert_clean()

