/* geomap cordons: a dashed polygon around each cordon and the guarded sites inside it.
 * The polygons join the guarded layer, so its checkbox and the time slider cover them. */
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

  geomap.drawCordons = function () {
    var data = geomap.data();
    data.cordons.forEach(function (c) {
      var shape = { layer: cordon(c), site: data.sites[c.site], shown: true };
      geomap.areas.guarded.push(shape);
      geomap.groups.guarded.addLayer(shape.layer);
    });
  };
})();
