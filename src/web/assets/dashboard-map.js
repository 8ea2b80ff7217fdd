// The dashboard's map: kecamatan outlines shaded by open tickets, one marker per open ticket
// coloured by its SLA state, grouped into clusters on a grid when they crowd. Leaflet is served
// from the service itself; tiles only when a tile URL is configured (the map works offline).
(function () {
  "use strict";
  var body = document.body;
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var L = window.L;
  var base = "/dasbor";
  var wall = body.getAttribute("data-live") === "wall";
  var map = L.map(el, {
    zoomControl: !wall,
    dragging: !wall,
    scrollWheelZoom: !wall,
    keyboard: !wall,
    attributionControl: true,
    zoomSnap: 0.25,
    // Draw well past the edges: outlines are never cut off while the map is dragged or resized.
    renderer: L.svg({ padding: 1 }),
  }).setView([-6.92, 107.62], 12);
  var tiles = body.getAttribute("data-tiles");
  if (tiles) L.tileLayer(tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);

  var areaLayer = null;
  var areaShapes = [];
  var counts = {};
  var markerLayer = L.layerGroup().addTo(map);
  var markers = [];
  var fitted = false;

  function shade(n) {
    if (!n) return "#f2f4f7";
    if (n >= 10) return "#d04a3a";
    if (n >= 5) return "#ef8d5d";
    if (n >= 2) return "#f7c08a";
    return "#fde3c0";
  }

  function styleArea(feature) {
    var c = counts[String(feature.properties.name).toLowerCase()];
    return {
      color: c && c.breached ? "#b42318" : "#5b6b7b",
      weight: c && c.breached ? 2.5 : 1,
      fillColor: shade(c ? c.open : 0),
      fillOpacity: tiles ? 0.45 : 0.85,
    };
  }

  function drawAreas(geo) {
    // The container's final size is known only now (styles applied): measure before fitting.
    map.invalidateSize();
    areaLayer = L.geoJSON(geo, {
      style: styleArea,
      onEachFeature: function (f, layer) {
        areaShapes.push(layer);
        layer.bindTooltip(f.properties.name, { sticky: true });
      },
    }).addTo(map);
    map.fitBounds(areaLayer.getBounds(), { padding: [8, 8] });
    fitted = true;
  }

  function restyle() {
    if (!areaLayer) return;
    areaLayer.setStyle(styleArea);
    areaShapes.forEach(function (layer) {
      var name = layer.feature.properties.name;
      var c = counts[String(name).toLowerCase()];
      layer.setTooltipContent(
        name + (c ? " · " + c.open + (c.breached ? " (" + c.breached + " SLA)" : "") : ""),
      );
    });
  }

  var worst = { breached: 3, warning: 2, ok: 1, closed: 0 };
  function drawMarkers() {
    markerLayer.clearLayers();
    // Distance clustering: a marker joins the first group whose first marker lies within ~44 px
    // at this zoom (the worst SLA state colours the group), so circles never sit on each other.
    var near = 44;
    var list = [];
    markers.forEach(function (m) {
      var p = map.project([m.lat, m.lon], map.getZoom());
      for (var i = 0; i < list.length; i++) {
        var dx = list[i].p.x - p.x;
        var dy = list[i].p.y - p.y;
        if (dx * dx + dy * dy < near * near) {
          list[i].items.push(m);
          return;
        }
      }
      list.push({ p: p, items: [m] });
    });
    var groups = {};
    list.forEach(function (g, i) {
      groups[i] = g.items;
    });
    Object.keys(groups).forEach(function (key) {
      var g = groups[key];
      if (g.length === 1 || map.getZoom() >= 17) {
        g.forEach(function (m) {
          var icon = L.divIcon({
            className: "",
            html: "<div class='marker sla-" + m.sla + "'></div>",
            iconSize: wall ? [24, 24] : [16, 16],
          });
          var mk = L.marker([m.lat, m.lon], { icon: icon, title: m.label, alt: m.label, keyboard: !wall });
          mk.on("click", function () {
            if (!wall) location.href = base + "/tiket/" + encodeURIComponent(m.id);
          });
          mk.bindTooltip(m.label);
          mk.addTo(markerLayer);
        });
        return;
      }
      var lat = 0,
        lon = 0,
        sla = "ok";
      g.forEach(function (m) {
        lat += m.lat;
        lon += m.lon;
        if (worst[m.sla] > worst[sla]) sla = m.sla;
      });
      // Read from across the room on the wall: larger circles there.
      var size = Math.round((g.length >= 50 ? 44 : g.length >= 10 ? 36 : 30) * (wall ? 1.5 : 1));
      var icon = L.divIcon({
        className: "",
        html:
          "<div class='cluster sla-" +
          sla +
          "' style='width:" +
          size +
          "px;height:" +
          size +
          "px'>" +
          g.length +
          "</div>",
        iconSize: [size, size],
      });
      var center = [lat / g.length, lon / g.length];
      var c = L.marker(center, { icon: icon, title: String(g.length), keyboard: !wall });
      c.on("click", function () {
        map.setView(center, Math.min(map.getZoom() + 2, 18));
      });
      c.addTo(markerLayer);
    });
  }

  // A marker comes as [ticket number (or id), lat, lon, SLA state index, place index] (see
  // map-layers.ts): the map may carry tens of thousands, so the answer stays small.
  var SLA = ["ok", "warning", "breached"];
  function unpack(m, places) {
    var id = typeof m[0] === "number" ? "ADU-" + String(m[0]).padStart(6, "0") : m[0];
    var place = m[4] >= 0 ? places[m[4]] : "";
    return { id: id, lat: m[1], lon: m[2], sla: SLA[m[3]] || "ok", label: place ? id + " · " + place : id };
  }

  function load() {
    var q = body.getAttribute("data-query") || "";
    fetch(base + "/api/map" + q, { credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        counts = data.areas;
        markers = data.markers.map(function (m) {
          return unpack(m, data.places);
        });
        restyle();
        drawMarkers();
        var count = document.getElementById("map-count");
        if (count) count.textContent = data.label;
        var none = document.getElementById("map-nopoint");
        if (none) none.textContent = data.without_point_label || "";
        el.setAttribute("data-markers", String(markers.length));
      })
      .catch(function () {});
  }

  fetch(base + "/api/kecamatan.geojson", { credentials: "same-origin" })
    .then(function (r) {
      return r.json();
    })
    .then(function (geo) {
      drawAreas(geo);
      el.setAttribute("data-areas", String(geo.features.length));
      load();
    });
  map.on("zoomend", drawMarkers);
  // Zoomed in, the kelurahan inside each kecamatan are outlined too (fetched once, when first needed).
  var kelurahan = null;
  var kelurahanLoading = false;
  function kelurahanAtZoom() {
    var show = map.getZoom() >= 14;
    if (show && !kelurahan && !kelurahanLoading) {
      kelurahanLoading = true;
      fetch(base + "/api/kelurahan.geojson", { credentials: "same-origin" })
        .then(function (r) {
          return r.json();
        })
        .then(function (geo) {
          kelurahan = L.geoJSON(geo, {
            interactive: false,
            style: { color: "#5b6b7b", weight: 0.8, dashArray: "3 3", fill: false },
          });
          kelurahanAtZoom();
        });
      return;
    }
    if (!kelurahan) return;
    if (show && !map.hasLayer(kelurahan)) kelurahan.addTo(map);
    if (!show && map.hasLayer(kelurahan)) map.removeLayer(kelurahan);
  }
  map.on("zoomend", kelurahanAtZoom);
  window.addEventListener("resize", function () {
    map.invalidateSize();
  });
  // On the wall the map's box settles after the page's type and layout do: fit the city again
  // whenever it changes size, so no kecamatan is cut off at the edge.
  if (wall && window.ResizeObserver) {
    new window.ResizeObserver(function () {
      map.invalidateSize();
      if (areaLayer && fitted) map.fitBounds(areaLayer.getBounds(), { padding: [8, 8] });
    }).observe(el);
  }
  var again = null;
  document.addEventListener("aduan:change", function () {
    clearTimeout(again);
    again = setTimeout(load, 300);
  });
  // A hidden map (wall rotation) has no size: measure again when shown.
  document.addEventListener("aduan:shown", function () {
    map.invalidateSize();
    if (areaLayer && fitted) map.fitBounds(areaLayer.getBounds(), { padding: [8, 8] });
  });
})();
