// The grades matrix filtered by one grade: only the rows holding it in some area stay, and in those rows the
// other grades are drawn plain, so the chosen grade stands out. Every grade stays written out as text.
document.querySelectorAll("select[data-grade-filter]").forEach(function (select) {
  var table = document.getElementById(select.getAttribute("data-grade-filter")).closest("table");
  var status = select.parentNode.querySelector(".grade-filter__status");
  select.parentNode.hidden = false;
  select.addEventListener("change", function () {
    var wanted = select.value, shown = 0, rows = table.tBodies[0].rows;
    Array.prototype.forEach.call(rows, function (row) {
      var matches = 0;
      Array.prototype.forEach.call(row.querySelectorAll("td"), function (cell) {
        var match = !wanted || cell.textContent.trim() === wanted;
        if (match) matches += 1;
        cell.classList.toggle("grade-filter__other", !match);
      });
      row.hidden = wanted !== "" && matches === 0;
      if (!row.hidden) shown += 1;
    });
    status.textContent = wanted ? shown + " of " + rows.length + " shown" : "All " + rows.length + " shown";
  });
});
