// Sort a table by a column when its header button is pressed (mouse or keyboard).
// Cells may carry data-sort (a number or text); otherwise their text is used.
document.querySelectorAll("table[data-sortable]").forEach(function (table) {
  var headers = table.querySelectorAll("thead th");
  headers.forEach(function (header, column) {
    var button = header.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
        var order = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
function sortKey(cell) {
  var value = cell.getAttribute("data-sort");
  if (value === null) value = cell.textContent.trim();
  return value !== "" && !isNaN(value) ? Number(value) : value;
}
