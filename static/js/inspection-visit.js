/* Visit page, progressive enhancement: save an item's answer with fetch and swap the item in place.
 *
 * Without JavaScript each item is a small form that posts to /inspections/visits/<id>/items/<item>/ and is
 * redirected back to the item's anchor, so every answer is saved as it is given either way. Here the same
 * POST is sent with `X-Requested-With: fetch`; the server answers with the item's HTML (200 saved, 400 with
 * the error shown in the item). When the connection drops, the item says so and keeps what was typed; the
 * answers saved before are on the server already.
 */
(function () {
  "use strict";
  var root = document.getElementById("visit-checklist");
  if (!root || !window.fetch || !window.FormData) {
    return;
  }
  var script = document.getElementById("inspection-visit-js");
  var progressTemplate = (script && script.getAttribute("data-progress-template")) || "{answered} / {total}";
  var offlineMessage = document.documentElement.lang === "en"
    ? "Not saved: the connection failed. Your input is kept here; tap again to retry."
    : "未能保存：网络连接失败。已填写的内容仍保留在此，请重新点击保存。";

  function formData(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter);
    } catch (error) {
      data = new FormData(form);
      if (submitter && submitter.name) {
        data.set(submitter.name, submitter.value);
      }
    }
    return data;
  }

  function updateProgress(answered) {
    var total = 0;
    var progress = document.getElementById("visit-progress");
    if (progress) {
      total = parseInt(progress.getAttribute("data-total"), 10) || 0;
      if (answered !== null && !isNaN(answered)) {
        progress.textContent = progressTemplate.replace("{answered}", answered).replace("{total}", total);
        var bar = document.getElementById("visit-progress-bar");
        if (bar && total) {
          bar.style.width = Math.round(answered * 100 / total) + "%";
        }
      }
    }
    root.querySelectorAll(".visit-section").forEach(function (section) {
      var items = section.querySelectorAll(".visit-item");
      var done = section.querySelectorAll(".visit-item[data-answered='1']").length;
      document.querySelectorAll(".section-progress[data-section='" + section.getAttribute("data-section") + "']")
        .forEach(function (label) { label.textContent = done + "/" + items.length; });
    });
  }

  function showError(item, message) {
    var box = item.querySelector(".item-offline");
    if (!box) {
      box = document.createElement("div");
      box.className = "alert alert-warning py-1 px-2 small mb-2 item-offline";
      box.setAttribute("role", "alert");
      var form = item.querySelector("form.visit-item-form");
      form.parentNode.insertBefore(box, form);
    }
    box.textContent = message;
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("visit-item-form")) {
      return;
    }
    event.preventDefault();
    var item = form.closest(".visit-item");
    var data = formData(form, event.submitter);
    var buttons = form.querySelectorAll("button");
    item.classList.add("is-saving");
    item.setAttribute("aria-busy", "true");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", headers: {"X-Requested-With": "fetch"},
    }).then(function (response) {
      if (!response.headers.get("X-Visit-Item")) {
        // Not the item (the session ended and the log-in page came back, for instance): post the plain way.
        form.submit();
        return null;
      }
      var answered = parseInt(response.headers.get("X-Answered-Count"), 10);
      return response.text().then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        item.replaceWith(fresh);
        updateProgress(answered);
      });
    }).catch(function () {
      item.classList.remove("is-saving");
      item.removeAttribute("aria-busy");
      buttons.forEach(function (button) { button.disabled = false; });
      showError(item, offlineMessage);
    });
  });
})();
