// The live preview of a draft, new or saved: on each change of the draft form (after a pause)
// the form is posted, unsaved, to the typesetter and to the checker; the PDF goes into the
// preview frame, the findings replace the 审核助手 card. Nothing is stored on the server.
// The listeners sit on the document and look the editor up on each change, so the editor that
// "保存并继续修改" swaps in (htmx) previews live as the first one did. A saved draft's frame
// starts on its saved preview; a new draft's is typeset at once.
(function () {
  var DELAY_MS = 800;
  var timer = null;
  var generation = 0;
  var objectUrl = null;

  function parts() {
    var editor = document.getElementById("draft-editor");
    var form = document.getElementById("draft-form");
    if (!editor || !form || !editor.dataset.previewUrl) {
      return null;
    }
    return {
      editor: editor,
      form: form,
      frame: document.getElementById("draft-preview"),
      status: document.getElementById("draft-preview-status"),
      findings: document.getElementById("draft-findings"),
    };
  }

  function post(url, form) {
    return fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
  }

  function say(p, text) {
    if (p.status) {
      p.status.textContent = text;
    }
  }

  function refresh() {
    var p = parts();
    if (!p) {
      return;
    }
    var mine = ++generation;
    say(p, p.status ? p.status.dataset.busy : "");
    post(p.editor.dataset.previewUrl, p.form)
      .then(function (response) {
        if (mine !== generation) {
          return null;
        }
        if (!response.ok) {
          return response.text().then(function (text) {
            say(p, text);
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
          p.frame.src = objectUrl;
          say(p, p.status ? p.status.dataset.done : "");
        });
      })
      .catch(function () {
        if (mine === generation) {
          say(p, p.status ? p.status.dataset.failed : "");
        }
      });
    if (p.findings && p.editor.dataset.checkUrl) {
      post(p.editor.dataset.checkUrl, p.form)
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          if (mine === generation) {
            p.findings.innerHTML = html;
          }
        })
        .catch(function () {});
    }
  }

  function schedule(event) {
    if (!event.target.closest || !event.target.closest("#draft-form")) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  }

  document.addEventListener("input", schedule);
  document.addEventListener("change", schedule);
  // A new draft is typeset at once only when it has something to show (a .docx import, a form
  // sent back with an error); an empty form keeps its hint instead of a list of missing fields.
  function hasText(form) {
    var title = form.querySelector("[name=title]");
    var body = form.querySelector("[name=body]");
    return Boolean((title && title.value.trim()) || (body && body.value.trim()));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var p = parts();
    if (p && !p.frame.getAttribute("src") && hasText(p.form)) {
      refresh();
    }
  });
})();
