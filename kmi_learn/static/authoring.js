// Optional: refresh the question preview while the facilitator types. Without this
// file the "Preview" button does the same with a full page.
(function () {
  "use strict";
  var form = document.getElementById("question-form");
  var target = document.getElementById("question-preview");
  if (!form || !target || !window.fetch || !window.FormData) { return; }
  var timer = null;
  var pending = null;

  function refresh() {
    var data = new FormData(form);  // holds the CSRF token of the form
    data.set("action", "preview");
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    fetch(target.dataset.url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Preview": "1" }, signal: pending ? pending.signal : undefined
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // The server renders this part with the delegates' sanitizer.
      if (html !== null) { target.innerHTML = html; }
    }).catch(function () { /* the Preview button still works */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
