// "Print this page" buttons (kept out of inline script for CSP). Shown only when JavaScript runs.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
