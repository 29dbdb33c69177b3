/* geomap cordons: a dashed polygon around each cordon and the guarded sites inside it.
 * The polygons wait in geomap.shapes for the site layers, which draw them into the guarded
 * layer after its circles, so its checkbox and the time slider cover them too. */
(function () {
  "use strict";

  var geomap = window.geomap;

  function colour(key) {
    return geomap.data().layers.filter(function (layer) { return layer.key === key; })[0].colour;
  }

  function cordon(c) {
    var p = L.polygon(c.ring, { color: colour("guarded"), weight: 2.5, dashArray: "10 5", fillOpacity: 0.08 });
    p.bindTooltip(function () {
      return "<strong>Cordon: " + geomap.esc(c.name) + "</strong><br>" + c.encloses.map(geomap.esc).join(", ");
    }, { sticky: true });
    return p;
  }

  geomap.addCordons = function () {
    var data = geomap.data();
    var shapes = (geomap.shapes.guarded = geomap.shapes.guarded || []);
    data.cordons.forEach(function (c) {
      shapes.push({ layer: cordon(c), site: data.sites[c.site], shown: true });
    });
  };
})();
