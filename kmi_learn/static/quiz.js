// Optional: save each answer as soon as it changes, so that nothing chosen is lost
// even before "Next" is pressed. The quiz works the same without this file.
// One save at a time, in order: a newer answer is never overwritten by an older
// save arriving late, and the buttons wait for the save in flight.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var inFlight = null;   // the promise of the save being sent
  var pending = false;   // a change happened while a save was in flight
  var timer = null;

  function show(ok) {
    if (!status) { return; }
    status.hidden = false;
    status.textContent = ok ? status.dataset.saved : status.dataset.failed;
  }

  function send() {
    var data = new FormData(form);
    data.set("go", "save");
    inFlight = fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Autosave": "1" }
    }).then(function (response) {
      show(response.status === 204);
    }).catch(function () {
      show(false);
    }).then(function () {
      inFlight = null;
      if (pending) { pending = false; send(); }
    });
  }

  function save() {
    if (inFlight) { pending = true; } else { send(); }
  }

  form.addEventListener("change", save);
  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
  form.addEventListener("submit", function (event) {
    if (!inFlight) { return; }
    // Let the save in flight land first, then send the button's request.
    event.preventDefault();
    var button = event.submitter;
    pending = false;
    inFlight.then(function () {
      if (button && form.requestSubmit) { form.requestSubmit(button); } else { form.submit(); }
    });
  });
})();
