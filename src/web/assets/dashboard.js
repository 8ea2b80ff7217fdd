// Aduan dashboard: live updates by Server-Sent Events, the wall's rotation, and the campaigns &
// mood panel. No framework: the server renders every page; this swaps the live part in place.
(function () {
  "use strict";
  var body = document.body;
  var live = body.getAttribute("data-live");
  var status = document.getElementById("live-status");
  var base = "/dasbor";

  function say(text) {
    if (status) status.textContent = text;
  }

  // Re-render the page's live part from the server (same URL, fragment only).
  var pending = null;
  function refresh() {
    if (pending) return;
    pending = setTimeout(function () {
      pending = null;
      var region = document.getElementById("live-region");
      if (!region) return;
      fetch(location.pathname + location.search, {
        headers: { "x-dasbor-fragment": "1" },
        credentials: "same-origin",
      })
        .then(function (r) {
          if (r.status === 401 || r.status === 403) {
            location.reload();
            return null;
          }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (html === null) return;
          var active = document.activeElement && document.activeElement.id;
          region.outerHTML = html;
          var fresh = document.getElementById("live-region");
          var head = fresh && fresh.querySelector(".ticket-head, .counts");
          if (head) head.classList.add("flash");
          if (active) {
            var el = document.getElementById(active);
            if (el) el.focus();
          }
          document.dispatchEvent(new CustomEvent("aduan:refreshed"));
        })
        .catch(function () {});
    }, 250);
  }

  if (live && window.EventSource) {
    var es = new EventSource(base + "/api/events");
    es.addEventListener("ticket", function (e) {
      var change;
      try {
        change = JSON.parse(e.data);
      } catch {
        return;
      }
      document.dispatchEvent(new CustomEvent("aduan:change", { detail: change }));
      // Moved to an agency this viewer does not hold: its row goes at once (the refresh below
      // brings the counts).
      if (change.gone && live === "queue") {
        var row = document.querySelector('tr[data-ticket="' + String(change.id).replace(/"/g, "") + '"]');
        if (row) row.remove();
      }
      if (live === "ticket") {
        if (change.id === body.getAttribute("data-ticket")) refresh();
      } else if (live === "queue" || live === "wall") refresh();
    });
    es.addEventListener("open", function () {
      say("");
      body.setAttribute("data-connected", "1");
    });
    es.addEventListener("error", function () {
      body.removeAttribute("data-connected");
    });
  }

  // Wall mode: the views take turns; nothing needs a hand.
  if (live === "wall") {
    var every = Number(body.getAttribute("data-rotate")) || 20000;
    var turn = 0;
    var show = function () {
      var views = document.querySelectorAll(".wall-view");
      for (var i = 0; i < views.length; i++) views[i].hidden = i !== turn % views.length;
      document.dispatchEvent(new CustomEvent("aduan:shown"));
    };
    document.addEventListener("aduan:refreshed", show);
    show();
    setInterval(function () {
      turn++;
      show();
    }, every);
    var clock = document.getElementById("wall-clock");
    var tick = function () {
      if (clock)
        clock.textContent =
          new Date().toLocaleTimeString("id-ID", {
            timeZone: "Asia/Jakarta",
            hour: "2-digit",
            minute: "2-digit",
          }) + " WIB";
    };
    tick();
    setInterval(tick, 15000);
  }

  // The campaigns & mood panel: shown only when both data sources answer.
  var panel = document.getElementById("panel");
  if (panel) {
    var pb = panel.querySelector(".panel-body");
    var d = function (k) {
      return pb.getAttribute("data-" + k);
    };
    var names = {};
    try {
      names = JSON.parse(d("names") || "{}");
    } catch {
      names = {};
    }
    var get = function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.json() : null;
      });
    };
    Promise.all([get(base + "/api/campaigns"), get(base + "/api/mood?days=14")])
      .then(function (res) {
        var campaigns = res[0];
        var mood = res[1];
        if (!campaigns && !mood) return;
        var parts = [];
        var esc = function (s) {
          var el = document.createElement("span");
          el.textContent = String(s);
          return el.innerHTML;
        };
        if (campaigns && campaigns.campaigns && campaigns.campaigns.length) {
          parts.push(
            "<div><h3>" +
              esc(d("campaigns")) +
              "</h3><ul>" +
              campaigns.campaigns
                .map(function (c) {
                  var places = (c.places || []).slice(0, 3).map(function (p) {
                    return esc(p.name) + " (" + esc(p.count) + ")";
                  });
                  return (
                    "<li><b>" +
                    esc(c.tag) +
                    "</b>: " +
                    esc(c.posts) +
                    " " +
                    esc(d("posts")) +
                    ", " +
                    esc(c.people) +
                    " " +
                    esc(d("people")) +
                    (places.length ? " · " + places.join(", ") : "") +
                    "</li>"
                  );
                })
                .join("") +
              "</ul></div>",
          );
        }
        if (mood && mood.days && mood.days.length) {
          var row = function (label, m) {
            var total = (m.positive || 0) + (m.neutral || 0) + (m.negative || 0) || 1;
            var w = function (v) {
              return Math.round(((v || 0) / total) * 100);
            };
            return (
              "<tr><th scope='row'>" +
              esc(label) +
              "</th><td><div class='mood-bar' role='img' aria-label='" +
              esc(d("positive")) +
              " " +
              w(m.positive) +
              "%, " +
              esc(d("neutral")) +
              " " +
              w(m.neutral) +
              "%, " +
              esc(d("negative")) +
              " " +
              w(m.negative) +
              "%'><span style='width:" +
              w(m.positive) +
              "%'></span><span style='width:" +
              w(m.neutral) +
              "%'></span><span style='width:" +
              w(m.negative) +
              "%'></span></div></td></tr>"
            );
          };
          parts.push(
            "<div><h3>" +
              esc(d("mood")) +
              "</h3><table>" +
              mood.days
                .map(function (x) {
                  return row(x.date, x);
                })
                .join("") +
              (mood.topics || [])
                .map(function (x) {
                  return row(names[x.agency] || x.agency, x);
                })
                .join("") +
              "</table></div>",
          );
        }
        if (parts.length) {
          pb.innerHTML = parts.join("");
          panel.hidden = false;
        }
      })
      .catch(function () {});
  }
})();
