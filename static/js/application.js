// Starts the GOV.UK Frontend components (service navigation menu, notification banners,
// error summaries, skip link...) once the page has loaded.
//
// Loaded as <script type="module">, after build/all.bundle.js, which defines window.GOVUKFrontend.
// The two files share a global rather than an `import`, because ManifestStaticFilesStorage gives
// each file a hashed name in production and a relative import between modules would point at the
// unhashed one. Module scripts run only in browsers GOV.UK Frontend supports, in document order.
if (window.GOVUKFrontend) {
  window.GOVUKFrontend.initAll();
}

// Signing out on purpose forgets the evidence notes' drafts kept in this browser
// (evidence_draft.js), so that a shared computer keeps nothing of a team's evidence. A session
// that merely ended keeps them, to be put back after signing in again.
const DRAFTS = "peerreview:evidence-draft:";
for (const form of document.querySelectorAll("form[data-forgets-drafts]")) {
  form.addEventListener("submit", () => {
    try {
      for (const key of Object.keys(window.localStorage)) {
        if (key.startsWith(DRAFTS)) window.localStorage.removeItem(key);
      }
    } catch {
      // Storage switched off: there are no drafts to forget.
    }
  });
}
