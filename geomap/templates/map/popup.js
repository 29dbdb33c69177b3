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

  geomap.popupHtml = function (s) {
    var roleLayers = geomap.data().roleLayers;
    var h = '<div class="gm-popup"><h3>' + esc(s.name) + "</h3>";
    h += '<p class="gm-meta">' + words(s.kind) + (s.country ? " · " + esc(s.country) : "") +
      (s.first ? " · " + span(s.first, s.last) : "") + " · " + esc(s.docs) + " source" +
      (s.docs === 1 ? "" : "s") + "</p>";
    var rows = (s.events || []).map(function (e) {
      var bits = [roleText([e.role, e.actor])];
      if (e.first) bits.push(span(e.first, e.last));
      if (numbers(e)) bits.push(numbers(e));
      return item(roleLayers[e.role] || "context", bits.join(" · "));
    });
    var told = (s.events || []).map(function (e) { return e.role; });
    s.roles.forEach(function (pair) {
      if (told.indexOf(pair[0]) < 0) rows.push(item(roleLayers[pair[0]] || "context", roleText(pair)));
    });
    h += '<ul class="gm-roles">' + rows.join("") + "</ul>";
    if (s.actors && s.actors.length) h += '<p class="gm-meta">Also: ' + s.actors.map(words).join(", ") + "</p>";
    if (s.evidence && s.evidence.length) {
      h += '<div class="gm-evidence">' + s.evidence.map(evidenceHtml).join("") + "</div>";
    }
    return h + "</div>";
  };

  // Popups pan clear of the title (top left) and the layer control (top right).
  geomap.POPUP = { maxWidth: 360, maxHeight: 320, autoPanPaddingTopLeft: [160, 110], autoPanPaddingBottomRight: [60, 20] };
})();
