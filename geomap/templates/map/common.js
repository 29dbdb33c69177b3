/* geomap: helpers shared by the map's elements (geomap/output/elements.py).
 *
 * Each element adds its own script; they meet in window.geomap. Python hands over plain
 * data only (the JSON in #geomap-data); every string from an article or a gazetteer is
 * escaped here with esc() before it meets innerHTML.
 */
(function () {
  "use strict";

  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  var data = null;
  // shapes: what other elements draw into a layer (by key), drawn after the layer's areas.
  var geomap = (window.geomap = { groups: {}, clusters: {}, markers: {}, areas: {}, shapes: {} });

  geomap.esc = function (value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return ESC[c];
    });
  };

  geomap.words = function (text) {
    return geomap.esc(String(text || "").replace(/_/g, " "));
  };

  // Work that waits until every layer's markers are on the map (the basemap's drawing):
  // run at once when they are, else queued for drawSites to run.
  var waiting = [];
  geomap.whenSitesDrawn = function (fn) {
    if (window.geomapReady) setTimeout(fn, 0); else waiting.push(fn);
  };
  geomap.sitesDrawn = function () {
    window.geomapReady = true;
    waiting.splice(0).forEach(function (fn) { setTimeout(fn, 0); });
  };

  // Read when the first element asks: this script runs in the head, before the data block.
  geomap.data = function () {
    if (!data) data = JSON.parse(document.getElementById("geomap-data").textContent);
    return data;
  };

  geomap.svg = function (key, size) {
    size = Math.round(+size) || 20;
    return '<svg class="gm-sym" viewBox="0 0 24 24" width="' + size + '" height="' + size +
      '" aria-hidden="true">' + geomap.data().symbols[key] + "</svg>";
  };

  // A block of the page becomes a Leaflet control; clicks and wheels stay out of the map.
  geomap.panel = function (map, id, position) {
    var el = document.getElementById(id);
    if (!el) return null;
    var ctl = L.control({ position: position });
    ctl.onAdd = function () {
      L.DomEvent.disableClickPropagation(el);
      L.DomEvent.disableScrollPropagation(el);
      return el;
    };
    ctl.addTo(map);
    return el;
  };
})();
