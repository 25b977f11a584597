// The live board: draw the whole board sent on connect ("board"), merge each change
// ("patch": whole sections, whole events) and redraw; reconnect when dropped.
// Every piece of data is written with textContent, never as markup, so an athlete
// named <script> shows as those characters.
"use strict";
(function () {
  var body = document.body;
  var page = body.dataset.page;
  var fresh = new Map(); // row key -> what it showed, to light up rows that changed
  var first = true;
  var current = null; // the board as last drawn
  var source = null;
  var kioskAt = 0;
  var kioskPage = 0;
  var kioskPages = 1;
  var params = new URLSearchParams(location.search);
  var cycleMs = Math.max(2, Number(params.get("cycle")) || 15) * 1000;
  var pinned = params.get("event"); // ?event=ID: this event only (a TV beside its station)
  // The server's clock minus ours: every message says the server's time, and the running
  // clocks count from starts on the laptop's clock, so a phone set minutes wrong still
  // shows the right race time. Corrected on each message; nothing is asked per tick.
  var skew = (Number(body.dataset.now) || Date.now()) - Date.now();
  var ticker = null;
  var words = {};
  var ROLES = { now: "board_on_now", next: "board_to_the_start", later: "board_get_ready" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function setText(id, text) { var n = byId(id); if (n) n.textContent = text; }
  function show(id, on) { var n = byId(id); if (n) n.hidden = !on; }

  function placeCell(r) {
    var td = el("td", "place", r.place ? r.place : "–");
    if (r.shared) { var s = el("span", "shared", "="); s.title = "并列 tie"; td.appendChild(s); }
    if (r.prize) { var p = el("span", "star", "★"); p.title = "获奖 prize"; td.appendChild(p); }
    return td;
  }
  function whoCell(r) {
    var td = el("td", "who");
    td.appendChild(el("span", "name", r.name));
    td.appendChild(document.createTextNode(" "));
    td.appendChild(el("span", "bib", r.bib));
    td.appendChild(el("span", "unit", r.unit));
    return td;
  }
  function resultCell(r) {
    var td = el("td", "result");
    if (r.code) {
      td.appendChild(el("span", "code", r.code));
      td.appendChild(document.createTextNode(" "));
      td.appendChild(el("span", "code-zh", r.code_zh));
    } else {
      td.appendChild(document.createTextNode(r.result));
      if (r.first) {
        var f = el("span", "first", "·" + r.first);
        f.title = "首中第" + r.first + "投 first basket: shot " + r.first;
        td.appendChild(f);
      }
    }
    if (r.corrected) { var c = el("span", "corrected", "✎"); c.title = "已更正 corrected"; td.appendChild(c); }
    if (r.conflict) {
      var k = el("span", "conflict-mark", "⚠ 冲突 conflict");
      k.title = "两个站点的记录不一致，待裁判决定 · stations disagree: the referee decides";
      td.appendChild(k);
    }
    return td;
  }
  function row(r, key, cells) {
    var tr = el("tr", r.code ? "void" : (r.prize ? "prize" : "ranked"));
    if (r.corrected) tr.classList.add("is-corrected");
    if (r.conflict) tr.classList.add("is-conflict");
    tr.dataset.bib = r.bib;
    cells.forEach(function (cell) { tr.appendChild(cell); });
    var shown = JSON.stringify(r);
    if (!first && fresh.get(key) !== shown) tr.classList.add("fresh");
    fresh.set(key, shown);
    return tr;
  }
  function th(zh, en, cls) {
    var cell = el("th", cls, zh);
    cell.appendChild(el("small", null, en));
    return cell;
  }
  function pairSpans(node, zh, en) {
    node.appendChild(el("span", "zh", zh));
    node.appendChild(document.createTextNode(" "));
    node.appendChild(el("span", "en", en));
    return node;
  }
  function heading(zh, en) { return pairSpans(el("h2"), zh, en); }
  function card(cls, prefix, item) {
    var section = el("section", cls);
    section.id = prefix + item.id;
    section.dataset.event = item.id;
    section.appendChild(heading(item.zh, item.en));
    return section;
  }

  function eventCard(e) {
    var section = card("event", "ev-", e);
    section.appendChild(el("p", "meta", e.meta));
    var table = el("table", "standings");
    var head = el("tr");
    head.appendChild(th("名次", "Place", "place"));
    head.appendChild(th("姓名 · 单位", "Name · Unit", "who"));
    head.appendChild(th(e.result_zh, e.result_en, "result"));
    table.appendChild(el("thead")).appendChild(head);
    var tbody = table.appendChild(el("tbody"));
    e.rows.forEach(function (r) {
      tbody.appendChild(row(r, e.id + "/" + r.bib, [placeCell(r), whoCell(r), resultCell(r)]));
    });
    section.appendChild(table);
    var empty = el("p", "empty", "尚无成绩 No results yet");
    empty.hidden = e.rows.length > 0;
    section.appendChild(empty);
    return section;
  }

  function renderDay(v) {
    var d = v.day;
    setText("day-title", d ? d.title : "尚未载入比赛日 No day loaded yet");
    setText("day-date", d ? d.date : "");
    setText("day-venue", d ? d.venue : "");
    show("day-practice", d && d.practice);
    show("day-provisional", d && d.provisional);
    setText("day-progress", d ? "已完成 " + d.done + " / " + d.heats + " 组 · " + d.done + " of " + d.heats + " heats done" : "");
    if (d) document.title = d.title + " · 成绩公告 Results";
  }

  function renderProgramme(list) {
    var ul = byId("programme");
    if (!ul) return;
    var items = list.map(function (p) {
      var li = el("li");
      li.dataset.event = p.id;
      var name = li.appendChild(el("span", "pname"));
      name.appendChild(el("span", "zh", p.zh));
      name.appendChild(document.createTextNode(" "));
      name.appendChild(el("span", "en", p.en));
      name.appendChild(document.createTextNode(" "));
      name.appendChild(el("span", "count", p.done + "/" + p.heats.length));
      var heats = li.appendChild(el("span", "heats"));
      p.heats.forEach(function (h) {
        var chip = el("span", "heat phase-" + h.phase, h.heat);
        chip.title = "第" + h.heat + "组 " + h.zh + " · heat " + h.heat + " " + h.en;
        heats.appendChild(chip);
      });
      return li;
    });
    ul.replaceChildren.apply(ul, items);
  }

  // ----- words the script writes: sent once with the whole board, [Chinese, English]
  function w(key, params) {
    var pair = words[key] || [key, key];
    return pair.map(function (t) {
      return t.replace(/\{(\w+)\}/g, function (m, name) { return params && name in params ? params[name] : m; });
    });
  }
  function both(key, params, sep) { return w(key, params).join(sep || " "); }

  // ----- live clocks: drawn here from the heat's start, never fetched
  function clockText(seconds, decimals) {
    var scale = Math.pow(10, decimals);
    var ticks = Math.floor(seconds * scale + 1e-9);
    var whole = Math.floor(ticks / scale);
    var secs = whole % 60;
    var text = Math.floor(whole / 60) + ":" + (secs < 10 ? "0" : "") + secs;
    return decimals ? text + "." + String(ticks % scale).padStart(decimals, "0") : text;
  }
  function face(node, now) {
    var elapsed = Math.max(0, now - Number(node.dataset.start));
    if (node.dataset.down) {
      var left = Math.max(0, Number(node.dataset.down) - elapsed);
      node.classList.toggle("up", left === 0);
      return clockText(Math.ceil(left / 1000), 0);
    }
    if (node.dataset.stop) return clockText(Number(node.dataset.stop) / 1000, 1);
    return clockText(elapsed / 1000, 1);
  }
  function tick() {
    var clocks = document.querySelectorAll(".clock");
    var now = Date.now() + skew;
    clocks.forEach(function (node) {
      var text = face(node, now);
      if (node.textContent !== text) node.textContent = text;
    });
    if (!clocks.length && ticker !== null) { clearInterval(ticker); ticker = null; }
  }
  function startClocks() {
    tick();
    if (ticker === null && document.querySelector(".clock")) ticker = setInterval(tick, 100);
  }
  function clockSpans(c, kind) {
    var out = [];
    if (c) {
      var box = el("span", "clock-box");
      box.appendChild(el("span", "clock-label", both(c.down ? "board_time_left" : "board_race_time")));
      box.appendChild(document.createTextNode(" "));
      var node = el("span", "clock" + (c.down ? " down" : ""), "");
      node.dataset.start = c.start;
      if (c.down) node.dataset.down = c.down;
      if (c.stop !== undefined && c.stop !== null) node.dataset.stop = c.stop;
      node.textContent = face(node, Date.now() + skew);
      box.appendChild(node);
      out.push(box);
    } else if (kind === "shots") {
      out.push(el("span", "clock-label", both("board_shooting")));
    }
    return out;
  }

  function renderRunning(stations) {
    var strip = byId("running");
    if (!strip) return;
    var chips = [];
    stations.forEach(function (s) {
      s.now.forEach(function (h) {
        var chip = el("span", "run-chip");
        chip.dataset.event = s.id;
        chip.dataset.heat = h.heat;
        var heat = w("heat_n", { n: h.heat });
        pairSpans(chip, s.zh + " " + heat[0], s.en + " · " + heat[1]);
        chip.appendChild(document.createTextNode(" "));
        clockSpans(h.clock, s.kind).forEach(function (n) { chip.appendChild(n); });
        chips.push(chip);
      });
    });
    strip.replaceChildren.apply(strip, chips);
    strip.hidden = chips.length === 0;
  }

  // ----- the call room: each station's heat on now and the next two, lanes in big type
  function callBlock(s, h, role) {
    var box = el("div", "call call-" + role);
    box.dataset.heat = h.heat;
    var title = box.appendChild(el("h3"));
    var label = w(ROLES[role]);
    var span = title.appendChild(el("span", "role", label[0]));
    span.appendChild(el("small", null, label[1]));
    title.appendChild(document.createTextNode(" "));
    var heat = w("heat_n", { n: h.heat });
    pairSpans(title, heat[0], heat[1]);
    if (role === "now") {
      title.appendChild(document.createTextNode(" "));
      clockSpans(h.clock, s.kind).forEach(function (n) { title.appendChild(n); });
    }
    var table = box.appendChild(el("table", "lanes"));
    var tbody = table.appendChild(el("tbody"));
    h.lanes.forEach(function (l) {
      var tr = tbody.appendChild(el("tr", l.dns ? "dns" : "starter"));
      tr.dataset.bib = l.bib;
      tr.appendChild(el("td", "lane", l.lane));
      var who = tr.appendChild(el("td", "who"));
      who.appendChild(el("span", "name", l.name));
      who.appendChild(document.createTextNode(" "));
      who.appendChild(el("span", "bib", l.bib));
      who.appendChild(document.createTextNode(" "));
      who.appendChild(el("span", "unit", l.unit));
      var mark = tr.appendChild(el("td", "mark"));
      if (l.dns) {
        mark.appendChild(document.createTextNode("DNS "));
        mark.appendChild(el("span", "code-zh", w("status.DNS")[0]));
      }
    });
    return box;
  }
  function stationCard(s) {
    var section = card("station", "st-", s);
    s.now.forEach(function (h) { section.appendChild(callBlock(s, h, "now")); });
    if (!s.now.length) {
      var idle = el("p", "idle" + (s.next.length ? "" : " all-done"),
                    both(s.next.length ? "board_none_running" : "board_all_done", null, " · "));
      section.appendChild(idle);
    }
    s.next.forEach(function (h, i) { section.appendChild(callBlock(s, h, i ? "later" : "next")); });
    return section;
  }
  function renderStations(stations) {
    var box = byId("stations");
    if (!box) return;
    box.replaceChildren.apply(box, stations.filter(function (s) {
      return !pinned || s.id === pinned;
    }).map(stationCard));
  }
  function renderCalls(v) {
    var list = byId("calls");
    if (!list) return;
    var announced = v.announcer ? v.announcer.event : null;
    var waiting = v.stations.filter(function (s) { return s.next.length; });
    waiting.sort(function (a, b) { return (a.id !== announced) - (b.id !== announced); });
    list.replaceChildren.apply(list, waiting.map(function (s) {
      var li = el("li", s.id === announced ? "announced" : null);
      li.dataset.event = s.id;
      li.dataset.heat = s.next[0].heat;
      var call = w("board_call", { n: s.next[0].heat });
      return pairSpans(li, s.zh + " · " + call[0], s.en + " · " + call[1]);
    }));
  }

  // ----- the kiosk: one event at a time, as many columns and as large a type as fit the
  // screen; an event longer than one screen at the smallest type turns its pages.
  var COLUMN_EM = 18; // a row: place, name, bib, unit (cut short if long), result
  function kioskCycle() {
    var cards = Array.prototype.slice.call(document.querySelectorAll("#events .event"));
    if (pinned) {
      var mine = cards.filter(function (c) { return c.dataset.event === pinned; });
      if (mine.length) return { cards: cards, cycle: mine };
    }
    var withResults = cards.filter(function (c) { return c.querySelector("tbody tr"); });
    return { cards: cards, cycle: withResults.length ? withResults : cards };
  }
  function kioskFit(card) {
    var box = byId("events");
    var tbody = card.querySelector("tbody");
    var rows = Array.prototype.slice.call(tbody.rows);
    kioskPages = 1;
    if (!rows.length) { kioskPage = 0; return 1; }
    rows.forEach(function (r) { r.classList.remove("off"); });
    var largest = window.innerHeight / 16;
    var smallest = Math.max(16, window.innerHeight / 50);
    // The largest type at which `wanted` rows fit the box, as rows per column and columns.
    function fitting(wanted) {
      for (var size = largest; ; size = Math.max(smallest, size * 0.92)) {
        tbody.style.fontSize = size + "px";
        var high = box.getBoundingClientRect().bottom - tbody.getBoundingClientRect().top;
        var perColumn = Math.max(1, Math.floor(high / rows[0].getBoundingClientRect().height));
        var columns = Math.max(1, Math.floor(tbody.clientWidth / (size * COLUMN_EM)));
        if (perColumn * columns >= wanted || size <= smallest) return { perColumn: perColumn, columns: columns };
      }
    }
    var fit = fitting(rows.length);
    kioskPages = Math.ceil(rows.length / (fit.perColumn * fit.columns));
    // Pages share the rows evenly, each in the largest type that holds its share.
    var per = Math.ceil(rows.length / kioskPages);
    if (kioskPages > 1) fit = fitting(per);
    function place(perColumn) {
      tbody.style.setProperty("--rows", String(Math.min(perColumn, per)));
      tbody.style.setProperty("--columns", String(Math.ceil(per / perColumn)));
      kioskPage = Math.min(kioskPage, kioskPages - 1);
      rows.forEach(function (r, i) { r.classList.toggle("off", Math.floor(i / per) !== kioskPage); });
    }
    place(fit.perColumn);
    // A row drawn taller than the one measured (a long name in another font) must not
    // push the last row off the screen: one row fewer a column, and pages again.
    var bottom = box.getBoundingClientRect().bottom;
    var spill = rows.some(function (r) {
      return !r.classList.contains("off") && r.getBoundingClientRect().bottom > bottom + 0.5;
    });
    if (spill && fit.perColumn > 1) {
      per = Math.min(per, (fit.perColumn - 1) * fit.columns);
      kioskPages = Math.ceil(rows.length / per);
      place(fit.perColumn - 1);
    }
    card.dataset.pages = kioskPages;
    card.dataset.page = kioskPage;
    return kioskPages;
  }
  function kioskShow() {
    var found = kioskCycle();
    var cycle = found.cycle;
    if (!cycle.length) return;
    kioskAt = kioskAt % cycle.length;
    var card = cycle[kioskAt];
    found.cards.forEach(function (c) { c.hidden = c !== card; });
    body.dataset.kioskEvent = card.dataset.event;
    kioskFit(card);
    body.dataset.kioskPage = kioskPage;
    var where = "· " + (kioskAt + 1) + " / " + cycle.length;
    if (kioskPages > 1) where += " · " + both("board_page", { n: kioskPage + 1, of: kioskPages });
    setText("kiosk-position", where);
  }
  function kioskTurn() {
    if (kioskPage + 1 < kioskPages) {
      kioskPage += 1;
    } else {
      kioskPage = 0;
      kioskAt += 1;
    }
    kioskShow();
  }

  function renderEvents(list) {
    var box = byId("events");
    if (!box) return;
    var current = body.dataset.kioskEvent;
    box.replaceChildren.apply(box, list.map(eventCard));
    if (page === "kiosk") {
      var cycle = kioskCycle().cycle;
      var at = cycle.findIndex(function (c) { return c.dataset.event === current; });
      if (at < 0) kioskPage = 0;
      kioskAt = at >= 0 ? at : 0;
      kioskShow();
    }
  }

  function renderAnnouncer(a) {
    var title = byId("announcer-title");
    if (!title) return;
    var h = a ? heading(a.zh + " 第" + a.heat + "组", a.en + " · heat " + a.heat)
              : heading("尚无已完成的组", "No heat closed yet");
    title.replaceChildren.apply(title, Array.prototype.slice.call(h.childNodes));
    setText("announcer-meta", a ? "最近完成的一组，按成绩排列 · the latest closed heat, in result order" : "");
    var rows = (a ? a.rows : []).map(function (r) {
      var key = "announce/" + a.event + "/" + a.heat + "/" + r.bib;
      return row(r, key, [el("td", "order", r.order), el("td", "lane", r.lane), whoCell(r), resultCell(r), placeCell(r)]);
    });
    var tbody = byId("announcer-rows");
    tbody.replaceChildren.apply(tbody, rows);
  }

  function render(v) {
    if (v.words) words = v.words;
    renderDay(v);
    renderProgramme(v.programme);
    renderEvents(v.events);
    renderAnnouncer(v.announcer);
    renderRunning(v.stations);
    renderStations(v.stations);
    renderCalls(v);
    startClocks();
    body.dataset.seq = v.seq;
    first = false;
  }

  function status(state, text) {
    var live = byId("live");
    live.dataset.state = state;
    live.textContent = text;
  }

  function live() {
    var now = new Date();
    status("live", "● 实时 Live · " + now.toLocaleTimeString("zh-CN", { hour12: false }));
  }

  function connect() {
    if (!window.EventSource) { setTimeout(function () { location.reload(); }, 15000); return; }
    source = new EventSource("/events");
    source.addEventListener("board", function (message) {
      current = JSON.parse(message.data);
      skew = current.now - Date.now();
      render(current);
      live();
    });
    source.addEventListener("patch", function (message) {
      if (!current) return; // never before a whole board on the same connection
      var changed = JSON.parse(message.data);
      skew = changed.now - Date.now();
      current.seq = changed.seq;
      current.day = changed.day;
      if ("programme" in changed) current.programme = changed.programme;
      if ("announcer" in changed) current.announcer = changed.announcer;
      ["events", "stations"].forEach(function (key) {
        changed[key].forEach(function (e) {
          var at = current[key].findIndex(function (old) { return old.id === e.id; });
          if (at >= 0) current[key][at] = e;
        });
      });
      render(current);
      live();
    });
    source.onerror = function () {
      status("reconnecting", "○ 连接中断，正在重连… Reconnecting…");
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(connect, 2000); // the browser gave up (e.g. an HTTP error): try again ourselves
      }
    };
  }

  if (page === "kiosk") {
    kioskShow();
    setInterval(kioskTurn, cycleMs);
    window.addEventListener("resize", kioskShow);
  }
  if (pinned) {
    document.querySelectorAll("#stations .station").forEach(function (s) { s.hidden = s.dataset.event !== pinned; });
  }
  startClocks();
  status("reconnecting", "○ 连接中… Connecting…");
  connect();
})();
