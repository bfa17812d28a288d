#include "web/assets.hpp"

namespace web {

namespace {

std::string badge_rules(const std::array<BadgeColours, 4>& colours) {
    std::string out;
    for (std::size_t i = 0; i < colours.size(); ++i) {
        const auto n = std::to_string(i + 1);
        out += ".badge.sev" + n + "{color:" + std::string(colours[i].text) +
               ";background:" + std::string(colours[i].background) + "}\n";
        out += ".chart .sev" + n + "{fill:" + std::string(colours[i].background) + "}\n";
        out += ".legend .sev" + n + "::before{background:" + std::string(colours[i].background) +
               "}\n";
    }
    return out;
}

}  // namespace

const std::string& stylesheet() {
    static const std::string css =
        std::string(
            R"css(:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#ffffff;--muted:#55575e;--line:#d9dae0;--link:#0b57d0;--row:#f5f6f8;--bad:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6ea;--bg:#15161a;--muted:#a7a9b2;--line:#35373f;--link:#8ab4f8;--row:#1d1f24;--bad:#ff8a80}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
header.top{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;border-bottom:1px solid var(--line)}
header.top .brand{font-weight:700}
header.top nav a{margin-right:1rem}
header.top form.signout{margin-left:auto}
main{padding:1rem 1.5rem 3rem;max-width:1400px}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.75rem 0 .6rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}
th,td{text-align:left;padding:.35rem .55rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.85rem}
tbody tr:nth-child(even){background:var(--row)}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;font-weight:700;font-size:.8rem;letter-spacing:.02em}
.overdue{color:var(--bad);font-weight:600}
.muted{color:var(--muted)}
.private{font-style:italic;color:var(--muted)}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:0 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input,select,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:.3rem;padding:.3rem .5rem}
button,.button{cursor:pointer;display:inline-block;text-decoration:none;border:1px solid var(--line);border-radius:.3rem;padding:.3rem .7rem;margin-right:.4rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.pager a{margin-right:1rem}
.chart{width:100%;max-width:900px;height:auto;display:block}
.chart text{fill:var(--muted);font-size:11px}
.chart .axis{stroke:var(--line)}
.legend{display:flex;gap:1rem;font-size:.85rem;list-style:none;padding:0}
.legend li::before{content:"";display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:.15rem}
.signin{max-width:28rem}
.signin label{display:block;margin:.5rem 0 .25rem}
.error{color:var(--bad)}
)css") + badge_rules(kBadgeLight) +
        "@media (prefers-color-scheme:dark){\n" + badge_rules(kBadgeDark) + "}\n";
    return css;
}

const std::string& live_script() {
    // Polls /live (a marker that moves with every change) and replaces the
    // page's #live region with a fresh copy when it moved, or once a minute
    // so ages and due times stay current. The filter form is outside #live,
    // so typing in it is never interrupted. Errors wait for the next poll.
    static const std::string js = R"js((function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.fetch || !window.DOMParser) return;
  var marker = document.body.getAttribute("data-marker") || "";
  var refreshed = Date.now();
  function refresh() {
    return fetch(location.href, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (!text) return;
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("live");
        var current = document.getElementById("live");
        if (!fresh || !current) return;
        current.replaceWith(document.importNode(fresh, true));
        marker = doc.body.getAttribute("data-marker") || marker;
        document.body.setAttribute("data-marker", marker);
        refreshed = Date.now();
      });
  }
  function poll() {
    fetch("/live", {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (j && (j.marker !== marker || Date.now() - refreshed > 60000)) return refresh();
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 3000);
})();
)js";
    return js;
}

}  // namespace web
