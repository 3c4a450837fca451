/* presentations.js — embedded presentations, progressively enhanced. No libraries, no build step.
 *
 * 1. Player facades (figure[data-embed]): the page ships only a poster, a title and a link, so
 *    nothing reaches the provider until the reader asks. This script reveals the "Load the
 *    player" button; a click swaps the facade for a sandboxed <iframe> and focuses it.
 * 2. Deck viewers (section[data-deck]): the page ships every slide as a list. This script shows
 *    one slide at a time with Previous/Next buttons, a live "Slide n of N" counter, keyboard
 *    navigation (arrows, PageUp/PageDown, Home/End) and #slide-n links.
 *
 * Without JavaScript the button stays hidden (the figcaption link remains) and all slides show.
 */
(function () {
  'use strict';

  var SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation' +
    ' allow-popups-to-escape-sandbox';
  var REFERRER_POLICY = 'strict-origin-when-cross-origin';
  var STRICTER_REFERRER_POLICIES = ['no-referrer', 'same-origin', 'strict-origin', REFERRER_POLICY];

  /** The figure's own sandbox (owner-allowed hosts): only tokens of SANDBOX, so never looser. */
  function sandboxOf(figure) {
    var asked = figure.getAttribute('data-embed-sandbox');
    if (asked === null) return SANDBOX;
    var allowed = SANDBOX.split(' ');
    return asked.trim().split(/\s+/).filter(function (token) {
      return allowed.indexOf(token) !== -1;
    }).join(' ');
  }

  function referrerPolicyOf(figure) {
    var asked = (figure.getAttribute('data-embed-referrerpolicy') || '').trim();
    return STRICTER_REFERRER_POLICIES.indexOf(asked) !== -1 ? asked : REFERRER_POLICY;
  }

  /* ---------- Player facades ---------- */

  /** The player URL if it is an absolute https:// URL, else null (the facade stays a link). */
  function playerUrl(figure) {
    var src = (figure.getAttribute('data-embed-src') || '').trim();
    if (src.indexOf('https://') !== 0) return null;
    try {
      if (new URL(src).protocol !== 'https:') return null;
    } catch (error) {
      return null;
    }
    return src;
  }

  function buildPlayer(figure, src) {
    var title = (figure.getAttribute('data-embed-title') || '').trim();
    var provider = (figure.getAttribute('data-embed-provider') || '').trim();
    var allow = (figure.getAttribute('data-embed-allow') || '').trim();
    var iframe = document.createElement('iframe');
    iframe.className = 'embed-frame';
    iframe.setAttribute('src', src);
    if (title && provider) {
      iframe.setAttribute('title', title + ' (' + provider + ')');
    } else {
      iframe.setAttribute('title', title || (provider ? provider + ' player' : 'Embedded player'));
    }
    if (allow) iframe.setAttribute('allow', allow);
    iframe.setAttribute('sandbox', sandboxOf(figure));
    iframe.setAttribute('referrerpolicy', referrerPolicyOf(figure));
    iframe.setAttribute('allowfullscreen', '');
    iframe.setAttribute('loading', 'eager');
    return iframe;
  }

  function loadPlayer(figure, src) {
    var box = figure.querySelector('.embed-box');
    var facade = box && box.querySelector('.embed-facade');
    if (!facade) return;
    var iframe = buildPlayer(figure, src);
    box.replaceChild(iframe, facade);
    figure.classList.add('embed--loaded');
    // The button that had focus is gone; give focus to what replaced it.
    iframe.focus();
  }

  function initEmbed(figure) {
    if (figure.hasAttribute('data-embed-ready')) return;
    // The player's shape: a custom property set here, as the page's policy allows no style attribute.
    var ratio = (figure.getAttribute('data-embed-ratio') || '').trim();
    if (/^\d+(\.\d+)?( \/ \d+(\.\d+)?)?$/.test(ratio)) figure.style.setProperty('--embed-ratio', ratio);
    var button = figure.querySelector('.embed-box .embed-facade .embed-load');
    var src = playerUrl(figure);
    if (!button || !src) return;
    figure.setAttribute('data-embed-ready', '');
    button.type = 'button';
    button.hidden = false;
    button.addEventListener('click', function () {
      loadPlayer(figure, src);
    });
  }

  /* ---------- Deck viewers ---------- */

  var KEY_MOVES = {
    ArrowLeft: 'prev', PageUp: 'prev', Left: 'prev',
    ArrowRight: 'next', PageDown: 'next', Right: 'next',
    Home: 'first', End: 'last'
  };

  /** True when a key press belongs to a text field (or similar), not to the deck. */
  function isTyping(target) {
    if (!target || target.nodeType !== 1) return false;
    if (target.isContentEditable) return true;
    var tag = target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
  }

  function makeButton(className, label) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    button.textContent = label;
    return button;
  }

  /** The slide id named by the location's fragment, or '' when there is none. */
  function hashId() {
    var hash = window.location.hash.slice(1);
    if (!hash) return '';
    try {
      return decodeURIComponent(hash);
    } catch (error) {
      return hash;
    }
  }

  function initDeck(deck) {
    if (deck.classList.contains('deck--js')) return;
    var list = deck.querySelector('.deck-slides');
    if (!list) return;
    var slides = Array.prototype.filter.call(list.children, function (child) {
      return child.classList.contains('deck-slide');
    });
    if (slides.length === 0) return;

    var controls = document.createElement('div');
    controls.className = 'deck-controls';
    controls.setAttribute('role', 'group');
    controls.setAttribute('aria-label', 'Slide controls');
    var prev = makeButton('deck-prev', 'Previous slide');
    var counter = document.createElement('span');
    counter.className = 'deck-counter';
    counter.setAttribute('aria-live', 'polite');
    var next = makeButton('deck-next', 'Next slide');
    controls.appendChild(prev);
    controls.appendChild(counter);
    controls.appendChild(next);
    list.parentNode.insertBefore(controls, list);

    // A focus stop for keyboard readers that is the slides themselves. It stays a list for
    // assistive technology (role=region is not allowed on <ol>); the name says what it is.
    list.setAttribute('tabindex', '0');
    list.setAttribute('aria-label', 'Slides');
    deck.classList.add('deck--js');

    var current = -1;

    /** The index of the slide holding the element with `id`, or -1 when it is not in this deck. */
    function indexOfId(id) {
      if (!id) return -1;
      var target = document.getElementById(id);
      if (!target || !list.contains(target)) return -1;
      for (var i = 0; i < slides.length; i++) {
        if (slides[i] === target || slides[i].contains(target)) return i;
      }
      return -1;
    }

    function show(index) {
      index = Math.max(0, Math.min(slides.length - 1, index));
      var focusInDeck = deck.contains(document.activeElement);
      current = index;
      slides.forEach(function (slide, i) {
        slide.hidden = i !== index;
      });
      counter.textContent = 'Slide ' + (index + 1) + ' of ' + slides.length;
      prev.disabled = index === 0;
      next.disabled = index === slides.length - 1;
      // A button that just became disabled cannot keep focus: keep the reader inside the deck.
      var active = document.activeElement;
      if (focusInDeck && (!deck.contains(active) || active.disabled)) {
        list.focus({ preventScroll: true });
      }
    }

    /** Move to a slide because the reader asked; record it in the URL without scrolling. */
    function go(index) {
      index = Math.max(0, Math.min(slides.length - 1, index));
      if (index === current) return;
      show(index);
      var id = slides[index].id;
      if (id && window.history && window.history.replaceState) {
        try {
          window.history.replaceState(window.history.state, '', '#' + encodeURIComponent(id));
        } catch (error) {
          // Some file:// or sandboxed contexts refuse; the viewer works without it.
        }
      }
    }

    function move(where) {
      if (where === 'prev') go(current - 1);
      else if (where === 'next') go(current + 1);
      else if (where === 'first') go(0);
      else if (where === 'last') go(slides.length - 1);
    }

    prev.addEventListener('click', function () { move('prev'); });
    next.addEventListener('click', function () { move('next'); });

    deck.addEventListener('keydown', function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.shiftKey) return;
      if (isTyping(event.target)) return;
      var where = KEY_MOVES[event.key];
      if (!where) return;
      event.preventDefault();
      move(where);
    });

    window.addEventListener('hashchange', function () {
      var index = indexOfId(hashId());
      if (index < 0) return;
      show(index);
      // The browser tried to scroll before the slide was shown; bring it into view now.
      slides[index].scrollIntoView({ block: 'nearest' });
    });

    // The page's #slide-n wins; otherwise the slide the author chose (data-deck-start, 1-based).
    var start = indexOfId(hashId());
    if (start < 0) start = (parseInt(deck.getAttribute('data-deck-start'), 10) || 1) - 1;
    show(start);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('figure[data-embed]'), initEmbed);
    Array.prototype.forEach.call(document.querySelectorAll('section[data-deck]'), initDeck);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
