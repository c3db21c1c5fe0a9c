// Search-as-you-type: every <input data-suggest="..."> becomes an ARIA 1.2 combobox with a
// listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Suggestions come from
// /api/search/suggest/ (debounced), grouped into roles, comparisons and job titles.
// Keys: Down/Up move through the options (opening the list), Enter picks the active option
// (or submits the form when none is active), Escape closes the list, or clears the field
// when it is already closed. The active option is announced through aria-activedescendant;
// focus stays in the field. Everything from the API is inserted as text, never as HTML.
(function () {
  "use strict";
  var DEBOUNCE_MS = 150;
  var GROUPS = [["roles", "Roles"], ["comparisons", "Comparisons"], ["jobs", "Job titles"]];

  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (/^\/(?!\/)/.test(url)) return url;
    if (/^https?:\/\//i.test(url)) return url;
    return null;
  }

  function enhance(input, n) {
    var api = input.getAttribute("data-suggest");
    var form = input.form;
    var searchUrl = input.getAttribute("data-search-url") || (form && form.getAttribute("action")) || "/search/";
    var listId = input.id + "-listbox";
    var list = document.createElement("div");
    list.id = listId;
    list.className = "combo-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    if (input.parentNode.classList) input.parentNode.classList.add("combo");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = null;
    var quiet = false; // after Enter or a submit, until the next keystroke: late answers open nothing

    function hush() {
      quiet = true;
      clearTimeout(timer);
      if (pending) pending.abort();
      lastQuery = null;
      close();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].node.setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        var node = options[active].node;
        node.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", node.id);
        if (node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      hush();
      var href = safeHref(option.url);
      if (href) { window.location.href = href; return; }
      // A job title: search for it (here, or on the search page).
      input.value = option.title;
      if (form && form.id === "search-form") {
        if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
      } else {
        window.location.href = searchUrl + "?q=" + encodeURIComponent(option.title);
      }
    }

    function render(groups) {
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      GROUPS.forEach(function (spec) {
        var entries = (groups && groups[spec[0]]) || [];
        if (!entries.length) return;
        var group = document.createElement("div");
        group.setAttribute("role", "group");
        var headingId = listId + "-" + spec[0];
        group.setAttribute("aria-labelledby", headingId);
        var heading = document.createElement("div");
        heading.id = headingId;
        heading.className = "combo-heading";
        heading.setAttribute("role", "presentation");
        heading.textContent = spec[1];
        group.appendChild(heading);
        entries.forEach(function (entry) {
          var node = document.createElement("div");
          node.id = listId + "-option-" + options.length;
          node.className = "combo-option";
          node.setAttribute("role", "option");
          node.setAttribute("aria-selected", "false");
          node.textContent = entry.title;
          var option = { node: node, title: entry.title, url: entry.url };
          // mousedown, not click: the field keeps focus, so the list is not closed by blur first.
          node.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
          options.push(option);
          group.appendChild(node);
        });
        list.appendChild(group);
      });
      if (options.length && !quiet && document.activeElement === input) open(); else close();
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) { open(); return; }
      lastQuery = q;
      if (pending) pending.abort();
      if (!q) { render({}); return; }
      pending = new AbortController();
      fetch(api + (api.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(q),
            { headers: { Accept: "application/json" }, signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : { groups: {} }; })
        .then(function (data) { if (input.value.trim() === q) render(data.groups || {}); })
        .catch(function (err) { if (err.name !== "AbortError") render({}); });
    }

    input.addEventListener("input", function () {
      quiet = false;
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "Down") {
        event.preventDefault();
        quiet = false;
        if (list.hidden) { open(); if (!options.length) fetchSuggestions(); }
        if (options.length) setActive(active < options.length - 1 ? active + 1 : 0);
      } else if (key === "ArrowUp" || key === "Up") {
        event.preventDefault();
        if (list.hidden) open();
        if (options.length) setActive(active > 0 ? active - 1 : options.length - 1);
      } else if (key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); choose(options[active]); }
        else hush();
      } else if (key === "Escape" || key === "Esc") {
        if (!list.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; lastQuery = null; }
      } else if (key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { close(); });
    if (form) form.addEventListener("submit", hush);
    input.addEventListener("focus", function () { if (input.value.trim() && options.length) open(); });
  }

  var inputs = document.querySelectorAll("input[data-suggest]");
  for (var i = 0; i < inputs.length; i++) enhance(inputs[i], i);
})();
