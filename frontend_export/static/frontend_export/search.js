// Search page: calls the search API (GET ?q=&type=&path=&workplace=...) and renders
// results and facets. Everything from the API is inserted as text, never as HTML;
// highlight marks are rebuilt as elements from the snippet's <mark> delimiters.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var api = form.getAttribute("data-api");
  var input = document.getElementById("q");
  var statusBox = document.getElementById("search-status");
  var resultsBox = document.getElementById("search-results");
  var facetsBox = document.getElementById("search-facets");
  // Facet name in the API answer -> [heading, query parameter].
  var FACETS = { path: ["Career path", "path"], workplace: ["Workplace", "workplace"], country: ["Country", "country"],
                 seniority: ["Seniority", "seniority"], employment_type: ["Employment type", "employment_type"],
                 salary: ["Annual pay from", "salary_min"], posted_within: ["Posted within", "posted_within"] };
  var LABELS = { remote: "Remote", hybrid: "Hybrid", onsite: "On-site", unspecified: "Not stated",
                 full_time: "Full time", part_time: "Part time", contract: "Contract", temporary: "Temporary",
                 internship: "Internship", intern: "Intern", junior: "Junior", mid: "Mid-level", senior: "Senior",
                 lead: "Lead", manager: "Manager", "1d": "a day", "7d": "a week", "30d": "30 days", "90d": "90 days" };
  var pathNames = {};
  try { pathNames = JSON.parse(form.getAttribute("data-path-names") || "{}"); } catch (e) { pathNames = {}; }
  var filters = {};
  var pending = null;

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    return node;
  }

  function safeHref(url) {
    // Only site-relative paths and http(s) URLs become links.
    if (typeof url !== "string") return null;
    if (/^\/(?!\/)/.test(url)) return url;
    if (/^https?:\/\//i.test(url)) return url;
    return null;
  }

  var decoder = document.createElement("textarea");
  function decode(escaped) {
    // The API escapes snippet text. A detached textarea holds only text (its content is never
    // parsed into elements), so this decodes entities and nothing else, keeping whitespace.
    decoder.innerHTML = escaped;
    return decoder.value;
  }

  function snippet(text) {
    // The API marks matches with <mark>…</mark>; keep those, show everything else as text.
    var frag = document.createDocumentFragment();
    String(text || "").split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var plain = decode(part.replace(/<[^>]*>/g, ""));
      if (plain) frag.appendChild(inMark ? el("mark", plain) : document.createTextNode(plain));
      return inMark;
    }, false);
    return frag;
  }

  function selectedType() {
    var checked = form.querySelector('input[name="type"]:checked');
    return checked ? checked.value : "all";
  }

  function money(salary) {
    if (!salary || !salary.currency) return "";
    var low = salary.annual_min, high = salary.annual_max;
    var fmt = function (n) { return Math.round(n).toLocaleString("en"); };
    if (low != null && high != null && low !== high) return salary.currency + " " + fmt(low) + "–" + fmt(high) + " a year";
    var single = low != null ? low : high;
    return single != null ? salary.currency + " " + fmt(single) + " a year" : "";
  }

  function renderResults(data) {
    resultsBox.textContent = "";
    var results = data.results || [];
    var total = data.total || {};
    var count = typeof total === "number" ? total : (total.all != null ? total.all : (total.role || 0) + (total.job || 0));
    var message = count + " result" + (count === 1 ? "" : "s") + " for “" + (data.query || input.value) + "”.";
    statusBox.textContent = message;
    if (!results.length && data.suggestion) {
      statusBox.textContent = message + " ";
      var retry = el("button", "Search for “" + data.suggestion + "” instead", { type: "button", "class": "link" });
      retry.addEventListener("click", function () { input.value = data.suggestion; run(); });
      statusBox.appendChild(retry);
    }
    results.forEach(function (r) {
      var li = el("li", null, { "class": "result result-" + (r.type || "") });
      var h = el("h2", null, { "class": "job-title" });
      var href = safeHref(r.url);
      var label = r.title || "(untitled)";
      if (href) h.appendChild(el("a", label, { href: href })); else h.textContent = label;
      li.appendChild(h);
      var meta = el("p", null, { "class": "meta" });
      meta.appendChild(el("span", r.type === "job" ? "Job" : "Role"));
      if (r.company) meta.appendChild(el("span", r.company));
      if (r.locations && r.locations.length) meta.appendChild(el("span", [].concat(r.locations).join(", ")));
      var pay = money(r.salary);
      if (pay) meta.appendChild(el("span", pay, { "class": "pay" }));
      if (r.posted_at) meta.appendChild(el("span", "Posted " + String(r.posted_at).slice(0, 10)));
      li.appendChild(meta);
      var text = r.snippet;
      if (text) { var p = el("p"); p.appendChild(snippet(text)); li.appendChild(p); }
      resultsBox.appendChild(li);
    });
  }

  function facetLabel(name, value) {
    if (name === "path") return pathNames[value] || value;
    if (name === "salary") return Number(value).toLocaleString("en") + "+";
    return LABELS[value] || value;
  }

  function renderFacets(facets) {
    facetsBox.textContent = "";
    Object.keys(FACETS).forEach(function (name) {
      var entries = ((facets || {})[name] || []).filter(function (b) { return b && b.value !== "" && b.value != null && b.count; });
      var param = FACETS[name][1];
      if (!entries.length && !filters[param]) return;
      facetsBox.appendChild(el("h3", FACETS[name][0]));
      var ul = el("ul");
      entries.forEach(function (b) {
        var value = String(b.value);
        var active = filters[param] === value;
        var button = el("button", facetLabel(name, value) + " (" + b.count + ")",
                        { type: "button", "aria-pressed": active ? "true" : "false" });
        button.addEventListener("click", function () {
          if (active) delete filters[param]; else filters[param] = value;
          run();
        });
        var li = el("li"); li.appendChild(button); ul.appendChild(li);
      });
      facetsBox.appendChild(ul);
    });
  }

  function run() {
    var q = input.value.trim();
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    var type = selectedType();
    if (type && type !== "all") params.set("type", type);
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    var pageParams = new URLSearchParams(params);
    history.replaceState(null, "", location.pathname + (pageParams.toString() ? "?" + pageParams : ""));
    if (pending) pending.abort();
    pending = new AbortController();
    statusBox.textContent = "Searching…";
    fetch(api + (api.indexOf("?") === -1 ? "?" : "&") + params.toString(),
          { headers: { Accept: "application/json" }, signal: pending.signal })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) throw new Error(body.detail || ("the search service answered " + response.status));
          return body;
        });
      })
      .then(function (data) { renderResults(data); renderFacets(data.facets); })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        resultsBox.textContent = "";
        statusBox.textContent = "Search is unavailable right now (" + err.message + "). Browse the career paths below.";
      });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); filters = {}; run(); });
  form.querySelectorAll('input[name="type"]').forEach(function (radio) { radio.addEventListener("change", run); });
  var initial = new URLSearchParams(location.search);
  Object.keys(FACETS).forEach(function (k) { var p = FACETS[k][1]; if (initial.get(p)) filters[p] = initial.get(p); });
  var initialType = initial.get("type");
  if (initialType) { var radio = form.querySelector('input[name="type"][value="' + initialType.replace(/[^a-z]/g, "") + '"]'); if (radio) radio.checked = true; }
  if (initial.get("q")) { input.value = initial.get("q"); run(); }
})();
