// The knowledge base's pages: Enter in a search box that feeds an htmx list (the article picker
// of the case form) must not submit the surrounding form.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && field.matches && field.matches("input[data-kb-search]")) {
      event.preventDefault();
    }
  });
})();
