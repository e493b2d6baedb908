// The task page: refuse a file larger than the task's limit before it is sent, so nothing typed is lost
// and a phone does not upload megabytes only to be refused. The server checks again.
(function () {
  var form = document.querySelector("form.task-submit");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    var max = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (input && input.files && input.files[0] && input.files[0].size > max) {
      event.preventDefault();
      input.setCustomValidity(form.getAttribute("data-too-large"));
      input.reportValidity();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") event.target.setCustomValidity("");
  });
})();
