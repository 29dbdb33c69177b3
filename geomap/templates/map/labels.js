/* geomap labels: names written on the map without hovering, decluttered.
 *
 * Providers (the site layers, the bundled basemap's towns) each hand over candidates in
 * their order of importance; after every move the labels are placed greedily, providers
 * by priority, and a label whose box meets one already placed is left out. A label that
 * does not fit now comes back when the reader zooms in and there is room for it.
 */
(function () {
  "use strict";

  var geomap = window.geomap;
  var providers = [];
  var CHAR_PX = 6.6;
  var GAP_PX = 3;

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
    }
    return false;
  }

  function place(map) {
    var size = map.getSize();
    var taken = [];
    providers.forEach(function (p) {
      var html = [];
      var zoom = map.getZoom();
      p.candidates(map, zoom).forEach(function (c) {
        var pt = map.latLngToContainerPoint(c.latlng);
        var w = Math.ceil(c.text.length * CHAR_PX * (c.scale || 1)) + 6;
        var h = Math.round(15 * (c.scale || 1));
        var x = pt.x + (c.dx || 0);
        var y = pt.y - h / 2;
        if (c.centre) x -= w / 2;
        if (x + w < 0 || y + h < 0 || x > size.x || y > size.y) return;
        var box = [x - GAP_PX, y - GAP_PX, x + w + GAP_PX, y + h + GAP_PX];
        if (overlaps(box, taken)) return;
        taken.push(box);
        var at = map.containerPointToLayerPoint([x, y]);
        html.push('<span class="gm-label ' + (c.cls || "") + '" style="left:' + Math.round(at.x) +
          "px;top:" + Math.round(at.y) + "px;font-size:" + Math.round(12 * (c.scale || 1)) + 'px">' +
          geomap.esc(c.text) + "</span>");
      });
      p.pane.innerHTML = html.join("");
    });
  }

  /* Register a provider: ``candidates(map, zoom)`` returns ``{latlng, text, dx, cls}`` in
   * order of importance; ``priority`` orders providers (higher first); ``zIndex`` is the
   * pane's (under the tiles for basemap names, over the markers for site names). */
  geomap.addLabels = function (map, name, options) {
    var pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = options.zIndex;
    pane.style.pointerEvents = "none";
    providers.push({ pane: pane, candidates: options.candidates, priority: options.priority });
    providers.sort(function (a, b) { return b.priority - a.priority; });
    if (!geomap.labelsWired) {
      geomap.labelsWired = true;
      map.on("moveend zoomend resize overlayadd overlayremove", function () { place(map); });
    }
    geomap.placeLabels = function () { place(map); };
    if (map._loaded) place(map);
  };
})();
