// "visibilitychange-visible" on the document when the person comes back to the tab: the unread
// badge refreshes on it (hx-trigger). A filter in hx-trigger ([document.visibilityState ...])
// would be evaluated by htmx with Function(), which the Content-Security-Policy forbids.
document.addEventListener("visibilitychange", function () {
  if (document.visibilityState === "visible") {
    document.dispatchEvent(new Event("visibilitychange-visible"));
  }
});
