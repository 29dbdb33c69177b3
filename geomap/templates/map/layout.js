/* geomap layout: room for the panels at every size, from a wide screen to a phone.
 *
 * On a small map (a phone, a tablet held sideways, an embed in a report) the legend, the
 * jump-to list and the layer control start folded, so no two panels meet and the
 * markers stay visible; a tap unfolds them. The first view leaves room for whatever
 * panels are open.
 */
(function () {
  "use strict";

  var geomap = window.geomap;

  function small(map) {
    var size = map.getSize();
    return size.x < 900 || size.y < 700;
  }

  function corner(map, v, h) {
    var box = map.getContainer().querySelector(".leaflet-" + v + ".leaflet-" + h);
    var out = { w: 0, h: 0 };
    if (!box) return out;
    Array.prototype.forEach.call(box.children, function (el) {
      // The attribution and scale are thin strips along the edge: they take height only.
      var strip = /leaflet-control-(attribution|scale)/.test(el.className);
      if (!strip) out.w = Math.max(out.w, el.offsetWidth + 10);
      out.h += el.offsetHeight + (strip ? 0 : 10);
    });
    return out;
  }

  /* Room for the panels: either beside them (left and right columns) or above and below
   * them (top and bottom rows), whichever leaves the larger part of the map for the view. */
  geomap.fitOptions = function () {
    var map = geomap.map;
    if (!map) {
      var padding = geomap.data().padding;
      return { maxZoom: 14, paddingTopLeft: padding[0], paddingBottomRight: padding[1] };
    }
    var size = map.getSize();
    var tl = corner(map, "top", "left"), tr = corner(map, "top", "right");
    var bl = corner(map, "bottom", "left"), br = corner(map, "bottom", "right");
    var left = Math.max(tl.w, bl.w), right = Math.max(tr.w, br.w);
    var top = Math.max(tl.h, tr.h), bottom = Math.max(bl.h, br.h);
    var beside = Math.max(0, size.x - left - right) * (size.y - 40);
    var between = (size.x - 40) * Math.max(0, size.y - top - bottom);
    var m = 20;
    return beside >= between
      ? { maxZoom: 14, paddingTopLeft: [left + m, m], paddingBottomRight: [right + m, m + 10] }
      : { maxZoom: 14, paddingTopLeft: [m, top + m], paddingBottomRight: [m, bottom + m] };
  };

  function foldLayers(map) {
    var el = map.getContainer().querySelector(".leaflet-control-layers");
    if (!el) return;
    el.classList.remove("leaflet-control-layers-expanded");
    var toggle = el.querySelector(".leaflet-control-layers-toggle");
    if (toggle) {
      toggle.addEventListener("click", function (e) {
        e.preventDefault();
        el.classList.add("leaflet-control-layers-expanded");
      });
    }
    map.on("click", function () { el.classList.remove("leaflet-control-layers-expanded"); });
  }

  geomap.layout = function (map) {
    if (!small(map)) return;
    ["geomap-legend", "geomap-jump"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.open = false;
    });
    foldLayers(map);
    map.getContainer().classList.add("gm-small");
  };
})();
