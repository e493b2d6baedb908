// Saves each choice as it is made and shows "Tersimpan"; without this script the
// "Simpan dan lanjut" button does the same job. Saves run one after another (each carries the
// revision the previous one returned), and the form waits for a pending save before it is sent.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-question");
  if (!form || !window.fetch || !window.FormData || !window.Promise) return;
  var status = form.querySelector(".save-status");
  var rev = form.querySelector("input[name=rev]");
  var queue = Promise.resolve();
  var pending = 0;
  var submitting = false;

  function say(text, bad) {
    status.textContent = text;
    status.className = "save-status" + (bad ? " bad" : " ok");
  }

  function send() {
    var data = new FormData(form);
    data.set("aksi", "simpan");
    return fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) { rev.value = result.body.rev; say("Tersimpan ✓", false); }
      else { say(result.body.message || "Gagal menyimpan. Coba lagi.", true); }
    }).catch(function () {
      say("Koneksi terputus: jawaban belum tersimpan. Tekan Simpan dan lanjut bila sudah tersambung.", true);
    });
  }

  function save() {
    pending += 1;
    say("Menyimpan…", false);
    queue = queue.then(send).then(function () { pending -= 1; });
    return queue;
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "jawaban") save();
  });

  form.addEventListener("submit", function (event) {
    if (pending === 0 || submitting) return;
    // Let the autosave land first, then send the form with the revision it returned.
    event.preventDefault();
    submitting = true;
    var button = event.submitter;
    queue.then(function () {
      if (button && button.name) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = button.name;
        hidden.value = button.value;
        form.appendChild(hidden);
      }
      form.submit();
    });
  });

  var deadline = document.querySelector("[data-deadline]");
  if (deadline) {
    var end = Date.parse(deadline.getAttribute("data-deadline"));
    var remaining = deadline.querySelector(".remaining");
    var tick = function () {
      var minutes = Math.max(0, Math.floor((end - Date.now()) / 60000));
      remaining.textContent = minutes > 0 ? "sisa " + minutes + " menit" : "waktu hampir habis";
    };
    tick();
    window.setInterval(tick, 15000);
  }
})();
