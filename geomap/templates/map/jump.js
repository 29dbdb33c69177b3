/* geomap jump-to: one button per far-apart group of places fits the map to it. */
(function () {
  "use strict";

  window.geomap.jumpTo = function (map, id) {
    var nav = window.geomap.panel(map, id, "topleft");
    if (!nav) return;
    nav.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-group]");
      if (!button) return;
      var group = window.geomap.data().jump[+button.getAttribute("data-group")];
      map.fitBounds(group.bounds, window.geomap.fitOptions());
    });
  };
})();
