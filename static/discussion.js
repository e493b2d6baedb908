// Discussions: drafts kept in this browser while writing (so a dropped connection, an expired
// login or a closed tab never loses a text), and @name suggestions. Without it, forms still work.
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; store.getItem("x"); } catch (e) { store = null; }
  var KEEP_MS = 14 * 24 * 3600 * 1000;

  function read(key) {
    try {
      var item = JSON.parse(store.getItem(key) || "null");
      if (item && Date.now() - item.t < KEEP_MS) return item.v;
      store.removeItem(key);
    } catch (e) { /* a broken entry is dropped */ }
    return null;
  }

  if (store) {
    document.querySelectorAll("[data-draft-clear]").forEach(function (el) {
      var key = el.getAttribute("data-draft-clear");
      Object.keys(store).forEach(function (k) { if (k === key || k.indexOf(key + ":") === 0) store.removeItem(k); });
    });
    document.querySelectorAll("[data-draft-key]").forEach(function (field) {
      var key = field.getAttribute("data-draft-key");
      var saved = read(key);
      var note = field.form && field.form.querySelector(".draft-note");
      if (saved && !field.value.trim() && saved.trim()) {
        field.value = saved;
        if (note) { note.textContent = "Draf yang belum terkirim dipulihkan."; note.hidden = false; }
      }
      var timer = null;
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          try {
            if (field.value.trim()) store.setItem(key, JSON.stringify({ v: field.value, t: Date.now() }));
            else store.removeItem(key);
          } catch (e) { /* storage full: the server still keeps rejected texts */ }
        }, 300);
      });
    });
  }

  document.querySelectorAll("form[data-mentions-url]").forEach(function (form) {
    var area = form.querySelector("textarea");
    var box = form.querySelector(".mention-suggest");
    if (!area || !box || !window.fetch) return;
    var names = null, loading = false;

    function typed() {
      var before = area.value.slice(0, area.selectionStart);
      var m = /(^|\s)@([^\s@][^@\n]{0,40})$/.exec(before);
      return m ? m[2] : null;
    }

    function show() {
      var query = typed();
      box.textContent = "";
      if (query === null || !names) { box.hidden = true; return; }
      var q = query.toLowerCase();
      var found = names.filter(function (n) {
        var lower = n.toLowerCase();
        return lower.indexOf(q) === 0 || lower.indexOf(" " + q) > 0;
      }).slice(0, 5);
      found.forEach(function (name) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "button small-button"; b.textContent = "@" + name;
        b.addEventListener("click", function () {
          var end = area.selectionStart, start = end - query.length - 1;
          area.value = area.value.slice(0, start) + "@" + name + " " + area.value.slice(end);
          var caret = start + name.length + 2;
          area.focus(); area.setSelectionRange(caret, caret);
          area.dispatchEvent(new Event("input"));
          box.hidden = true;
        });
        box.appendChild(b);
      });
      box.hidden = found.length === 0;
    }

    area.addEventListener("input", function () {
      if (typed() === null) { box.hidden = true; return; }
      if (names) { show(); return; }
      if (loading) return;
      loading = true;
      fetch(form.getAttribute("data-mentions-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { names: [] }; })
        .then(function (data) { names = data.names || []; show(); })
        .catch(function () { loading = false; });
    });
  });
})();
