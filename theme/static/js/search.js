/* search.js — the search page (theme/templates/search.html), on Pagefind's JavaScript API.
 *
 * The index and pagefind.js are written by the build into the output's pagefind/ folder
 * (plugins/search); everything loads from this site, nothing from anywhere else.
 *
 * - ?q=… (the header's search box) fills the field and runs the search; typing searches too.
 * - Filters (one fieldset per SEARCH_FILTERS entry, e.g. category and tag) list every value
 *   in the index with the number of matching pages. Values of one filter combine with OR,
 *   filters with AND. The chosen filters go to the address (?tag=…&category=…) as well.
 * - Results: title, excerpt with the words found marked, category and tags; 10 at a time.
 *
 * Without JavaScript the page says so and links to the archives, categories and tags.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  var TYPING_DELAY = 250;

  var root = document.getElementById('search');
  if (!root) return;
  var form = root.querySelector('.search-form');
  var input = document.getElementById('search-query');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = root.querySelector('.search-more');
  var moreButton = root.querySelector('.search-more-button');
  var groups = Array.prototype.slice.call(root.querySelectorAll('.search-filter'));
  var labels = {};
  groups.forEach(function (group) {
    labels[group.getAttribute('data-filter')] = group.querySelector('legend').textContent.trim();
  });


  var pagefind = null;
  var latest = 0; // number of the newest search; older ones drop their answers
  var results = []; // the newest search's results (Pagefind's, not yet loaded)
  var shown = 0;
  var timer = null;

  var params = new URLSearchParams(window.location.search);
  // Filters chosen in the address (?tag=…): show them; otherwise they wait, closed, for the reader.
  if (groups.some(function (group) { return params.getAll(group.getAttribute('data-filter')).length; })) {
    root.querySelector('.search-filters').open = true;
  }
  input.value = params.get('q') || '';

  /* ---------- Filters ---------- */

  function chosen() {
    var filters = {};
    groups.forEach(function (group) {
      var name = group.getAttribute('data-filter');
      var values = Array.prototype.map.call(
        group.querySelectorAll('input:checked'), function (box) { return box.value; });
      if (values.length) filters[name] = values;
    });
    return filters;
  }

  function buildFilters(available) {
    groups.forEach(function (group) {
      var name = group.getAttribute('data-filter');
      var values = Object.keys(available[name] || {}).sort(function (a, b) {
        return a.localeCompare(b, undefined, { sensitivity: 'base' });
      });
      var wanted = params.getAll(name);
      var options = group.querySelector('.search-filter-options');
      options.textContent = '';
      values.forEach(function (value, index) {
        var id = 'filter-' + name + '-' + index;
        var item = document.createElement('li');
        var box = document.createElement('input');
        box.type = 'checkbox';
        box.id = id;
        box.name = name;
        box.value = value;
        box.checked = wanted.indexOf(value) !== -1;
        var label = document.createElement('label');
        label.htmlFor = id;
        var text = document.createElement('span');
        text.className = 'search-filter-value';
        text.textContent = value;
        var count = document.createElement('span');
        count.className = 'search-filter-count';
        label.appendChild(text);
        label.appendChild(document.createTextNode(' '));
        label.appendChild(count);
        item.appendChild(box);
        item.appendChild(label);
        options.appendChild(item);
      });
    });
    setCounts(available);
  }

  /** Show, beside every value, how many pages the search (without filters) finds with it;
   *  values it finds on no page are left out, unless chosen. */
  function setCounts(counts) {
    groups.forEach(function (group) {
      var name = group.getAttribute('data-filter');
      var any = false;
      group.querySelectorAll('li').forEach(function (item) {
        var box = item.querySelector('input');
        var n = (counts[name] || {})[box.value] || 0;
        item.querySelector('.search-filter-count').textContent = '(' + n + ')';
        item.hidden = n === 0 && !box.checked;
        any = any || !item.hidden;
      });
      group.hidden = !any;
    });
  }

  /* ---------- The address ---------- */

  function remember(term, filters) {
    var next = new URLSearchParams();
    if (term) next.set('q', term);
    Object.keys(filters).forEach(function (name) {
      filters[name].forEach(function (value) { next.append(name, value); });
    });
    var query = next.toString();
    var url = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, '', url);
    }
  }

  /* ---------- Results ---------- */

  /** Copy Pagefind's excerpt as text, keeping only its <mark> elements. */
  function excerptNodes(html, into) {
    var template = document.createElement('template');
    template.innerHTML = html || '';
    Array.prototype.forEach.call(template.content.childNodes, function (node) {
      if (node.nodeName === 'MARK') {
        var mark = document.createElement('mark');
        mark.textContent = node.textContent;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function resultItem(data) {
    var item = document.createElement('li');
    item.className = 'search-result';
    var heading = document.createElement('h2');
    heading.className = 'search-result-title';
    var link = document.createElement('a');
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var excerpt = document.createElement('p');
    excerpt.className = 'search-result-excerpt';
    excerptNodes(data.excerpt, excerpt);
    item.appendChild(excerpt);
    var facts = [];
    groups.forEach(function (group) {
      var name = group.getAttribute('data-filter');
      var values = (data.filters || {})[name];
      if (values && values.length) facts.push(labels[name] + ': ' + values.join(', '));
    });
    if (facts.length) {
      var meta = document.createElement('p');
      meta.className = 'search-result-meta';
      meta.textContent = facts.join(' · ');
      item.appendChild(meta);
    }
    return item;
  }

  function showMore(run) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (run !== latest) return;
      pages.forEach(function (data) { list.appendChild(resultItem(data)); });
      shown += pages.length;
      more.hidden = shown >= results.length;
    });
  }

  function describe(count, term, filters) {
    var what = count === 0 ? 'No pages' : count === 1 ? '1 page' : count + ' pages';
    var parts = [];
    if (term) parts.push('for “' + term + '”');
    Object.keys(filters).forEach(function (name) {
      parts.push('with ' + labels[name].toLowerCase() + ' ' + filters[name].join(' or '));
    });
    return what + ' found ' + parts.join(', ') + '.';
  }

  function search() {
    if (!pagefind) return Promise.resolve();
    var run = ++latest;
    var term = input.value.trim();
    var filters = chosen();
    remember(term, filters);
    if (!term && !Object.keys(filters).length) {
      results = [];
      shown = 0;
      list.textContent = '';
      more.hidden = true;
      status.textContent = '';
      return pagefind.filters().then(function (all) { if (run === latest) setCounts(all); });
    }
    var query = {};
    Object.keys(filters).forEach(function (name) { query[name] = { any: filters[name] }; });
    return pagefind.search(term || null, { filters: query }).then(function (found) {
      if (run !== latest || !found) return;
      // Counts beside the filters: of this search's pages; of all pages when only filters are chosen.
      return (term ? Promise.resolve(found.totalFilters) : pagefind.filters()).then(function (counts) {
        if (run !== latest) return;
        setCounts(counts || {});
        results = found.results;
        shown = 0;
        list.textContent = '';
        return showMore(run);
      }).then(function () {
        if (run === latest) status.textContent = describe(results.length, term, filters);
      });
    });
  }

  function failed(error) {
    status.textContent = 'Search is not available right now: its index could not be loaded.';
    window.console.warn('search: ' + error);
  }

  /* ---------- Start ---------- */

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search().catch(failed);
  });
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search().catch(failed); }, TYPING_DELAY);
  });
  form.addEventListener('change', function (event) {
    if (event.target.type === 'checkbox') search().catch(failed);
  });
  moreButton.addEventListener('click', function () {
    var first = shown;
    showMore(latest).then(function () {
      var next = list.children[first];
      var link = next && next.querySelector('a');
      if (link) link.focus();
    }).catch(failed);
  });

  var bundle = new URL(root.getAttribute('data-bundle'), document.baseURI).href;
  status.textContent = input.value.trim() ? 'Searching…' : '';
  import(bundle + 'pagefind.js')
    .then(function (module) {
      return module.options({ excerptLength: 30 }).then(function () { return module.init(); })
        .then(function () { return module.filters(); })
        .then(function (available) {
          pagefind = module;
          buildFilters(available || {});
          return search();
        });
    })
    .catch(failed);
})();
