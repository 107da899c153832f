/* The monthly report form: the totals by age band and by service type, shown as they are typed (they must agree).
   Progressive enhancement: without JavaScript the server checks the same rule on submission. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  function sum(names) {
    return names.reduce(function (total, name) {
      var input = form.elements[name];
      var value = input ? parseInt(input.value, 10) : 0;
      return total + (isNaN(value) ? 0 : value);
    }, 0);
  }
  var bands = (form.dataset.bands || "").split(" ");
  var types = (form.dataset.types || "").split(" ");
  var bandTotal = document.getElementById("total-bands");
  var typeTotal = document.getElementById("total-types");
  function update() {
    var a = sum(bands), b = sum(types);
    bandTotal.textContent = a;
    typeTotal.textContent = b;
    typeTotal.parentElement.classList.toggle("text-danger", a !== b);
    typeTotal.parentElement.classList.toggle("text-muted", a === b);
  }
  form.addEventListener("input", update);
  form.querySelectorAll(".js-total").forEach(function (el) { el.hidden = false; });
  update();
}());
