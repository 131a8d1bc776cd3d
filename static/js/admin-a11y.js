// Names for the admin's autocomplete boxes. Select2 draws a combobox named by the text of the
// current choice only, so an empty box has no name and a filled one does not say which field
// it is. Each combobox is named by its field's label (or, in a table row, by the select's
// aria-label) followed by the choice; the search box of a multiple choice by the label.
"use strict";
(function () {
  function labelText(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    return (label ? label.textContent : select.getAttribute("aria-label") || "")
      .replace(/:\s*$/, "")
      .trim();
  }

  function nameElement(container, select, text) {
    const id = `${select.id}-accessible-name`;
    let element = document.getElementById(id);
    if (!element) {
      element = document.createElement("span");
      element.id = id;
      element.hidden = true;
      // After the box, not between it and the select: scripts find the box as `select + .select2`.
      container.after(element);
    }
    element.textContent = text;
    return id;
  }

  function name(select) {
    const container = select.parentElement.querySelector(
      `#${CSS.escape(select.id)} ~ .select2-container`,
    );
    const text = labelText(select);
    if (!container || !text) return;
    const combobox = container.querySelector(".select2-selection");
    const rendered = container.querySelector(".select2-selection__rendered");
    const nameId = nameElement(container, select, text);
    if (combobox) {
      combobox.setAttribute(
        "aria-labelledby",
        rendered && rendered.id ? `${nameId} ${rendered.id}` : nameId,
      );
    }
    // The choice itself is drawn as a read-only textbox, which needs the field's name too.
    if (rendered && rendered.getAttribute("role") === "textbox") {
      rendered.setAttribute("aria-labelledby", nameId);
    }
    container.querySelectorAll(".select2-search__field").forEach((field) => {
      field.setAttribute("aria-label", text);
    });
  }

  function nameAll(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      if (select.id && !select.name.includes("__prefix__")) name(select);
    });
  }

  // Select2 is started on jQuery's ready and on each added row; this runs after both.
  window.addEventListener("load", () => nameAll(document));
  document.addEventListener("formset:added", (event) => {
    setTimeout(() => nameAll(event.target), 0);
  });
  // Select2 draws a box whenever a field is started or started again (the admin's own script,
  // a row's script that redraws it): each new box is named as it appears, whenever that is.
  new MutationObserver((records) => {
    records.forEach((record) => {
      record.addedNodes.forEach((node) => {
        if (node.nodeType !== Node.ELEMENT_NODE || !node.matches(".select2-container")) return;
        const select = node.previousElementSibling;
        if (select && select.matches("select.admin-autocomplete") && select.id) name(select);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  // A multiple choice draws its search box again after each change.
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("select.admin-autocomplete")) {
      setTimeout(() => name(event.target), 0);
    }
  });
})();
