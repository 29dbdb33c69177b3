/* geomap basemap: the bundled Natural Earth land, lakes and rivers and the GeoNames town
 * names, under the tiles and shown where tiles fail or where there are none. */
(function () {
  "use strict";

  var geomap = window.geomap;
  var WATER = "#aad3df";

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function pane(map, name, z) {
    var p = map.createPane(name);
    p.style.zIndex = z;
    p.style.pointerEvents = "none";
    return name;
  }

  function drawLand(map, land, attribution) {
    L.geoJSON(land, {
      pane: pane(map, "gmBasemap", 150),
      interactive: false,
      attribution: attribution,
      style: { color: "#a39e93", weight: 0.8, fillColor: "#f2efe9", fillOpacity: 1 }
    }).addTo(map);
  }

  // Natural Earth 1:50m rivers are drawn to within a kilometre or two: past zoom 12 a
  // line that far from the real bank would mislead, so it goes.
  var RIVER_MAX_ZOOM = 12;

  function riverWeight(zoom) {
    return zoom > RIVER_MAX_ZOOM ? 0 : zoom < 6 ? 0.8 : zoom < 9 ? 1.4 : 2.5;
  }

  function drawWater(map, features) {
    var name = pane(map, "gmWater", 155);
    var renderer = L.canvas({ pane: name, padding: 0.3 });
    var opts = { renderer: renderer, interactive: false, stroke: false, fillColor: WATER, fillOpacity: 1 };
    features.lakes.forEach(function (rings) { L.polygon(rings, opts).addTo(map); });
    var rivers = features.rivers.map(function (line) {
      var w = riverWeight(map.getZoom());
      return L.polyline(line, { renderer: renderer, interactive: false, color: WATER, weight: w, opacity: w ? 1 : 0 })
        .addTo(map);
    });
    map.on("zoomend", function () {
      var w = riverWeight(map.getZoom());
      rivers.forEach(function (r) { r.setStyle({ weight: w, opacity: w ? 1 : 0 }); });
    });
  }

  // A town the articles name is labelled as a site already: its basemap name would repeat it.
  function named() {
    var out = {};
    var el = document.getElementById("geomap-data");
    if (!el) return out;
    geomap.data().sites.forEach(function (s) {
      if (s.label != null) out[s.name + "@" + Math.round(s.lat * 2) + "," + Math.round(s.lon * 2)] = true;
    });
    return out;
  }

  function townLabels(map, allTowns) {
    var skip = named();
    var towns = allTowns.filter(function (t) {
      return !skip[t[0] + "@" + Math.round(t[1] * 2) + "," + Math.round(t[2] * 2)];
    });
    geomap.addLabels(map, "gmTowns", {
      zIndex: 160, // under the tiles: a town's name shows only where the basemap does
      priority: 1,
      candidates: function (m, zoom) {
        var view = m.getBounds().pad(0.1);
        var out = [];
        for (var i = 0; i < towns.length; i++) {
          var t = towns[i];
          if (t[3] > zoom || !view.contains([t[1], t[2]])) continue;
          out.push({ latlng: [t[1], t[2]], text: t[0], centre: true, cls: "gm-town", scale: t[3] <= 5 ? 1.1 : 1 });
          if (out.length > 400) break;
        }
        return out;
      }
    });
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

  geomap.basemap = function (map, tiles, attribution) {
    var land = json("geomap-basemap");
    // The outlines are read now (the sites shade the countries they name) and drawn with
    // the water and town names once the sites are: the reader's markers come first.
    geomap.countries = {};
    (land ? land.features : []).forEach(function (f) {
      if (f.properties.iso) geomap.countries[f.properties.iso] = f;
    });
    watchTiles(tiles);
    geomap.whenSitesDrawn(function () {
      if (land) drawLand(map, land, attribution);
      var features = json("geomap-features");
      if (features) {
        drawWater(map, features);
        townLabels(map, features.towns);
      }
      window.geomapBasemapReady = true;
    });
  };
})();
