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
  var kioskTimer = null;
  var params = new URLSearchParams(location.search);
  var cycleMs = Math.max(2, Number(params.get("cycle")) || 15) * 1000;

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
  function heading(zh, en) {
    var h = el("h2");
    h.appendChild(el("span", "zh", zh));
    h.appendChild(document.createTextNode(" "));
    h.appendChild(el("span", "en", en));
    return h;
  }

  function eventCard(e) {
    var section = el("section", "event");
    section.id = "ev-" + e.id;
    section.dataset.event = e.id;
    section.appendChild(heading(e.zh, e.en));
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

  function kioskShow() {
    var cards = Array.prototype.slice.call(document.querySelectorAll("#events .event"));
    var withResults = cards.filter(function (c) { return c.querySelector("tbody tr"); });
    var cycle = withResults.length ? withResults : cards;
    if (!cycle.length) return;
    kioskAt = kioskAt % cycle.length;
    cards.forEach(function (c) { c.hidden = c !== cycle[kioskAt]; });
    body.dataset.kioskEvent = cycle[kioskAt].dataset.event;
    setText("kiosk-position", "· " + (kioskAt + 1) + " / " + cycle.length);
  }

  function renderEvents(list) {
    var box = byId("events");
    if (!box) return;
    var current = body.dataset.kioskEvent;
    box.replaceChildren.apply(box, list.map(eventCard));
    if (page === "kiosk") {
      var cards = Array.prototype.slice.call(box.querySelectorAll(".event"));
      var cycle = cards.filter(function (c) { return c.querySelector("tbody tr"); });
      var at = (cycle.length ? cycle : cards).findIndex(function (c) { return c.dataset.event === current; });
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
    renderDay(v);
    renderProgramme(v.programme);
    renderEvents(v.events);
    renderAnnouncer(v.announcer);
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
      render(current);
      live();
    });
    source.addEventListener("patch", function (message) {
      if (!current) return; // never before a whole board on the same connection
      var changed = JSON.parse(message.data);
      current.seq = changed.seq;
      current.day = changed.day;
      if ("programme" in changed) current.programme = changed.programme;
      if ("announcer" in changed) current.announcer = changed.announcer;
      changed.events.forEach(function (e) {
        var at = current.events.findIndex(function (old) { return old.id === e.id; });
        if (at >= 0) current.events[at] = e;
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
    kioskTimer = setInterval(function () { kioskAt += 1; kioskShow(); }, cycleMs);
  }
  status("reconnecting", "○ 连接中… Connecting…");
  connect();
})();
