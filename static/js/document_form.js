// The document form shows only the chosen document's fields (issue 17, item 8). Progressive
// enhancement: without JavaScript every field stays visible and the service checks them all.
(function () {
  "use strict";
  function update(form) {
    var chosen = form.querySelector('input[name="kind"]:checked');
    var kind = chosen ? chosen.value : "";
    form.querySelectorAll("[data-for-kinds]").forEach(function (group) {
      var kinds = group.getAttribute("data-for-kinds").split(" ");
      var shown = kinds.indexOf(kind) !== -1;
      group.hidden = !shown;
      group.querySelectorAll("input, textarea, select").forEach(function (field) {
        field.disabled = !shown; // a hidden field is not sent
      });
    });
  }
  document.querySelectorAll("form[data-document-form]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") update(form);
    });
    update(form);
  });
})();
