/* geomap popups and tooltips of a site, built on demand from its record.
 * Links are only those that Python vetted (http, https, file or a relative path). */
(function () {
  "use strict";

  var geomap = window.geomap;
  var esc = geomap.esc;
  var words = geomap.words;

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

  function evidenceHtml(e) {
    var source = e.href
      ? '<a href="' + esc(e.href) + '" target="_blank" rel="noopener noreferrer">' + esc(e.doc) + "</a>"
      : esc(e.doc);
    return '<blockquote class="gm-quote">' + esc(e.quote) + "<footer>" + source +
      (e.title ? " — " + esc(e.title) : "") + " · " + words(e.role) + "</footer></blockquote>";
  }

  function item(key, html) {
    return "<li>" + geomap.svg(key, 14) + "<span>" + html + "</span></li>";
  }

  geomap.tooltipHtml = function (s) {
    return "<strong>" + esc(s.name) + "</strong><br>" + s.roles.map(roleText).join(", ");
  };

  function coords(s) {
    var lat = Math.abs(s.lat).toFixed(4) + "°" + (s.lat < 0 ? "S" : "N");
    var lon = Math.abs(s.lon).toFixed(4) + "°" + (s.lon < 0 ? "W" : "E");
    return lat + " " + lon;
  }

  // Each role once: its actors, the span of its dates and its numbers, from all its events.
  function roleRows(s) {
    var roleLayers = geomap.data().roleLayers;
    var byRole = {};
    (s.events || []).forEach(function (e) {
      var r = (byRole[e.role] = byRole[e.role] || { first: null, last: null, numbers: [] });
      if (e.first && (!r.first || e.first < r.first)) r.first = e.first;
      if (e.last && (!r.last || e.last > r.last)) r.last = e.last;
      if (numbers(e) && r.numbers.indexOf(numbers(e)) < 0) r.numbers.push(numbers(e));
    });
    return s.roles.map(function (pair) {
      var r = byRole[pair[0]] || { numbers: [] };
      var bits = [roleText(pair)];
      if (r.first) bits.push(span(r.first, r.last));
      bits.push.apply(bits, r.numbers);
      return item(roleLayers[pair[0]] || "context", bits.join(" · "));
    });
  }

  geomap.popupHtml = function (s) {
    var h = '<div class="gm-popup"><h3>' + esc(s.name) + "</h3>";
    var where = [words(s.kind)];
    if (s.region) where.push(esc(s.region));
    if (s.country) where.push(esc(s.country));
    h += '<p class="gm-meta">' + where.join(" · ") + (s.first ? " · " + span(s.first, s.last) : "") +
      (s.past ? " · undated, named in passing" : "") + " · " + esc(s.docs) + " source" +
      (s.docs === 1 ? "" : "s") + "</p>";
    h += '<p class="gm-meta gm-where">' + coords(s) + (s.precision ? " · " + esc(s.precision) : "") + "</p>";
    h += '<ul class="gm-roles">' + roleRows(s).join("") + "</ul>";
    if (s.actors && s.actors.length) h += '<p class="gm-meta">Also: ' + s.actors.map(words).join(", ") + "</p>";
    if (s.evidence && s.evidence.length) {
      h += '<div class="gm-evidence">' + s.evidence.map(evidenceHtml).join("") + "</div>";
    }
    if (s.source) h += '<p class="gm-meta gm-source">Place: ' + esc(s.source) + "</p>";
    return h + "</div>";
  };

  // Popups pan clear of the title (top left) and the layer control (top right).
  geomap.POPUP = { maxWidth: 360, maxHeight: 320, autoPanPaddingTopLeft: [160, 110], autoPanPaddingBottomRight: [60, 20] };
})();
