/* geomap basemap: bundled Natural Earth land under the tiles, shown where tiles fail. */
(function () {
  "use strict";

  function drawLand(map, attribution) {
    var el = document.getElementById("geomap-basemap");
    if (!el) return;
    var pane = map.createPane("gmBasemap");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    L.geoJSON(JSON.parse(el.textContent), {
      pane: "gmBasemap",
      interactive: false,
      attribution: attribution,
      style: { color: "#a39e93", weight: 0.8, fillColor: "#f2efe9", fillOpacity: 1 }
    }).addTo(map);
  }

  function watchTiles(tiles) {
    var note = document.getElementById("geomap-offline");
    if (!tiles) return;
    tiles.on("tileerror", function (e) {
      // A failed tile is hidden so the bundled basemap under it shows through.
      if (e.tile) e.tile.style.visibility = "hidden";
      if (note) note.hidden = false;
    });
  }

  window.geomap.basemap = function (map, tiles, attribution) {
    drawLand(map, attribution);
    watchTiles(tiles);
  };
})();
