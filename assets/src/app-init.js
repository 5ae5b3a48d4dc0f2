// Start the GOV.UK Frontend components on the page (kept out of inline script for CSP).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
