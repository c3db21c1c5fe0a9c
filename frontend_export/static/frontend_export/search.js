// Search page: calls the search API (GET ?q=&type=&path=&workplace=...) and renders
// results, facets, the totals per type, what the API read from the query (as removable
// chips) and a "Load more" button that fetches the next page of the same list.
// Everything from the API is inserted as text, never as HTML; highlight marks are
// rebuilt as elements from the snippet's <mark> delimiters.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var api = form.getAttribute("data-api");
  var input = document.getElementById("q");
  var statusBox = document.getElementById("search-status");
  var resultsBox = document.getElementById("search-results");
  var facetsBox = document.getElementById("search-facets");
  var chipsBox = document.getElementById("search-understood");
  var moreButton = document.getElementById("search-more");
  var TYPE_LABELS = { role: "Role", comparison: "Comparison", job: "Job" };
  var FIELD_LABELS = { workplace: "Workplace", seniority: "Seniority", country: "Country", location: "Location",
                       salary_min: "Pay from", currency: "Currency", intent: "Looking for" };
  var INTENTS = { jobs: "jobs", salary: "salaries", compare: "a comparison" };
  var currentPage = 1;
  var lastData = null;
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

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function totalsText(data) {
    // "46 results for “llm”: 3 roles · 1 comparison · 42 jobs": every figure counts results the list holds.
    var total = data.total || {};
    var type = selectedType();
    var parts = [];
    if (type === "all" || type === "role") parts.push(plural(total.role || 0, "role", "roles"));
    if (type === "all" || type === "comparison") parts.push(plural(total.comparison || 0, "comparison", "comparisons"));
    if (type === "all" || type === "job") parts.push(plural(total.job || 0, "job", "jobs"));
    var all = total.all || 0;
    return plural(all, "result", "results") + (data.query ? " for “" + data.query + "”" : "") + ": " + parts.join(" · ");
  }

  function renderChips(data) {
    chipsBox.textContent = "";
    (data.understood || []).forEach(function (entry) {
      var value = entry.field === "intent" ? (INTENTS[entry.value] || entry.value)
        : entry.field === "salary_min" ? Number(entry.value).toLocaleString("en") + " " + (data.currency || "")
        : (LABELS[entry.value] || entry.value);
      var chip = el("span", null, { "class": "chip" + (entry.applied === false ? " chip-off" : "") });
      chip.appendChild(el("span", (FIELD_LABELS[entry.field] || entry.field) + ": " + value +
                              (entry.applied === false && entry.note ? " (not applied: " + entry.note + ")" : "")));
      var remove = el("button", "×", { type: "button", "aria-label": "Remove “" + entry.text + "” from the search" });
      remove.addEventListener("click", function () {
        // Removing a chip removes the words it was read from, and searches again.
        var words = String(entry.text || "");
        var index = input.value.toLowerCase().indexOf(words.toLowerCase());
        if (index >= 0) input.value = (input.value.slice(0, index) + " " + input.value.slice(index + words.length)).replace(/\s+/g, " ").trim();
        run();
        input.focus();
      });
      chip.appendChild(remove);
      chipsBox.appendChild(chip);
    });
  }

  function renderResults(data, append) {
    if (!append) resultsBox.textContent = "";
    var results = data.results || [];
    var message = totalsText(data) + ".";
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
      // A job without a career path has no page here: its title links to the employer's posting.
      var href = safeHref(r.url || r.source_url);
      var label = r.title || "(untitled)";
      if (href) h.appendChild(el("a", label, { href: href })); else h.textContent = label;
      li.appendChild(h);
      var meta = el("p", null, { "class": "meta" });
      meta.appendChild(el("span", TYPE_LABELS[r.type] || "Result", { "class": "type" }));
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
    var shown = resultsBox.children.length;
    var all = (data.total || {}).all || 0;
    moreButton.hidden = shown >= all || !results.length;
    if (!moreButton.hidden) moreButton.textContent = "Load more (" + (all - shown) + " more)";
  }

  function facetLabel(name, value) {
    if (name === "path") return pathNames[value] || value;
    if (name === "salary") return Number(value).toLocaleString("en") + "+";
    return LABELS[value] || value;
  }

  function renderFacets(facets, currency) {
    facetsBox.textContent = "";
    Object.keys(FACETS).forEach(function (name) {
      var entries = ((facets || {})[name] || []).filter(function (b) { return b && b.value !== "" && b.value != null && b.count; });
      var param = FACETS[name][1];
      if (!entries.length && !filters[param]) return;
      // The pay steps are amounts in one currency, which the API names.
      facetsBox.appendChild(el("h3", FACETS[name][0] + (name === "salary" && currency ? " (" + currency + ")" : "")));
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

  function run(more) {
    var q = input.value.trim();
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    var type = selectedType();
    if (type && type !== "all") params.set("type", type);
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    var pageParams = new URLSearchParams(params);
    history.replaceState(null, "", location.pathname + (pageParams.toString() ? "?" + pageParams : ""));
    currentPage = more ? currentPage + 1 : 1;
    if (currentPage > 1) params.set("page", String(currentPage));
    if (pending) pending.abort();
    pending = new AbortController();
    if (!more) statusBox.textContent = "Searching…";
    fetch(api + (api.indexOf("?") === -1 ? "?" : "&") + params.toString(),
          { headers: { Accept: "application/json" }, signal: pending.signal })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) throw new Error(body.detail || ("the search service answered " + response.status));
          return body;
        });
      })
      .then(function (data) {
        lastData = data;
        renderResults(data, !!more);
        if (!more) { renderChips(data); renderFacets(data.facets, data.currency); }
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        resultsBox.textContent = "";
        statusBox.textContent = "Search is unavailable right now (" + err.message + "). Browse the career paths below.";
      });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); filters = {}; run(); });
  form.querySelectorAll('input[name="type"]').forEach(function (radio) { radio.addEventListener("change", function () { run(); }); });
  moreButton.addEventListener("click", function () { if (lastData) run(true); });
  var initial = new URLSearchParams(location.search);
  Object.keys(FACETS).forEach(function (k) { var p = FACETS[k][1]; if (initial.get(p)) filters[p] = initial.get(p); });
  var initialType = initial.get("type");
  if (initialType) { var radio = form.querySelector('input[name="type"][value="' + initialType.replace(/[^a-z]/g, "") + '"]'); if (radio) radio.checked = true; }
  if (initial.get("q")) { input.value = initial.get("q"); run(); }
})();
