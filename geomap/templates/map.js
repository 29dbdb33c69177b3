/* geomap: draws the sites in #geomap-data onto the folium map built by geomap.render.
 *
 * Python hands over plain data only (JSON); every string from an article or a gazetteer
 * is escaped here with esc() before it meets innerHTML, and links are only those that
 * Python vetted (http, https, file or a relative path). Markers of each layer go into one
 * Leaflet.markercluster group, itself inside the layer's folium FeatureGroup, so the
 * LayerControl switches a layer's markers, areas and cordons together.
 */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("geomap-data").textContent);
  var map = window[cfg.map];
  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  var groups = {};
  var clusters = {};
  var markers = {};
  var areas = {};
  var styles = {};
  // Popups pan clear of the title (top left) and the layer control (top right).
  var POPUP = { maxWidth: 360, maxHeight: 320, autoPanPaddingTopLeft: [160, 110], autoPanPaddingBottomRight: [60, 20] };
  // Where symbols of different layers overlap, the more urgent one is drawn on top.
  var RANK = { incidents: 6000, closures: 5000, protests: 4500, guarded: 4000, patrols: 3000, standby: 2000, context: 1000 };

  function esc(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return ESC[c];
    });
  }

  function svg(key, size) {
    size = Math.round(+size) || 20;
    return '<svg class="gm-sym" viewBox="0 0 24 24" width="' + size + '" height="' + size +
      '" aria-hidden="true">' + cfg.symbols[key] + "</svg>";
  }

  function words(text) {
    return esc(String(text || "").replace(/_/g, " "));
  }

  /* ---- base: bundled Natural Earth land under the tiles, sea-blue container ---- */

  function drawBasemap() {
    var el = document.getElementById("geomap-basemap");
    if (!el) return;
    var pane = map.createPane("gmBasemap");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    L.geoJSON(JSON.parse(el.textContent), {
      pane: "gmBasemap",
      interactive: false,
      attribution: cfg.basemapAttribution,
      style: { color: "#a39e93", weight: 0.8, fillColor: "#f2efe9", fillOpacity: 1 }
    }).addTo(map);
  }

  function watchTiles() {
    var tiles = cfg.tiles && window[cfg.tiles];
    var note = document.getElementById("geomap-offline");
    if (!tiles) return;
    tiles.on("tileerror", function (e) {
      // A failed tile is hidden so the bundled basemap under it shows through.
      if (e.tile) e.tile.style.visibility = "hidden";
      if (note) note.hidden = false;
    });
  }

  /* ---- popups and tooltips, built on demand ---- */

  function numbers(x) {
    var out = [];
    if (x.killed != null) out.push(esc(x.killed) + " killed");
    if (x.injured != null) out.push(esc(x.injured) + " injured");
    if (x.personnel != null) out.push(esc(x.personnel) + " personnel");
    return out.join(", ");
  }

  function span(first, last) {
    if (!first) return "";
    return esc(first) + (last && last !== first ? " – " + esc(last) : "");
  }

  function roleText(pair) {
    return words(pair[0]) + (pair[1] ? " (" + words(pair[1]) + ")" : "");
  }

  function tooltipHtml(s) {
    return "<strong>" + esc(s.name) + "</strong><br>" + s.roles.map(roleText).join(", ");
  }

  function evidenceHtml(e) {
    var source = e.href
      ? '<a href="' + esc(e.href) + '" target="_blank" rel="noopener noreferrer">' + esc(e.doc) + "</a>"
      : esc(e.doc);
    return '<blockquote class="gm-quote">' + esc(e.quote) + "<footer>" + source +
      (e.title ? " — " + esc(e.title) : "") + " · " + words(e.role) + "</footer></blockquote>";
  }

  function item(key, html) {
    return "<li>" + svg(key, 14) + "<span>" + html + "</span></li>";
  }

  function popupHtml(s) {
    var h = '<div class="gm-popup"><h3>' + esc(s.name) + "</h3>";
    h += '<p class="gm-meta">' + words(s.kind) + (s.country ? " · " + esc(s.country) : "") +
      (s.first ? " · " + span(s.first, s.last) : "") + " · " + esc(s.docs) + " source" +
      (s.docs === 1 ? "" : "s") + "</p>";
    var rows = (s.events || []).map(function (e) {
      var bits = [roleText([e.role, e.actor])];
      if (e.first) bits.push(span(e.first, e.last));
      if (numbers(e)) bits.push(numbers(e));
      return item(cfg.roleLayers[e.role] || "context", bits.join(" · "));
    });
    var told = (s.events || []).map(function (e) { return e.role; });
    s.roles.forEach(function (pair) {
      if (told.indexOf(pair[0]) < 0) rows.push(item(cfg.roleLayers[pair[0]] || "context", roleText(pair)));
    });
    h += '<ul class="gm-roles">' + rows.join("") + "</ul>";
    if (s.actors && s.actors.length) h += '<p class="gm-meta">Also: ' + s.actors.map(words).join(", ") + "</p>";
    if (s.evidence && s.evidence.length) {
      h += '<div class="gm-evidence">' + s.evidence.map(evidenceHtml).join("") + "</div>";
    }
    return h + "</div>";
  }

  /* ---- markers, areas and cordons ---- */

  function clusterIcon(layer, index) {
    // Clusters of different layers often share a spot (a city): each layer's cluster sits
    // at its own clock position around it, so none hides another.
    var angle = (index / cfg.layers.length) * 2 * Math.PI - Math.PI / 2;
    return function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 36 : 42;
      var r = size * 0.85;
      return L.divIcon({
        className: "gm-cluster gm-" + layer.key,
        html: '<span role="img" aria-label="' + n + " " + esc(layer.title) + '">' + svg(layer.key, size) +
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
        className: "gm-marker gm-" + key,
        html: '<span role="img" aria-label="' + esc(s.name) + '">' + svg(key, size) + "</span>",
        iconSize: [size, size],
        iconAnchor: [size / 2 - dx, size / 2],
        popupAnchor: [0, -size / 2],
        tooltipAnchor: [0, -size / 2]
      }),
      riseOnHover: true,
      zIndexOffset: RANK[key] || 0
    });
    m.bindPopup(function () { return popupHtml(s); }, POPUP);
    m.bindTooltip(function () { return tooltipHtml(s); }, { direction: "top" });
    m.gmSite = s;
    m.gmShown = true;
    return m;
  }

  // Thousands of areas draw faster on one canvas than as SVG paths.
  var areaRenderer = cfg.sites.length > 2000 ? L.canvas({ padding: 0.2 }) : undefined;

  function area(s, key) {
    var style = styles[key];
    var c = L.circle([s.lat, s.lon], {
      renderer: areaRenderer,
      radius: s.radius, color: style.colour, weight: 1.5, opacity: 0.9, dashArray: style.dash || null,
      fillColor: style.colour, fillOpacity: key === "context" ? 0.05 : 0.12,
      interactive: s.radius <= 100000
    });
    if (s.radius <= 100000) {
      c.bindTooltip(function () { return tooltipHtml(s); }, { sticky: true });
      c.bindPopup(function () { return popupHtml(s); }, POPUP);
    }
    return c;
  }

  function cordon(c) {
    var p = L.polygon(c.ring, {
      color: styles.guarded.colour, weight: 2.5, dashArray: "10 5", fillOpacity: 0.08
    });
    p.bindTooltip(function () {
      return "<strong>Cordon: " + esc(c.name) + "</strong><br>" + c.encloses.map(esc).join(", ");
    }, { sticky: true });
    return p;
  }

  /* ---- view ---- */

  var pending = cfg.layers.length;  // cluster groups still loading
  var sized = map.getSize().x > 0 && map.getSize().y > 0;

  function markReady() {
    if (pending === 0 && sized) window.geomapReady = true;
  }

  function fitData() {
    map.fitBounds(cfg.bounds, {
      maxZoom: 14, paddingTopLeft: cfg.padding[0], paddingBottomRight: cfg.padding[1], animate: false
    });
  }

  function watchSize() {
    // A map in a frame that is not laid out yet starts with no size, and the first
    // fitBounds picks a meaningless view: fit again once the map has a size.
    if (sized || !window.ResizeObserver) return;
    var observer = new ResizeObserver(function () {
      map.invalidateSize({ animate: false });
      if (map.getSize().x > 0 && map.getSize().y > 0) {
        observer.disconnect();
        sized = true;
        fitData();
        markReady();
      }
    });
    observer.observe(map.getContainer());
  }

  function drawSites() {
    var loaded = {};
    function done(key) {
      // chunkProgress reports "all processed" more than once: count each layer once.
      if (loaded[key]) return;
      loaded[key] = true;
      pending -= 1;
      markReady();
    }
    var todo = {};
    cfg.layers.forEach(function (layer) {
      styles[layer.key] = layer;
      groups[layer.key] = window[layer.group];
      markers[layer.key] = [];
      areas[layer.key] = [];
      todo[layer.key] = [];
    });
    cfg.sites.forEach(function (s) {
      s.layers.forEach(function (key, index) {
        var m = marker(s, key, index);
        markers[key].push(m);
        if (s.areas && s.areas.indexOf(key) >= 0) {
          areas[key].push({ layer: area(s, key), site: s, shown: true });
        }
      });
    });
    cfg.cordons.forEach(function (c) {
      areas.guarded.push({ layer: cordon(c), site: cfg.sites[c.site], shown: true });
    });
    cfg.layers.forEach(function (layer, index) {
      var key = layer.key;
      areas[key].forEach(function (a) { groups[key].addLayer(a.layer); });
      clusters[key] = L.markerClusterGroup({
        chunkedLoading: true,
        showCoverageOnHover: false,
        maxClusterRadius: cfg.sites.length > 2000 ? 60 : 40,
        spiderfyDistanceMultiplier: 1.6,
        iconCreateFunction: clusterIcon(layer, index),
        chunkProgress: function (processed, total) {
          if (processed === total) done(key);
        }
      });
      groups[key].addLayer(clusters[key]);
      var onMap = !!clusters[key]._map;
      clusters[key].addLayers(markers[key]);
      if (!onMap) done(key);
    });
  }

  /* ---- time range ---- */

  function setTimeRange(lo, hi) {
    function shown(s) {
      return !s || s.t0 == null || (s.t1 >= lo && s.t0 <= hi);
    }
    cfg.layers.forEach(function (layer) {
      var key = layer.key;
      var add = [];
      var remove = [];
      markers[key].forEach(function (m) {
        var show = shown(m.gmSite);
        if (show !== m.gmShown) {
          (show ? add : remove).push(m);
          m.gmShown = show;
        }
      });
      if (remove.length) clusters[key].removeLayers(remove);
      if (add.length) clusters[key].addLayers(add);
      areas[key].forEach(function (a) {
        var show = shown(a.site);
        if (show === a.shown) return;
        a.shown = show;
        if (show) groups[key].addLayer(a.layer); else groups[key].removeLayer(a.layer);
      });
    });
  }

  function day(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  /* ---- panels: title, legend, jump-to, time slider ---- */

  function panel(id, position) {
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
  }

  function drawPanels() {
    panel("geomap-title", "topleft");
    L.control.zoom({ position: "topleft" }).addTo(map);
    var jump = panel("geomap-jump", "topleft");
    if (jump) {
      jump.addEventListener("click", function (e) {
        var button = e.target.closest("button[data-group]");
        if (!button) return;
        map.fitBounds(cfg.jump[+button.getAttribute("data-group")].bounds, {
          maxZoom: 14, paddingTopLeft: cfg.padding[0], paddingBottomRight: cfg.padding[1]
        });
      });
    }
    panel("geomap-legend", "bottomleft");
    var time = panel("geomap-time", "bottomright");
    if (time) {
      var from = document.getElementById("geomap-time-from");
      var to = document.getElementById("geomap-time-to");
      var label = document.getElementById("geomap-time-label");
      var update = function (e) {
        var lo = +from.value;
        var hi = +to.value;
        if (lo > hi) {
          if (e && e.target === from) to.value = hi = lo; else from.value = lo = hi;
        }
        label.textContent = day(lo) + " – " + day(hi);
        setTimeRange(lo, hi);
      };
      from.addEventListener("input", update);
      to.addEventListener("input", update);
    }
  }

  watchSize();
  drawBasemap();
  watchTiles();
  drawPanels();
  drawSites();
  window.geomap = {
    map: map, groups: groups, clusters: clusters, markers: markers, areas: areas,
    setTimeRange: setTimeRange, esc: esc
  };
})();
