// Findings filters and the link from the picture to the findings.
// Inline, no dependencies, no network.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var rows = table ? Array.prototype.slice.call(table.querySelectorAll("tr.finding")) : [];
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var resBox = document.getElementById("res-filter");
  var count = document.getElementById("count");
  var resource = "";

  // `report.html#res=<resource id>` opens the page on that resource's findings.
  function fromHash() {
    var m = /^#res=(.+)$/.exec(window.location.hash);
    resource = m ? decodeURIComponent(m[1]) : "";
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = selects.every(function (s) {
        return !s.value || row.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
      });
      if (resource && row.getAttribute("data-res") !== resource) ok = false;
      row.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    if (count) count.textContent = shown + " of " + rows.length + " findings";
    if (resBox) {
      resBox.hidden = !resource;
      resBox.querySelector("code").textContent = resource;
    }
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  var clear = document.getElementById("res-clear");
  if (clear) clear.addEventListener("click", function () {
    resource = "";
    if (window.location.hash) history.replaceState(null, "", window.location.pathname);
    apply();
  });

  // A click on a marked resource (picture, namespace card) shows its findings.
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-res]") : null;
    if (!el || !table || el.closest("#findings-table")) return;
    var id = el.getAttribute("data-res");
    var hits = rows.filter(function (r) { return r.getAttribute("data-res") === id; });
    if (!hits.length) return;
    resource = id;
    history.replaceState(null, "", "#res=" + encodeURIComponent(id));
    selects.forEach(function (s) { s.value = ""; });
    apply();
    hits.forEach(function (r) {
      r.classList.add("flash");
      var d = r.querySelector("details");
      if (d) d.open = true;
      setTimeout(function () { r.classList.remove("flash"); }, 1500);
    });
    hits[0].scrollIntoView({ block: "center" });
  });
  fromHash();
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  apply();
})();
