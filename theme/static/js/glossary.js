/* glossary.js — definition tooltips of glossary terms (plugins/glossary), progressively enhanced.
 *
 * The stylesheet alone shows a term's tooltip while the term is hovered or focused, and the
 * pointer can move onto it. This script adds what CSS cannot (WCAG 1.4.13):
 *   - Escape hides the open tooltip without moving focus; hovering or focusing again shows it;
 *   - a tooltip near the edge of the window moves back inside it (or above the term).
 * No libraries, no build step.
 */
(function () {
  'use strict';

  var MARGIN = 8; // px kept between a tooltip and the window's edges

  function tipOf(gloss) {
    for (var child = gloss.firstElementChild; child; child = child.nextElementSibling) {
      if (child.classList.contains('gloss-tip')) return child;
    }
    return null;
  }

  /** Keep the open tooltip inside the window: shift it sideways, or show it above the term. */
  function place(gloss) {
    var tip = tipOf(gloss);
    if (!tip) return;
    tip.style.left = '';
    gloss.classList.remove('gloss--above');
    var rect = tip.getBoundingClientRect();
    if (!rect.width) return; // not shown
    var width = document.documentElement.clientWidth;
    var shift = 0;
    if (rect.right > width - MARGIN) shift = rect.right - (width - MARGIN);
    if (rect.left - shift < MARGIN) shift = rect.left - MARGIN;
    if (shift) tip.style.left = -shift + 'px';
    if (rect.bottom > window.innerHeight - MARGIN) {
      var term = gloss.getBoundingClientRect();
      if (term.top - rect.height - MARGIN > 0) gloss.classList.add('gloss--above');
    }
  }

  function engaged(gloss) {
    return gloss.matches(':hover') || gloss.contains(document.activeElement);
  }

  function show(gloss) {
    gloss.classList.remove('is-dismissed');
    place(gloss);
  }

  /** Once neither the pointer nor focus is on the term any more, forget an Escape. */
  function release(gloss) {
    window.requestAnimationFrame(function () {
      if (!engaged(gloss)) gloss.classList.remove('is-dismissed');
    });
  }

  function setUp(gloss) {
    gloss.addEventListener('mouseenter', function () { show(gloss); });
    gloss.addEventListener('focusin', function () { show(gloss); });
    gloss.addEventListener('mouseleave', function () { release(gloss); });
    gloss.addEventListener('focusout', function () { release(gloss); });
  }

  function onKeydown(event) {
    if (event.key !== 'Escape' && event.key !== 'Esc') return;
    var open = document.querySelectorAll('.gloss:hover, .gloss:focus-within');
    for (var i = 0; i < open.length; i += 1) open[i].classList.add('is-dismissed');
  }

  function init() {
    var glosses = document.querySelectorAll('.gloss');
    for (var i = 0; i < glosses.length; i += 1) setUp(glosses[i]);
    if (glosses.length) document.addEventListener('keydown', onKeydown);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
