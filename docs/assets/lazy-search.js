/* Load the search index when the reader starts to search, not with every page (issue 15).

   mkdocs-material asks for search/search_index.json (about 0.7 MB, twice the rest of a page) with an
   XMLHttpRequest as soon as a page loads. This script runs in <head>, before the theme's bundle, and holds
   that one request back until the reader shows they are about to search:
   - focus moves into the search form (a click or tap on the box, Tab, or the theme's / s f shortcuts);
   - the search toggle #__search is checked (the magnifier button on narrow screens);
   - the pointer goes over the search box or a search button, so the index is often there before a key is pressed;
   - the page's address already asks for a search (?q=) or for words to highlight (?h=).
   Every other request goes straight through. Words typed before the index arrives are not lost: the theme
   sends the query to its search worker once the worker has the index.
   From file:// (the offline copy) the theme loads search/search_index.js with a <script> element and waits
   for the search toggle by itself, so nothing here applies there.
   If a new version of the theme asks for the index another way, tests/test_lazy_search.py fails. */
(function () {
  "use strict";
  if (location.protocol === "file:") return;

  var INDEX = /(^|\/)search\/search_index\.json$/;
  var TRIGGERS = ["focusin", "pointerover", "change"];
  var held = new WeakSet();
  var release;
  var wanted = new Promise(function (resolve) { release = resolve; });

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(new URL(url, document.baseURI).pathname)) held.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!held.has(this)) return send.apply(this, arguments);
    var request = this, body = arguments;
    wanted.then(function () { send.apply(request, body); });
  };

  function startsSearching(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var searching = event.type === "change"
      ? target.id === "__search" && target.checked
      : target.closest('form[name="search"], label[for="__search"]') !== null;
    if (searching) {
      release();
      TRIGGERS.forEach(function (type) { document.removeEventListener(type, startsSearching, true); });
    }
  }
  TRIGGERS.forEach(function (type) { document.addEventListener(type, startsSearching, true); });
  if (/[?&][qh]=/.test(location.search)) release();
})();
