// earnlog dashboard: draws the charts from the page's JSON block and
// applies the filters. Plain JavaScript, no library, nothing fetched.
//
// A section is SECTIONS.NAME below (a function that draws its charts and
// rewrites its tables from A, the day rows summed for the filters, and D,
// the JSON block), a {{define "section-NAME"}} block in dashboard.html, and
// its name in D.sections (dashboardSections in the Go code).
(function () {
  "use strict";
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById("earnlog-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var CLASSES = ["marketplace", "direct", "storefront", "other"];
  var DAY = 86400000;
  var first = D.first_day ? Date.parse(D.first_day + "T00:00:00Z") : 0;
  document.documentElement.classList.add("js");
  var form = document.getElementById("filters");
  form.hidden = false;
  function $(id) { return document.getElementById(id); }
  function iso(off) { return new Date(first + off * DAY).toISOString().slice(0, 10); }
  function offOf(s) { return Math.round((Date.parse(s + "T00:00:00Z") - first) / DAY); }
  var nDays = D.days.date.length;
  // days.date holds the days since the previous row: make them offsets.
  for (var di = 1; di < nDays; di++) { D.days.date[di] += D.days.date[di - 1]; }
  var lastOff = nDays ? D.days.date[nDays - 1] : 0;
  // The month of every day offset, computed once.
  var monthCache = {};
  function monthOf(off) {
    var m = monthCache[off];
    if (m === undefined) { m = monthCache[off] = iso(off).slice(0, 7); }
    return m;
  }
  function nextMonth(m) {
    var y = +m.slice(0, 4), mo = +m.slice(5, 7) + 1;
    if (mo > 12) { mo = 1; y++; }
    return y + "-" + (mo < 10 ? "0" : "") + mo;
  }

  // Figures as the CLI writes them: exact, from integer minor units.
  function pow10(n) { var p = 1; while (n-- > 0) { p *= 10; } return p; }
  function fmtBig(v, exp) {
    var neg = v < 0n; if (neg) { v = -v; }
    var s = v.toString();
    if (exp > 0) {
      while (s.length <= exp) { s = "0" + s; }
      s = s.slice(0, s.length - exp) + "." + s.slice(s.length - exp);
    }
    return (neg && v !== 0n ? "-" : "") + s;
  }
  function amount(v, cur) { return fmtBig(BigInt(v), D.exponents[cur]); }
  function divRound(a, b) { // a/b rounded half away from zero, BigInts
    var neg = (a < 0n) !== (b < 0n);
    if (a < 0n) { a = -a; } if (b < 0n) { b = -b; }
    var q = (2n * a + b) / (2n * b);
    return neg ? -q : q;
  }
  function share(p, i) { return i === 0 ? "" : fmtBig(divRound(BigInt(p) * 10000n, BigInt(i)), 4); }
  function rate(inc, secs, cur) { return secs <= 0 ? "" : fmtBig(divRound(BigInt(inc) * 3600n, BigInt(secs)), D.exponents[cur]); }
  function hours(secs) {
    var neg = secs < 0; if (neg) { secs = -secs; }
    var c = Math.floor((secs * 100 + 1800) / 3600);
    var s = Math.floor(c / 100) + "." + (c % 100 < 10 ? "0" : "") + (c % 100);
    return neg && c !== 0 ? "-" + s : s;
  }
  function major(v, cur) { return v / pow10(D.exponents[cur]); }

  // The filters.
  var F = {};
  function readFilters() {
    F.from = $("f-from").value ? offOf($("f-from").value) : 0;
    F.to = $("f-to").value ? offOf($("f-to").value) : lastOff;
    F.cur = D.currencies.indexOf($("f-currency").value);
    F.curName = $("f-currency").value;
    F.cls = $("f-class").value; F.platform = $("f-platform").value; F.stream = $("f-stream").value;
    F.ok = D.streams.map(function (s) {
      return (!F.cls || s.class === F.cls) && (!F.platform || s.platform === F.platform) && (!F.stream || s.stream === F.stream);
    });
  }
  function fig() { return { income: 0, fees: 0, passive: 0, seconds: 0 }; }
  function add(f, i) {
    var d = D.days;
    f.income += d.income[i]; f.fees += d.fees[i]; f.passive += d.passive_income[i]; f.seconds += d.seconds[i];
  }

  // One pass over the day rows for every section.
  var A;
  function aggregate() {
    var d = D.days, span = monthOf(F.to).slice(0, 4) * 12 + +monthOf(F.to).slice(5, 7) - (monthOf(F.from).slice(0, 4) * 12 + +monthOf(F.from).slice(5, 7));
    var byYear = span >= 36;
    A = { months: {}, streams: {}, platforms: {}, rates: {}, total: fig(), order: [] };
    for (var i = 0; i < nDays; i++) {
      var off = d.date[i];
      if (off < F.from || off > F.to || d.currency[i] !== F.cur || !F.ok[d.stream[i]]) { continue; }
      var m = monthOf(off), s = d.stream[i], st = D.streams[s];
      var mf = A.months[m];
      if (!mf) { mf = A.months[m] = fig(); mf.cls = {}; mf.streams = {}; }
      add(mf, i); add(A.total, i);
      var c = mf.cls[st.class] || (mf.cls[st.class] = { passive: 0, income: 0 });
      c.passive += d.passive_income[i]; c.income += d.income[i];
      add(mf.streams[s] || (mf.streams[s] = fig()), i);
      add(A.streams[s] || (A.streams[s] = fig()), i);
      add(A.platforms[st.platform] || (A.platforms[st.platform] = fig()), i);
      var per = byYear ? m.slice(0, 4) : m, rk = s + "|" + per;
      add(A.rates[rk] || (A.rates[rk] = fig()), i);
    }
    A.order = Object.keys(A.months).sort();
  }

  // SVG and table helpers.
  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function svg(id, w, h, label) {
    var box = $(id); box.textContent = "";
    return el("svg", { viewBox: "0 0 " + w + " " + h, "aria-label": label, role: "img" }, box);
  }
  function legend(id, items) {
    var ul = document.createElement("ul"); ul.className = "legend";
    items.forEach(function (it) {
      var li = document.createElement("li"), i = document.createElement("i");
      i.className = it[1]; i.style.background = it[2] || "";
      li.appendChild(i); li.appendChild(document.createTextNode(it[0])); ul.appendChild(li);
    });
    $(id).insertBefore(ul, $(id).firstChild);
  }
  function tag(name, text, cls) {
    var e = document.createElement(name); e.textContent = text; if (cls) { e.className = cls; } return e;
  }
  function fillRows(parent, rows, textCols, reasonCol) {
    parent.textContent = "";
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      r.forEach(function (c, j) { tr.appendChild(tag("td", c, j === reasonCol ? "reason" : j < textCols ? "text" : "")); });
      parent.appendChild(tr);
    });
  }
  function setTable(id, rows, foot) {
    var t = $("t-" + id), text = t.querySelectorAll("thead th.text").length;
    fillRows(t.tBodies[0], rows, text);
    fillRows(t.tFoot, foot || [], text);
  }
  function niceTop(v) {
    if (v <= 0) { return 1; }
    var p = pow10(Math.floor(Math.log10(v))), steps = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }
  function yAxis(g, x0, x1, y0, y1, top, fmt, right) {
    for (var i = 0; i <= 4; i++) {
      var y = y1 - (y1 - y0) * i / 4;
      el("line", { x1: x0, x2: x1, y1: y, y2: y, "class": "grid" }, g);
      el("text", { x: x0 - 6, y: y + 4, "text-anchor": "end", "class": "tick" }, g, fmt(top * i / 4));
      if (right) { el("text", { x: x1 + 6, y: y + 4, "class": "tick" }, g, right(i)); }
    }
  }
  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e6) { return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M"; }
    if (a >= 1e4) { return (v / 1e3).toFixed(0) + "k"; }
    return String(Math.round(v * 100) / 100);
  }

  var SECTIONS = {};

  // Overview: income per month stacked passive/active per class, share line.
  SECTIONS.overview = function () {
    var cur = F.curName, months = [];
    if (A.order.length) { for (var m = A.order[0]; m <= A.order[A.order.length - 1]; m = nextMonth(m)) { months.push(m); } }
    var W = 960, H = 400, L = 70, R = 900, T = 20, B = 340;
    var s = svg("c-overview", W, H, "Income per month in " + cur + ", passive and active per class, with the passive share");
    var top = 0;
    months.forEach(function (m) { var f = A.months[m]; if (f) { top = Math.max(top, f.income); } });
    top = niceTop(major(top, cur));
    yAxis(s, L, R, T, B, top, short, function (i) { return 25 * i + "%"; });
    el("line", { x1: L, x2: R, y1: B, y2: B, "class": "axis" }, s);
    el("text", { x: 14, y: (T + B) / 2, transform: "rotate(-90 14 " + (T + B) / 2 + ")", "text-anchor": "middle" }, s, "income (" + cur + ")");
    el("text", { x: W - 10, y: (T + B) / 2, transform: "rotate(90 " + (W - 10) + " " + (T + B) / 2 + ")", "text-anchor": "middle" }, s, "passive share");
    var n = Math.max(months.length, 1), slot = (R - L) / n, bw = Math.min(slot * 0.7, 60);
    var every = Math.ceil(64 / slot), path = "", pen = false;
    months.forEach(function (m, i) {
      var f = A.months[m] || fig(), x = L + slot * i;
      var g = el("g", { "class": "month", "data-month": m, "data-income": amount(f.income, cur), "data-passive": amount(f.passive, cur),
        "data-share": share(f.passive, f.income), tabindex: "0", role: "button",
        "aria-label": m + ": income " + amount(f.income, cur) + " " + cur + ", passive " + amount(f.passive, cur) }, s);
      el("title", {}, g, m + ": income " + amount(f.income, cur) + " " + cur + ", passive " + amount(f.passive, cur) +
        (f.income ? ", passive share " + share(f.passive, f.income) : "") + ", fees " + amount(f.fees, cur) + ", hours " + hours(f.seconds));
      el("rect", { "class": "col", x: x, y: T, width: slot, height: B - T }, g);
      var y = B, bx = x + (slot - bw) / 2;
      function seg(v, cls) {
        if (v <= 0) { return; }
        var h = Math.min(major(v, cur) / top * (B - T), y - T);
        y -= h; el("rect", { "class": cls, x: bx, y: y, width: bw, height: h }, g);
      }
      var cl = f.cls || {};
      CLASSES.forEach(function (c) { if (cl[c]) { seg(cl[c].passive, "passive c-" + c); } });
      CLASSES.forEach(function (c) { if (cl[c]) { seg(cl[c].income - cl[c].passive, "active c-" + c); } });
      if (i % every === 0) { el("text", { x: x + slot / 2, y: B + 18, "text-anchor": "middle", "class": "label" }, g, m); }
      g.addEventListener("click", function () { showMonth(m); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showMonth(m); } });
      if (f.income !== 0) {
        var r = Math.max(0, Math.min(1, f.passive / f.income));
        if (f.income < 0) { r = f.passive < 0 ? 1 : 0; }
        path += (pen ? " L" : " M") + (x + slot / 2).toFixed(1) + " " + (B - r * (B - T)).toFixed(1);
        pen = true;
      } else { pen = false; }
    });
    if (path) { el("path", { "class": "share-line", d: path.trim() }, s); }
    el("text", { x: (L + R) / 2, y: H - 8, "text-anchor": "middle" }, s, "month");
    var items = [];
    CLASSES.forEach(function (c) {
      if (D.streams.some(function (st, i) { return st.class === c && F.ok[i]; })) {
        items.push([c + " passive", "c-" + c, "var(--" + c + ")"], [c + " active", "active c-" + c, "var(--" + c + ")"]);
      }
    });
    items.push(["passive share (right axis)", "", "var(--share)"]);
    legend("c-overview", items);
    var rows = A.order.map(function (m) { return monthCells(m, A.months[m], cur); });
    setTable("monthly", rows, rows.length ? [monthCells("total", A.total, cur)] : []);
  };
  function monthCells(m, f, cur) {
    return [m, cur, amount(f.income, cur), amount(f.fees, cur), amount(f.income + f.fees, cur), hours(f.seconds),
      amount(f.passive, cur), share(f.passive, f.income), rate(f.income, f.seconds, cur)];
  }

  // A month's events (as report events lists them), streams and warnings.
  function showMonth(m) {
    var cur = F.curName, f = A.months[m] || fig(), box = $("month-detail");
    document.querySelectorAll(".month.selected").forEach(function (g) { g.classList.remove("selected"); });
    var g = document.querySelector('.month[data-month="' + m + '"]'); if (g) { g.classList.add("selected"); }
    box.textContent = "";
    box.setAttribute("data-month", m);
    box.appendChild(tag("h3", m + ": income " + amount(f.income, cur) + " " + cur + ", passive " + amount(f.passive, cur) +
      (f.income ? " (share " + share(f.passive, f.income) + ")" : "")));
    var ev = D.events, rows = [], sum = 0;
    if (D.event_months.indexOf(m) >= 0) {
      for (var i = 0; i < ev.id.length; i++) {
        var off = ev.date[i];
        if (monthOf(off) !== m || off < F.from || off > F.to || ev.currency[i] !== F.cur || !F.ok[ev.stream[i]]) { continue; }
        var st = D.streams[ev.stream[i]];
        sum += ev.amount[i];
        rows.push([String(ev.id[i]), iso(off), st.stream, st.class, ev.kind[i], amount(ev.amount[i], cur), ev.passive[i] ? "passive" : "active", ev.reason[i]]);
      }
      box.appendChild(detailTable("events", "Income events (earnlog report events)", ["id", "date", "stream", "class", "kind", "amount", "passive", "reason"], rows,
        ["total", "", "", "", "", amount(sum, cur), "", ""], 5, 7));
    } else {
      box.appendChild(tag("p", "The events of " + m + " are not in this page: it holds the income events of the latest " +
        (D.event_months.length ? D.event_months.length + " months (from " + D.event_months[0] + ")" : "months") +
        ", at most " + D.max_events + " events. List them with: earnlog report events --from " + m + " --to " + m, "note"));
    }
    var srows = Object.keys(f.streams || {}).map(Number).sort(function (a, b) { return D.streams[a].stream < D.streams[b].stream ? -1 : 1; }).map(function (s) {
      var x = f.streams[s];
      return [D.streams[s].stream, D.streams[s].class, amount(x.income, cur), amount(x.fees, cur), hours(x.seconds), amount(x.passive, cur), share(x.passive, x.income)];
    });
    box.appendChild(detailTable("month-streams", "Streams", ["stream", "class", "income", "fees", "hours", "passive_income", "passive_share"], srows, null, 2));
    var ws = D.warnings.filter(function (w) {
      return (!w.from || w.from.slice(0, 7) <= m) && (!w.to || w.to.slice(0, 7) >= m) && (w.from || w.to);
    });
    if (ws.length) {
      var ul = document.createElement("ul");
      ws.forEach(function (w) { ul.appendChild(tag("li", "warning: " + w.message, "warning")); });
      box.appendChild(tag("p", "Warnings that reach into " + m)); box.appendChild(ul);
    }
    box.focus();
  }
  function detailTable(id, caption, head, rows, foot, text, reason) {
    var t = document.createElement("table"); t.id = "d-" + id;
    t.appendChild(tag("caption", caption));
    var tr = document.createElement("tr");
    head.forEach(function (h, j) { var th = tag("th", h, j < text ? "text" : ""); th.setAttribute("scope", "col"); th.setAttribute("data-field", h); tr.appendChild(th); });
    t.createTHead().appendChild(tr);
    fillRows(t.appendChild(document.createElement("tbody")), rows, text, reason);
    if (foot) { fillRows(t.createTFoot(), [foot], text); }
    var w = document.createElement("div"); w.className = "table-wrap"; w.appendChild(t);
    return w;
  }

  // Where the money comes from: treemap class > platform > stream; gross, fees, net.
  SECTIONS.sources = function () {
    var cur = F.curName, tree = {};
    var keys = Object.keys(A.streams).map(Number).sort(function (a, b) {
      var x = D.streams[a], y = D.streams[b];
      return x.class < y.class ? -1 : x.class > y.class ? 1 : x.stream < y.stream ? -1 : 1;
    });
    var rows = keys.map(function (s) {
      var st = D.streams[s], f = A.streams[s];
      if (f.income > 0) {
        var c = tree[st.class] || (tree[st.class] = {}), p = c[st.platform] || (c[st.platform] = []);
        p.push([st.stream, f.income]);
      }
      return [st.class, st.platform, st.stream, cur, amount(f.income, cur), amount(f.passive, cur)];
    });
    setTable("sources", rows);
    var W = 960, H = 360, s = svg("c-treemap", W, H, "Income by class, platform and stream in " + cur);
    function total(x) { return Array.isArray(x) ? (typeof x[1] === "number" && !Array.isArray(x[0]) ? x[1] : x.reduce(function (a, y) { return a + total(y); }, 0)) : Object.keys(x).reduce(function (a, k) { return a + total(x[k]); }, 0); }
    function split(items, x, y, w, h, horizontal, draw) {
      var sum = items.reduce(function (a, it) { return a + it[1]; }, 0), pos = 0;
      items.forEach(function (it) {
        var frac = sum > 0 ? it[1] / sum : 0;
        if (horizontal) { draw(it, x + pos * w, y, frac * w, h); } else { draw(it, x, y + pos * h, w, frac * h); }
        pos += frac;
      });
    }
    var classes = CLASSES.filter(function (c) { return tree[c]; }).map(function (c) { return [c, total(tree[c])]; });
    split(classes, 0, 0, W, H, true, function (c, x, y, w, h) {
      var plats = Object.keys(tree[c[0]]).sort().map(function (p) { return [p, total(tree[c[0]][p])]; });
      split(plats, x, y, w, h, false, function (p, x2, y2, w2, h2) {
        split(tree[c[0]][p[0]], x2, y2, w2, h2, true, function (st, x3, y3, w3, h3) {
          var g = el("g", { "class": "tile" }, s);
          el("rect", { x: x3, y: y3, width: Math.max(w3, 0), height: Math.max(h3, 0), "class": "c-" + c[0] }, g);
          el("title", {}, g, c[0] + " > " + p[0] + " > " + st[0] + ": " + amount(st[1], cur) + " " + cur);
          if (w3 > 70 && h3 > 30) {
            el("text", { x: x3 + 5, y: y3 + 15 }, g, st[0].length * 6.5 > w3 ? st[0].slice(0, Math.floor(w3 / 6.5) - 1) + "…" : st[0]);
            el("text", { x: x3 + 5, y: y3 + 28 }, g, amount(st[1], cur));
          }
        });
      });
    });
    legend("c-treemap", classes.map(function (c) { return [c[0] + " " + amount(c[1], cur) + " " + cur, "c-" + c[0], "var(--" + c[0] + ")"]; }));
    var plats = Object.keys(A.platforms).sort();
    setTable("platforms", plats.map(function (p) { var f = A.platforms[p]; return [p, cur, amount(f.income, cur), amount(f.fees, cur), amount(f.income + f.fees, cur)]; }));
    var ph = 40 + plats.length * 54, ps = svg("c-platforms", W, ph, "Gross, fees and net per platform in " + cur), top = 0;
    plats.forEach(function (p) { top = Math.max(top, A.platforms[p].income, -A.platforms[p].fees); });
    top = niceTop(major(top, cur));
    var L = 130, R = 900;
    plats.forEach(function (p, i) {
      var f = A.platforms[p], y = 20 + i * 54;
      el("text", { x: L - 8, y: y + 26, "text-anchor": "end" }, ps, p);
      [["gross", f.income, "income"], ["fees", -f.fees, "fees"], ["net", f.income + f.fees, "net"]].forEach(function (b, j) {
        var w = Math.max(0, major(b[1], cur) / top * (R - L));
        var r = el("rect", { x: L, y: y + j * 15, width: w, height: 13, "class": b[0] }, ps);
        el("title", {}, r, p + " " + b[2] + ": " + amount(b[0] === "fees" ? f.fees : b[1], cur) + " " + cur);
        el("text", { x: L + w + 4, y: y + j * 15 + 11, "class": "tick" }, ps, amount(b[0] === "fees" ? f.fees : b[1], cur));
      });
    });
    legend("c-platforms", [["gross (income)", "gross", "var(--marketplace)"], ["fees", "fees", "var(--fees)"], ["net", "net", "var(--net)"]]);
  };

  // Hours: logged against billed per week; effective hourly rate per stream.
  SECTIONS.hours = function () {
    var cur = F.curName, H0 = D.hours, rows = [];
    for (var hi = 0; hi < (H0.stream || []).length; hi++) {
      var e = H0.period_end[hi];
      if (!F.ok[H0.stream[hi]] || e < F.from || e > F.to) { continue; }
      rows.push({ stream: D.streams[H0.stream[hi]].stream, period_start: iso(H0.period_start[hi]), period_end: iso(e),
        billed: H0.billed_seconds[hi], logged: H0.logged_seconds[hi], mismatch: H0.mismatch[hi] === 1 });
    }
    setTable("hours", rows.map(function (r) {
      return [r.stream, r.period_start, r.period_end, hours(r.billed), hours(r.logged), hours(r.logged - r.billed), String(r.mismatch)];
    }));
    var weeks = {}, order = [];
    rows.forEach(function (r) {
      var w = weeks[r.period_start];
      if (!w) { w = weeks[r.period_start] = [0, 0]; order.push(r.period_start); }
      w[0] += r.billed / 3600; w[1] += r.logged / 3600;
    });
    order.sort();
    var W = 960, H = 260, L = 60, R = 930, T = 15, B = 220, s = svg("c-hours", W, H, "Hours billed and logged per week"), top = 0;
    order.forEach(function (k) { top = Math.max(top, weeks[k][0], weeks[k][1]); });
    top = niceTop(top);
    yAxis(s, L, R, T, B, top, short);
    var slot = (R - L) / Math.max(order.length, 1), every = Math.ceil(80 / slot);
    order.forEach(function (k, i) {
      var x = L + slot * i, bw = Math.max(slot * 0.4, 0.5);
      [["billed", 0], ["logged", 1]].forEach(function (b) {
        var h = weeks[k][b[1]] / top * (B - T);
        var r = el("rect", { x: x + slot * 0.1 + b[1] * bw, y: B - h, width: bw, height: h, "class": b[0] }, s);
        el("title", {}, r, "week of " + k + ": " + b[0] + " " + weeks[k][b[1]].toFixed(2) + " h");
      });
      if (i % every === 0) { el("text", { x: x, y: B + 16, "class": "label" }, s, k); }
    });
    el("text", { x: 12, y: (T + B) / 2, transform: "rotate(-90 12 " + (T + B) / 2 + ")", "text-anchor": "middle" }, s, "hours");
    legend("c-hours", [["billed by the platform", "billed", "var(--billed)"], ["logged by you", "logged", "var(--logged)"]]);
    if (!order.length) { $("c-hours").appendChild(tag("p", "No hourly invoices with billed hours in this selection.", "note")); }

    var rk = Object.keys(A.rates), per = {}, streams = {}, periods = {};
    var rrows = [];
    rk.forEach(function (k) {
      var f = A.rates[k], s2 = +k.split("|")[0], p = k.split("|")[1];
      if (f.seconds <= 0) { return; }
      rrows.push([p, D.streams[s2].stream, cur, amount(f.income, cur), hours(f.seconds), rate(f.income, f.seconds, cur)]);
      (per[s2] || (per[s2] = {}))[p] = major(f.income, cur) * 3600 / f.seconds;
      streams[s2] = (streams[s2] || 0) + f.seconds; periods[p] = true;
    });
    rrows.sort(function (a, b) { return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1; });
    setTable("rates", rrows);
    var ps = Object.keys(periods).sort(), top8 = Object.keys(streams).map(Number).sort(function (a, b) { return streams[b] - streams[a]; }).slice(0, 8);
    var s3 = svg("c-rates", W, H, "Effective hourly rate per stream in " + cur), rtop = 0;
    top8.forEach(function (st) { ps.forEach(function (p) { if (per[st][p] !== undefined) { rtop = Math.max(rtop, per[st][p]); } }); });
    rtop = niceTop(rtop);
    yAxis(s3, L, R, T, B, rtop, short);
    var step = (R - L) / Math.max(ps.length, 1), ev2 = Math.ceil(70 / step);
    ps.forEach(function (p, i) { if (i % ev2 === 0) { el("text", { x: L + step * (i + 0.5), y: B + 16, "text-anchor": "middle", "class": "label" }, s3, p); } });
    var dashes = ["", "6 3", "2 3", "10 3 2 3"], items = [];
    top8.forEach(function (st, j) {
      var d = "", pen = false, c = D.streams[st].class;
      ps.forEach(function (p, i) {
        var v = per[st][p];
        if (v === undefined) { pen = false; return; }
        var x = L + step * (i + 0.5), y = B - Math.min(v / rtop, 1) * (B - T);
        d += (pen ? " L" : " M") + x.toFixed(1) + " " + y.toFixed(1); pen = true;
        var pt = el("circle", { cx: x, cy: y, r: 3, "class": "c-" + c }, s3);
        el("title", {}, pt, D.streams[st].stream + " " + p + ": " + v.toFixed(2) + " " + cur + "/h");
      });
      el("path", { d: d.trim(), "class": "c-" + c, style: "fill:none;stroke-width:2", "stroke-dasharray": dashes[j % 4] }, s3);
      items.push([D.streams[st].stream, "c-" + c, "var(--" + c + ")"]);
    });
    el("text", { x: 12, y: (T + B) / 2, transform: "rotate(-90 12 " + (T + B) / 2 + ")", "text-anchor": "middle" }, s3, cur + " per hour");
    legend("c-rates", items);
  };

  // The verdict: share per class with its interval and thresholds; the sweep.
  SECTIONS.verdict = function () {
    var c = D.claim, W = 960, L = 140, R = 900, cls = Object.keys(c.classes);
    var H = 50 + cls.length * 40, s = svg("c-claim", W, H, "Passive share per class with its 95% interval");
    function X(v) { return L + v * (R - L); }
    for (var i = 0; i <= 4; i++) {
      el("line", { x1: X(i / 4), x2: X(i / 4), y1: 10, y2: H - 30, "class": "grid" }, s);
      el("text", { x: X(i / 4), y: H - 12, "text-anchor": "middle", "class": "tick" }, s, 25 * i + "%");
    }
    var th = { marketplace: ["at most", c.thresholds.marketplace_max], storefront: ["at least", c.thresholds.storefront_min] };
    cls.forEach(function (k, j) {
      var r = c.classes[k], y = 30 + j * 40;
      el("text", { x: L - 10, y: y + 4, "text-anchor": "end" }, s, k);
      if (th[k]) {
        var t = el("line", { x1: X(+th[k][1]), x2: X(+th[k][1]), y1: y - 14, y2: y + 14, "class": "threshold" }, s);
        el("title", {}, t, k + " threshold: " + th[k][0] + " " + th[k][1]);
      }
      if (r.passive_share === null) { el("text", { x: L + 6, y: y + 4, "class": "tick" }, s, "no income"); return; }
      el("line", { x1: X(+r.low), x2: X(+r.high), y1: y, y2: y, "class": "interval" }, s);
      var p = el("circle", { cx: X(+r.passive_share), cy: y, r: 6, "class": "c-" + k }, s);
      el("title", {}, p, k + ": passive share " + r.passive_share + ", 95% interval " + r.low + " to " + r.high + ", " + r.months + " months");
    });
    legend("c-claim", [["passive share", "c-storefront", "var(--fg)"], ["95% interval", "", "var(--fg)"], ["threshold", "", "var(--share)"]]);
    var sw = c.sweep || [], H2 = 240, T = 15, B = 200, s2 = svg("c-sweep", W, H2, "Passive share per class across windows");
    for (i = 0; i <= 4; i++) {
      var y = B - (B - T) * i / 4;
      el("line", { x1: 60, x2: R, y1: y, y2: y, "class": "grid" }, s2);
      el("text", { x: 54, y: y + 4, "text-anchor": "end", "class": "tick" }, s2, 25 * i + "%");
    }
    var step = (R - 60) / Math.max(sw.length, 1);
    [["marketplace", "marketplace_share"], ["storefront", "storefront_share"]].forEach(function (k) {
      var d = "", pen = false;
      sw.forEach(function (p, i) {
        var x = 60 + step * (i + 0.5);
        if (k[0] === "marketplace") { el("text", { x: x, y: B + 16, "text-anchor": "middle", "class": "label" }, s2, p.window_days + " d"); }
        if (p[k[1]] === null) { pen = false; return; }
        var yy = B - +p[k[1]] * (B - T);
        d += (pen ? " L" : " M") + x.toFixed(1) + " " + yy.toFixed(1); pen = true;
        var pt = el("circle", { cx: x, cy: yy, r: 4, "class": "c-" + k[0] }, s2);
        el("title", {}, pt, k[0] + " share with a " + p.window_days + "-day window: " + p[k[1]] + " (" + p.verdict + ")");
      });
      if (d) { el("path", { d: d.trim(), "class": "c-" + k[0], style: "fill:none;stroke-width:2" }, s2); }
    });
    el("text", { x: (60 + R) / 2, y: H2 - 6, "text-anchor": "middle" }, s2, "window (days)");
    legend("c-sweep", [["marketplace", "c-marketplace", "var(--marketplace)"], ["storefront", "c-storefront", "var(--storefront)"]]);
  };

  function render() {
    readFilters();
    aggregate();
    D.sections.forEach(function (name) { if (SECTIONS[name]) { SECTIONS[name](); } });
    var box = $("month-detail"), m = box.getAttribute("data-month");
    box.textContent = ""; box.removeAttribute("data-month");
    if (m && A.months[m]) { showMonth(m); }
    $("f-summary").value = A.order.length + " months, income " + amount(A.total.income, F.curName) + " " + F.curName;
    document.body.setAttribute("data-rendered", "1");
  }
  form.addEventListener("change", render);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); render(); });
  form.addEventListener("reset", function () { setTimeout(render, 0); });
  render();
  // How long the script took to read the figures and draw the page, for
  // the benchmark.
  document.body.setAttribute("data-script-ms", String(Math.round(performance.now() - t0)));
})();
