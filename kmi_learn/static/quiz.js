// Optional: save each answer as soon as it changes, so that nothing typed is lost
// even before "Next" is pressed. The quiz works the same without this file.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.set("go", "save");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Autosave": "1" }
    }).then(function (response) {
      if (!status) { return; }
      status.hidden = false;
      status.textContent = response.status === 204 ? status.dataset.saved || "Saved"
        : status.dataset.failed || "Not saved";
    }).catch(function () { /* the buttons still save */ });
  }

  form.addEventListener("change", save);
  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
})();
