/* geomap time slider: two ranges pick the dates whose places stay on the map. */
(function () {
  "use strict";

  function day(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  window.geomap.timeSlider = function (map, id) {
    if (!window.geomap.panel(map, id, "bottomright")) return;
    var from = document.getElementById(id + "-from");
    var to = document.getElementById(id + "-to");
    var label = document.getElementById(id + "-label");
    var undated = document.getElementById(id + "-undated");
    var update = function (e) {
      var lo = +from.value;
      var hi = +to.value;
      if (lo > hi) {
        if (e && e.target === from) to.value = hi = lo; else from.value = lo = hi;
      }
      label.textContent = day(lo) + " – " + day(hi);
      window.geomap.setTimeRange(lo, hi, !undated || undated.checked);
    };
    from.addEventListener("input", update);
    to.addEventListener("input", update);
    if (undated) undated.addEventListener("change", update);
  };
})();
