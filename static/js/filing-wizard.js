/* Filing wizard, progressive enhancement: save the draft when the operator leaves a step.
 *
 * The step's form posts to the same URL as the "保存草稿" button would (goto empty), with
 * keepalive so the request survives the page being closed. Without JavaScript every navigation
 * button already submits the form, so nothing typed is lost either way.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });

  function save() {
    if (!dirty || submitting) {
      return;
    }
    var data = new FormData(form);
    data.set("goto", "");
    dirty = false;
    fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", keepalive: true, redirect: "manual",
    }).catch(function () { dirty = true; });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save();
    }
  });
  window.addEventListener("pagehide", save);
})();
