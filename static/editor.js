// Live preview for the markdown editor: while the instructor types, the text is sent to the
// server, rendered by the same renderer and sanitizer as a saved lesson, and shown beside it.
// Without this script the "Pratinjau" button does the same job with a full page.
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-preview-url]");
  if (!area || !window.fetch || !window.FormData) return;
  var target = document.getElementById(area.getAttribute("data-preview-target"));
  var status = document.querySelector(".preview-status");
  var token = area.form.querySelector("input[name=csrf_token]");
  var timer = null;
  var sent = 0;

  function say(text) { if (status) status.textContent = text; }

  function refresh() {
    var data = new FormData();
    data.append("csrf_token", token ? token.value : "");
    data.append("teks", area.value);
    var mine = ++sent;
    say("memperbarui…");
    fetch(area.getAttribute("data-preview-url"), {
      method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (body) {
      if (mine !== sent) return; // an answer to older text arrived late
      target.innerHTML = body.html; // sanitized on the server (nh3), like every stored lesson
      say("");
    }).catch(function () {
      say("pratinjau langsung tidak tersedia; pakai tombol Pratinjau");
    });
  }

  area.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  });
  if (!target.querySelector(".muted")) return;
  refresh();
})();
