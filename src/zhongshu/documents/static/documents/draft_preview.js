// The live preview of a draft before its first save: on each change of the draft form (after a
// pause) the form is posted, unsaved, to the typesetter and to the checker; the PDF goes into
// the preview frame, the findings replace the 审核助手 card. Nothing is stored on the server.
document.addEventListener("DOMContentLoaded", function () {
  var editor = document.getElementById("draft-editor");
  var form = document.getElementById("draft-form");
  if (!editor || !form || !editor.dataset.previewUrl) {
    return;
  }
  var frame = document.getElementById("draft-preview");
  var status = document.getElementById("draft-preview-status");
  var findings = document.getElementById("draft-findings");
  var timer = null;
  var generation = 0;
  var objectUrl = null;
  var DELAY_MS = 800;

  function post(url) {
    return fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
  }

  function refresh() {
    var mine = ++generation;
    if (status) {
      status.textContent = status.dataset.busy;
    }
    post(editor.dataset.previewUrl)
      .then(function (response) {
        if (mine !== generation) {
          return null;
        }
        if (!response.ok) {
          return response.text().then(function (text) {
            if (status) {
              status.textContent = text;
            }
            return null;
          });
        }
        return response.blob().then(function (blob) {
          if (mine !== generation) {
            return;
          }
          if (objectUrl) {
            URL.revokeObjectURL(objectUrl);
          }
          objectUrl = URL.createObjectURL(blob);
          frame.src = objectUrl;
          if (status) {
            status.textContent = status.dataset.done;
          }
        });
      })
      .catch(function () {
        if (status && mine === generation) {
          status.textContent = status.dataset.failed;
        }
      });
    if (findings && editor.dataset.checkUrl) {
      post(editor.dataset.checkUrl)
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          if (mine === generation) {
            findings.innerHTML = html;
          }
        })
        .catch(function () {});
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  refresh();
});
