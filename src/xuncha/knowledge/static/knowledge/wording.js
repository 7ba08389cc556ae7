// Standard wording in the finding form (CSP-safe: loaded as a file, no inline script).
// The suggestions partial of knowledge:wording_suggest lists buttons
// <button class="wording-use" data-wording-id data-text data-basis>. A click puts the phrasing
// into the working paper: as the problem when #id_title is empty, else as a new paragraph of
// #id_facts; the usual basis into #id_basis when it is empty; and the phrasing's id into the
// hidden #id_wording, so the finding records which standard wording it used.
(function () {
  "use strict";

  function byId(id) {
    return document.getElementById(id);
  }

  function changed(field) {
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function append(field, text) {
    var current = field.value.replace(/\s+$/, "");
    field.value = current ? current + "\n" + text : text;
    changed(field);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".wording-use") : null;
    if (!button) {
      return;
    }
    event.preventDefault();
    var text = button.getAttribute("data-text") || "";
    var basis = button.getAttribute("data-basis") || "";
    var title = byId("id_title");
    var facts = byId("id_facts");
    var basisField = byId("id_basis");
    var wording = byId("id_wording");
    if (title && !title.value.trim()) {
      title.value = text;
      changed(title);
    } else if (facts) {
      append(facts, text);
    }
    if (basisField && basis && !basisField.value.trim()) {
      basisField.value = basis;
      changed(basisField);
    }
    if (wording) {
      wording.value = button.getAttribute("data-wording-id") || "";
      changed(wording);
    }
    button.classList.add("used");
  });
})();
