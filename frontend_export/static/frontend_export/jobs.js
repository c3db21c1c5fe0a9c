// Job list pages: filters (workplace, seniority, country, pay stated) and sorting (newest, pay)
// over the path's jobs.json, written by the export. Without this script the plain, paged list
// works as it is; the form stays hidden. Everything from the JSON is inserted as text.
(function () {
  "use strict";
  var form = document.getElementById("job-filters");
  var list = document.getElementById("job-list");
  if (!form || !list || !window.fetch) return;
  var statusBox = document.getElementById("job-filters-status");
  var pager = document.getElementById("job-pager");
  var original = list.cloneNode(true);
  var data = null;

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    return node;
  }

  function fill(name, labels, counts) {
    var select = form.elements[name];
    Object.keys(counts).filter(function (key) { return labels[key]; }).sort(function (a, b) {
      return (labels[a] || a).localeCompare(labels[b] || b);
    }).forEach(function (key) {
      select.appendChild(el("option", (labels[key] || key) + " (" + counts[key] + ")", { value: key }));
    });
  }

  function countBy(jobs, pick) {
    var counts = {};
    jobs.forEach(function (job) {
      pick(job).forEach(function (key) { if (key) counts[key] = (counts[key] || 0) + 1; });
    });
    return counts;
  }

  function row(job) {
    var item = el("li", null, { "class": "job" });
    var heading = el("h2", null, { "class": "job-title" });
    heading.appendChild(el("a", job.title, { href: job.url }));
    item.appendChild(heading);
    var meta = el("p", null, { "class": "meta" });
    var labels = data.labels;
    [job.company, job.locations, labels.workplace[job.workplace], job.employment, labels.seniority[job.seniority]]
      .forEach(function (value) { if (value) meta.appendChild(el("span", value)); });
    if (job.pay) meta.appendChild(el("span", job.pay, { "class": "pay" }));
    if (job.posted) {
      var posted = el("span", "Posted ");
      posted.appendChild(el("time", job.posted, { datetime: job.posted }));
      meta.appendChild(posted);
    }
    item.appendChild(meta);
    return item;
  }

  function apply() {
    var f = form.elements;
    var active = f.workplace.value || f.seniority.value || f.country.value || f.pay.checked || f.sort.value !== "newest";
    if (!active) {
      list.replaceWith(original.cloneNode(true));
      list = document.getElementById("job-list");
      if (pager) pager.hidden = false;
      statusBox.textContent = "";
      return;
    }
    var jobs = data.jobs.filter(function (job) {
      return (!f.workplace.value || job.workplace === f.workplace.value) &&
        (!f.seniority.value || job.seniority === f.seniority.value) &&
        (!f.country.value || job.countries.indexOf(f.country.value) >= 0) &&
        (!f.pay.checked || job.pay);
    });
    if (f.sort.value === "pay") {
      // Pay compares within one currency only: group by currency, highest first within each.
      jobs = jobs.slice().sort(function (a, b) {
        if ((a.annual === null) !== (b.annual === null)) return a.annual === null ? 1 : -1;
        if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
        return (b.annual || 0) - (a.annual || 0);
      });
    }
    var fresh = el("ol", null, { "class": "jobs", id: "job-list" });
    jobs.forEach(function (job) { fresh.appendChild(row(job)); });
    list.replaceWith(fresh);
    list = fresh;
    if (pager) pager.hidden = true;
    statusBox.textContent = jobs.length + " of " + data.jobs.length + " open jobs match" +
      (f.sort.value === "pay" ? "; pay sorted within each currency." : ".");
  }

  fetch(form.getAttribute("data-jobs"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (body) {
      data = body;
      fill("workplace", data.labels.workplace, countBy(data.jobs, function (j) { return [j.workplace]; }));
      fill("seniority", data.labels.seniority, countBy(data.jobs, function (j) { return [j.seniority]; }));
      fill("country", data.labels.country, countBy(data.jobs, function (j) { return j.countries; }));
      form.hidden = false;
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    })
    .catch(function () { /* the plain list stays as it is */ });
})();
