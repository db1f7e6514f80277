// The practice finder (no <form>: nothing is sent anywhere): filter the list of practice examples in the page, with no server and no library.
// Each row carries its values for every filter (data-framework, data-theme, ...: space-separated ids). A row is
// shown when it matches every filter in use (AND) and, within one filter, any ticked option (OR). The choice
// lives in the address (?theme=a&theme=b&q=words), so it can be shared, bookmarked and opened from disk.
(function () {
  var form = document.getElementById("finder-filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".finder__row"));
  var facets = Array.prototype.slice.call(form.querySelectorAll(".finder__facet")).map(function (element) {
    return { name: element.getAttribute("data-facet"), element: element,
             label: element.querySelector("summary").firstChild.textContent,
             boxes: Array.prototype.slice.call(element.querySelectorAll("input[type=checkbox]")) };
  });
  var words = document.getElementById("finder-words");
  var status = document.getElementById("finder-status");
  var selection = document.getElementById("finder-selection");
  var rowValues = rows.map(function (row) {
    var values = {};
    facets.forEach(function (facet) {
      values[facet.name] = (row.getAttribute("data-" + facet.name) || "").split(" ").filter(Boolean);
    });
    values.text = (row.textContent + " " + row.getAttribute("data-words")).toLowerCase();
    return values;
  });
  var announce = null;

  function chosen(facet) {
    return facet.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function matchesFacet(values, facet, wanted) {
    return !wanted.length || values[facet.name].some(function (value) { return wanted.indexOf(value) >= 0; });
  }

  function update(fromTyping) {
    var wanted = facets.map(chosen);
    var terms = words.value.toLowerCase().split(/\s+/).filter(Boolean);
    var counts = facets.map(function () { return {}; });
    var shown = 0;
    rows.forEach(function (row, index) {
      var values = rowValues[index];
      var hasWords = terms.every(function (term) { return values.text.indexOf(term) >= 0; });
      var misses = facets.map(function (facet, f) { return !matchesFacet(values, facet, wanted[f]); });
      var missed = misses.filter(Boolean).length;
      row.hidden = !(hasWords && missed === 0);
      if (!row.hidden) shown += 1;
      // An option's count: the rows it would show, given every other filter as it is.
      facets.forEach(function (facet, f) {
        if (!hasWords || missed > 1 || (missed === 1 && !misses[f])) return;
        values[facet.name].forEach(function (value) { counts[f][value] = (counts[f][value] || 0) + 1; });
      });
    });
    facets.forEach(function (facet, f) {
      facet.boxes.forEach(function (box) {
        box.parentNode.querySelector(".finder__count").textContent = "(" + (counts[f][box.value] || 0) + ")";
      });
      facet.element.querySelector(".finder__chosen").textContent = wanted[f].length ? ": " + wanted[f].length + " chosen" : "";
    });
    describe(wanted, terms);
    remember(wanted);
    var message = (shown === rows.length && !terms.length && !wanted.some(function (w) { return w.length; }))
      ? "All " + rows.length + " practice examples" : "Showing " + shown + " of " + rows.length + " practice examples";
    clearTimeout(announce);  // while a reader types, the count is announced once they pause
    if (fromTyping) announce = setTimeout(function () { status.textContent = message; }, 400);
    else status.textContent = message;
  }

  function describe(wanted, terms) {
    var parts = [];
    if (terms.length) parts.push("Words: " + words.value.trim());
    facets.forEach(function (facet, f) {
      if (!wanted[f].length) return;
      var names = facet.boxes.filter(function (box) { return box.checked; }).map(function (box) {
        return box.parentNode.firstChild.nextSibling.textContent.trim();
      });
      parts.push(facet.label + ": " + names.join(" or "));
    });
    selection.hidden = !parts.length;
    selection.textContent = parts.length ? "Filters: " + parts.join("; ") : "";
  }

  function remember(wanted) {
    var params = new URLSearchParams();
    if (words.value.trim()) params.append("q", words.value.trim());
    facets.forEach(function (facet, f) {
      wanted[f].forEach(function (value) { params.append(facet.name, value); });
    });
    var query = params.toString();
    try {
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (error) { /* a browser that refuses to change the address still filters */ }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    words.value = params.get("q") || "";
    facets.forEach(function (facet) {
      var values = params.getAll(facet.name);
      facet.boxes.forEach(function (box) { box.checked = values.indexOf(box.value) >= 0; });
      if (values.length) facet.element.open = true;
    });
  }

  form.hidden = false;
  form.addEventListener("change", function () { update(false); });
  words.addEventListener("input", function () { update(true); });
  document.getElementById("finder-clear").addEventListener("click", function () {
    words.value = "";
    facets.forEach(function (facet) { facet.boxes.forEach(function (box) { box.checked = false; }); });
    update(false);
  });
  document.getElementById("finder-print").addEventListener("click", function () { window.print(); });
  restore();
  update(false);
})();
