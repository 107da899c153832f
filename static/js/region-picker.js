/* Cascading region picker (regions.forms.RegionCascadeWidget), progressive enhancement.
 *
 * The widget works without this script (the server lists the children of each chosen level after a
 * submit). With it, changing a select loads the next level from the regions API, clears the deeper
 * selects and keeps the hidden input (the field's value) on the deepest chosen region.
 */
(function () {
  "use strict";

  function clear(select) {
    while (select.options.length > 1) {
      select.remove(1);
    }
    select.value = "";
    select.disabled = true;
  }

  function fill(select, regions) {
    clear(select);
    regions.forEach(function (region) {
      select.add(new Option(region.name, region.code));
    });
    select.disabled = regions.length === 0;
  }

  function setup(picker) {
    if (picker.dataset.regionPickerReady) {
      return;
    }
    picker.dataset.regionPickerReady = "1";
    var selects = Array.prototype.slice.call(picker.querySelectorAll("select[data-region-level]"));
    var hidden = picker.querySelector("input[data-region-value]");
    var apiUrl = picker.dataset.apiUrl;
    var root = picker.dataset.root || "";
    var pending = 0; // only the latest request may fill a select

    function chosen() {
      for (var i = selects.length - 1; i >= 0; i--) {
        if (selects[i].value) {
          return selects[i].value;
        }
      }
      return root;
    }

    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        var deeper = selects.slice(index + 1);
        deeper.forEach(clear);
        hidden.value = chosen();
        hidden.dispatchEvent(new Event("change", { bubbles: true }));
        if (!select.value || deeper.length === 0) {
          return;
        }
        var next = deeper[0];
        var ticket = ++pending;
        var url = apiUrl + "?parent=" + encodeURIComponent(select.value) + "&page_size=500";
        next.setAttribute("aria-busy", "true");
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) {
              throw new Error("HTTP " + response.status);
            }
            return response.json();
          })
          .then(function (data) {
            if (ticket === pending) {
              fill(next, data.results || []);
            }
          })
          .catch(function (error) {
            // Without the list the user can still submit the form: the server renders the next level.
            if (window.console) {
              window.console.warn("region picker:", error);
            }
          })
          .finally(function () {
            next.removeAttribute("aria-busy");
          });
      });
    });
  }

  function init(scope) {
    (scope || document).querySelectorAll("[data-region-picker]").forEach(setup);
  }

  window.RegionPicker = { init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
})();
