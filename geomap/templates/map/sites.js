/* geomap site layers: markers of each layer go into one Leaflet.markercluster group,
 * itself inside the layer's folium FeatureGroup, so the LayerControl switches a layer's
 * markers, areas and cordons together. Sets window.geomapReady once all are drawn. */
(function () {
  "use strict";

  var geomap = window.geomap;
  var esc = geomap.esc;
  // Where symbols of different layers overlap, the more urgent one is drawn on top.
  var RANK = { incidents: 6000, closures: 5000, protests: 4500, guarded: 4000, patrols: 3000, standby: 2000, context: 1000 };
  var styles = {};
  var areaRenderer;

  function clusterIcon(layer, index, count) {
    // Clusters of different layers often share a spot (a city): each layer's cluster sits
    // at its own clock position around it, so none hides another.
    var angle = (index / count) * 2 * Math.PI - Math.PI / 2;
    return function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 36 : 42;
      var r = size * 0.85;
      return L.divIcon({
        className: "gm-cluster gm-" + layer.key,
        html: '<span role="img" aria-label="' + n + " " + esc(layer.title) + '">' + geomap.svg(layer.key, size) +
          '<b class="gm-badge">' + n + "</b></span>",
        iconSize: [size, size],
        iconAnchor: [size / 2 - r * Math.cos(angle), size / 2 - r * Math.sin(angle)]
      });
    };
  }

  function marker(s, key, index) {
    var size = key === "context" ? Math.max(10, Math.round(s.size * 0.5)) : s.size;
    var dx = (index - (s.layers.length - 1) / 2) * size * 0.7;
    var m = L.marker([s.lat, s.lon], {
      icon: L.divIcon({
        className: "gm-marker gm-" + key + (s.past ? " gm-past" : ""),
        html: '<span role="img" aria-label="' + esc(s.name) + '">' + geomap.svg(key, size) + "</span>",
        iconSize: [size, size],
        iconAnchor: [size / 2 - dx, size / 2],
        popupAnchor: [0, -size / 2],
        tooltipAnchor: [0, -size / 2]
      }),
      riseOnHover: true,
      zIndexOffset: RANK[key] || 0
    });
    m.bindPopup(function () { return geomap.popupHtml(s); }, geomap.POPUP);
    m.bindTooltip(function () { return geomap.tooltipHtml(s); }, { direction: "top" });
    m.gmSite = s;
    m.gmShown = true;
    return m;
  }

  function shade(s, key) {
    // A country is shaded from its bundled outline; with no basemap it keeps its symbol alone.
    var feature = geomap.countries && geomap.countries[s.shade];
    if (!feature) return null;
    var style = styles[key];
    var g = L.geoJSON(feature, {
      renderer: areaRenderer,
      style: { color: style.colour, weight: 1.2, opacity: 0.8, dashArray: style.dash || null,
        fillColor: style.colour, fillOpacity: key === "context" ? 0.04 : 0.1 }
    });
    g.bindTooltip(function () { return geomap.tooltipHtml(s); }, { sticky: true });
    return g;
  }

  function area(s, key) {
    if (s.shade) return shade(s, key);
    var style = styles[key];
    var c = L.circle([s.lat, s.lon], {
      renderer: areaRenderer,
      radius: s.radius, color: style.colour, weight: 1.5, opacity: 0.9, dashArray: style.dash || null,
      fillColor: style.colour, fillOpacity: key === "context" ? 0.05 : 0.12,
      interactive: s.radius <= 100000
    });
    if (s.radius <= 100000) {
      c.bindTooltip(function () { return geomap.tooltipHtml(s); }, { sticky: true });
      c.bindPopup(function () { return geomap.popupHtml(s); }, geomap.POPUP);
    }
    return c;
  }

  function watchSize(map, ready) {
    // A map in a frame that is not laid out yet starts with no size, and the first
    // fitBounds picks a meaningless view: fit again once the map has a size.
    if (ready.sized || !window.ResizeObserver) return;
    var observer = new ResizeObserver(function () {
      map.invalidateSize({ animate: false });
      if (map.getSize().x > 0 && map.getSize().y > 0) {
        observer.disconnect();
        ready.sized = true;
        geomap.firstView(map);
        ready.check();
      }
    });
    observer.observe(map.getContainer());
  }

  function collect(data) {
    data.layers.forEach(function (layer) {
      styles[layer.key] = layer;
      geomap.groups[layer.key] = window[layer.group];
      geomap.markers[layer.key] = [];
      geomap.areas[layer.key] = [];
    });
    data.sites.forEach(function (s) {
      s.layers.forEach(function (key, index) {
        geomap.markers[key].push(marker(s, key, index));
        var a = s.areas && s.areas.indexOf(key) >= 0 ? area(s, key) : null;
        if (a) geomap.areas[key].push({ layer: a, site: s, shown: true });
      });
    });
    data.layers.forEach(function (layer) {
      geomap.areas[layer.key].push.apply(geomap.areas[layer.key], geomap.shapes[layer.key] || []);
    });
  }

  geomap.drawSites = function (map) {
    var data = geomap.data();
    var loaded = {};
    var ready = { pending: data.layers.length, sized: map.getSize().x > 0 && map.getSize().y > 0 };
    ready.check = function () {
      if (ready.pending === 0 && ready.sized && !window.geomapReady) geomap.sitesDrawn();
    };
    function done(key) {
      // chunkProgress reports "all processed" more than once: count each layer once.
      if (loaded[key]) return;
      loaded[key] = true;
      ready.pending -= 1;
      ready.check();
    }
    watchSize(map, ready);
    geomap.map = map;
    siteLabels(map, data);
    // Thousands of areas draw faster on one canvas than as SVG paths.
    areaRenderer = data.sites.length > 2000 ? L.canvas({ padding: 0.2 }) : undefined;
    collect(data);
    data.layers.forEach(function (layer, index) {
      var key = layer.key;
      var group = geomap.groups[key];
      geomap.areas[key].forEach(function (a) { group.addLayer(a.layer); });
      var cluster = (geomap.clusters[key] = L.markerClusterGroup({
        chunkedLoading: true,
        showCoverageOnHover: false,
        maxClusterRadius: data.sites.length > 2000 ? 60 : 40,
        spiderfyDistanceMultiplier: 1.6,
        iconCreateFunction: clusterIcon(layer, index, data.layers.length),
        chunkProgress: function (processed, total) {
          if (processed === total) done(key);
        }
      }));
      group.addLayer(cluster);
      var onMap = !!cluster._map;
      cluster.addLayers(geomap.markers[key]);
      if (!onMap) done(key);
    });
  };

  var KIND_RANK = { site: 0, district: 1, city: 2 };

  function siteLabels(map, data) {
    // Most specific and best-sourced first: where two names collide, the building wins.
    var named = data.sites.filter(function (s) { return s.label != null; });
    named.sort(function (a, b) {
      return KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.docs - a.docs || (b.weight || 0) - (a.weight || 0);
    });
    geomap.addLabels(map, "gmSiteLabels", {
      zIndex: 640, // over the markers, under tooltips and popups
      priority: 2,
      candidates: function (m, zoom) {
        var view = m.getBounds().pad(0.1);
        return named.filter(function (s) {
          return s.label <= zoom && !s.gmHidden && view.contains([s.lat, s.lon]) &&
            s.layers.some(function (key) { return m.hasLayer(geomap.groups[key]); });
        }).map(function (s) {
          // Right of the site's last symbol: a site on several layers shows them side by side.
          var beside = ((s.layers.length - 1) / 2) * s.size * 0.7 + s.size / 2 + 3;
          return { latlng: [s.lat, s.lon], text: s.name, dx: beside,
            cls: "gm-site-label" + (s.past ? " gm-past" : "") };
        });
      }
    });
  }

  geomap.firstView = function (map) {
    map.fitBounds(geomap.data().bounds, L.extend(geomap.fitOptions(), { animate: false }));
  };

  // Undated places stay shown unless the reader unticks them (context places, which the
  // slider's note does not count, always stay); an area or cordon follows its site.
  geomap.setTimeRange = function (lo, hi, undated) {
    if (undated === undefined) undated = true;
    function shown(s) {
      if (!s) return true;
      if (s.t0 == null) return undated || s.layers.indexOf("context") >= 0 && s.layers.length === 1;
      return s.t1 >= lo && s.t0 <= hi;
    }
    geomap.data().sites.forEach(function (s) { s.gmHidden = !shown(s); });
    geomap.data().layers.forEach(function (layer) {
      var key = layer.key;
      var add = [];
      var remove = [];
      geomap.markers[key].forEach(function (m) {
        var show = shown(m.gmSite);
        if (show !== m.gmShown) {
          (show ? add : remove).push(m);
          m.gmShown = show;
        }
      });
      if (remove.length) geomap.clusters[key].removeLayers(remove);
      if (add.length) geomap.clusters[key].addLayers(add);
      geomap.areas[key].forEach(function (a) {
        var show = shown(a.site);
        if (show === a.shown) return;
        a.shown = show;
        if (show) geomap.groups[key].addLayer(a.layer); else geomap.groups[key].removeLayer(a.layer);
      });
    });
    if (geomap.placeLabels) geomap.placeLabels();
  };
})();
