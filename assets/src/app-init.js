// Start the GOV.UK Frontend components on the page (kept out of inline script for CSP).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Progressive enhancement: a select marked data-module="app-autocomplete" becomes an
// accessible autocomplete (type to filter, arrow keys and Enter to choose). The select stays
// in the form and is what is sent; without JavaScript the plain select works as before.
function optionFor(select, text) {
  const wanted = text.trim().toLowerCase();
  return Array.from(select.options).find(
    (option) => option.value && option.textContent.trim().toLowerCase() === wanted,
  );
}

// The library writes each suggestion into the page as HTML: escape the option's text.
function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function appAutocompleteInit() {
  const autocomplete = window.accessibleAutocomplete;
  if (!autocomplete) return;
  document.querySelectorAll('select[data-module="app-autocomplete"]').forEach((select) => {
    if (select.dataset.appAutocompleteInit) return;
    select.dataset.appAutocompleteInit = "true";
    const id = select.id;
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      // No autoselect: its grey "hint" copy of the first match is an unlabelled input.
      autoselect: false,
      inputClasses: select.classList.contains("govuk-select--error") ? "govuk-input--error" : null,
      tNoResults: () => "No results found",
      templates: {
        inputValue: (text) => text || "",
        suggestion: (text) => escapeHtml(text || ""),
      },
    });
    // What is sent is what the box shows: a name typed in full counts; anything else (an
    // edited or cleared box) sends no answer, so the page asks again rather than guessing.
    const input = document.getElementById(id);
    const form = select.form;
    if (input && form) {
      form.addEventListener("submit", () => {
        const option = optionFor(select, input.value);
        select.value = option ? option.value : "";
      });
    }
  });
}

appAutocompleteInit();

// Wide report tables (reports/_table.html) say that they scroll sideways; when every column
// fits the hint is hidden, and shown again if the window narrows. Without JavaScript the hint
// stays, which is true whenever the table does not fit.
function appScrollHints() {
  document.querySelectorAll("[data-scroll-hint]").forEach((hint) => {
    const table = document.getElementById(hint.dataset.scrollHint);
    const region = table && table.parentElement;
    if (!region) return;
    const update = () => {
      hint.hidden = region.scrollWidth <= region.clientWidth + 1;
    };
    update();
    window.addEventListener("resize", update);
  });
}

appScrollHints();
