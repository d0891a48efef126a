// multivector explorer: draw the charts, suggest search results as you type.
(function () {
  "use strict";

  function drawCharts() {
    var nodes = document.querySelectorAll(".vega-chart[data-spec]");
    if (!nodes.length) return;
    if (typeof window.vegaEmbed !== "function") { setTimeout(drawCharts, 50); return; }
    nodes.forEach(function (el) {
      if (el.dataset.rendered) return;
      var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
      if (spec.projection) spec.height = Math.max(180, Math.round(el.clientWidth * 0.52));  // a map keeps the world's shape
      // no vega-embed menu: its "..." button nested in the chart was unnamed; the tools above each chart replace it
      window.vegaEmbed(el, spec, { renderer: "svg", actions: false }).then(function (res) {
        views[el.id] = res.view;
        el.dataset.rendered = "true";
      })
        .catch(function (err) { el.dataset.rendered = "error"; el.textContent = "This chart could not be drawn: " + err; });
    });
  }

  var views = {};

  function save(name, href) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function csvOf(id, first) {
    var spec = JSON.parse(document.getElementById(id + "-spec").textContent);
    var rows = (spec.data && spec.data.values) || [];
    var cols = first ? first.split(",").filter(Boolean) : [];  // the chart's own columns first, in reading order
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (k.charAt(0) !== "_" && cols.indexOf(k) < 0) cols.push(k); }); });
    function cell(v) {
      if (v === null || v === undefined) return "";
      var s = String(v);
      return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }
    return [cols.join(",")].concat(rows.map(function (r) { return cols.map(function (c) { return cell(r[c]); }).join(","); })).join("\n") + "\n";
  }

  // Chart tools: Table/Chart switch, the chart's data as CSV, the image as PNG or SVG, a link to the chart.
  function chartTools() {
    document.addEventListener("click", function (e) {
      var t = e.target.closest("[data-view-table], [data-download], [data-share]");
      if (!t) return;
      if (t.dataset.viewTable) {
        var id = t.dataset.viewTable, table = document.getElementById(id + "-table"), chart = document.getElementById(id);
        var showTable = t.getAttribute("aria-pressed") !== "true";
        t.setAttribute("aria-pressed", String(showTable));
        t.textContent = showTable ? "Chart" : "Table";
        table.classList.toggle("visually-hidden", !showTable);
        chart.hidden = showTable;
      } else if (t.dataset.download) {
        var cid = t.dataset.download, kind = t.dataset.kind, name = cid.replace(/^chart-/, "") + "." + kind;
        if (kind === "csv") {
          save(name, URL.createObjectURL(new Blob([csvOf(cid, t.dataset.fields)], { type: "text/csv" })));
        } else if (views[cid]) {
          views[cid].toImageURL(kind, kind === "png" ? 2 : 1).then(function (url) { save(name, url); });
        }
      } else if (t.dataset.share) {
        e.preventDefault();
        var url = location.href.split("#")[0] + "#" + t.dataset.share + "-figure";
        history.replaceState(null, "", url);
        if (navigator.clipboard) navigator.clipboard.writeText(url).catch(function () {});
        t.textContent = "Link copied";
        setTimeout(function () { t.textContent = "Link"; }, 2000);
      }
    });
  }

  function autocomplete(input) {
    var list = document.createElement("ul");
    list.className = "suggest";
    list.hidden = true;
    list.id = input.id + "-suggest";
    list.setAttribute("role", "listbox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.parentNode.appendChild(list);
    var timer = null, seq = 0;

    function show(result, n) {
      if (n !== seq) return;
      var hits = result.states.concat(result.organizations);
      list.innerHTML = "";
      hits.forEach(function (h) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = h.url;
        a.textContent = h.label;
        var k = document.createElement("span");
        k.className = "kind";
        k.textContent = h.kind;
        a.appendChild(k);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { list.hidden = true; return; }
      timer = setTimeout(function () {
        var n = ++seq;
        fetch("/api/search?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { states: [], organizations: [] }; })
          .then(function (res) { show(res, n); })
          .catch(function () { list.hidden = true; });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !list.hidden) { var a = list.querySelector("a"); if (a) { a.focus(); e.preventDefault(); } }
      if (e.key === "Escape") list.hidden = true;
    });
    list.addEventListener("keydown", function (e) {
      var cur = document.activeElement.parentNode;
      if (e.key === "ArrowDown" && cur.nextSibling) { cur.nextSibling.firstChild.focus(); e.preventDefault(); }
      if (e.key === "ArrowUp") { (cur.previousSibling ? cur.previousSibling.firstChild : input).focus(); e.preventDefault(); }
      if (e.key === "Escape") { list.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) list.hidden = true; });
  }

  // Country page: the extended-panel check box moves the year range into (or out of) the provisional years.
  function extendedToggle(box) {
    var to = document.getElementById("to"), from = document.getElementById("from");
    var channel = document.getElementById("channel");
    var cow = +box.dataset.cowLast, ext = +box.dataset.extLast, un = +box.dataset.unLast;
    box.addEventListener("change", function () {
      var max = box.checked ? Math.max(ext, un) : Math.max(cow, un);
      [from, to].forEach(function (el) { if (el) el.max = max; });
      if (!to) return;
      var v = +to.value, institutional = !channel || channel.value === "institutional";
      if (box.checked && institutional && v === cow) to.value = ext;
      else if (!box.checked && institutional && v > cow) to.value = cow;
      else if (v > max) to.value = max;
      if (from && +from.value > +to.value) from.value = to.value;
    });
  }

  // Country page: the what-if form shows the shareable URL of its result as it is filled in.
  function whatifLink(form) {
    var link = document.getElementById("whatif-link");
    if (!link) return;
    function update() {
      var params = [];
      form.querySelectorAll("input[name]").forEach(function (el) {
        var v = el.value.trim();
        if (v || el.name === "state" || el.name === "year") params.push(encodeURIComponent(el.name) + "=" + encodeURIComponent(v));
      });
      var url = form.getAttribute("action") + "?" + params.join("&").replace(/%2C/g, ",");
      link.href = url;
      link.textContent = url;
    }
    form.addEventListener("input", update);
    update();
  }

  // A table wider than the screen scrolls in its own box: make that box reachable by keyboard, named by its caption.
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (w) {
      var scrolls = w.scrollWidth > w.clientWidth + 1 && w.offsetParent !== null && !w.closest(".visually-hidden");
      if (scrolls) {
        var cap = w.querySelector("caption");
        w.setAttribute("tabindex", "0");
        w.setAttribute("role", "region");
        w.setAttribute("aria-label", cap ? cap.textContent.trim() : "Table");
      } else if (w.getAttribute("role") === "region") {
        w.removeAttribute("tabindex");
        w.removeAttribute("role");
        w.removeAttribute("aria-label");
      }
    });
  }

  // World map: the year slider shows its year and reloads the map when released (the URL stays shareable).
  function yearSlider(input) {
    var out = document.getElementById("year-value");
    input.addEventListener("input", function () { out.textContent = input.value; input.setAttribute("aria-valuetext", input.value); });
    input.addEventListener("change", function () { input.form.submit(); });
  }

  function init() {
    drawCharts();
    chartTools();
    scrollableTables();
    window.addEventListener("resize", scrollableTables);
    document.addEventListener("click", function (e) { if (e.target.closest("[data-view-table]")) scrollableTables(); });
    document.querySelectorAll("input[data-autocomplete]").forEach(autocomplete);
    var box = document.getElementById("extended");
    if (box && box.dataset.extLast) extendedToggle(box);
    var slider = document.querySelector("#map-form input[type=range]");
    if (slider) yearSlider(slider);
    var wf = document.getElementById("whatif-form");
    if (wf) whatifLink(wf);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
