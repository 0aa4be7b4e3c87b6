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
