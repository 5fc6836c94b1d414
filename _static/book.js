// Accessibility mends for markup that the theme and docutils write (checked by axe-core
// in tests/browser): each runs once the page has loaded.
document.addEventListener("DOMContentLoaded", () => {
  // docutils marks a bibliography entry role="doc-biblioentry" inside role="list";
  // ARIA 1.2 wants list items in a list.
  document.querySelectorAll('.citation-list > [role="doc-biblioentry"]').forEach((entry) => {
    entry.setAttribute("role", "listitem");
  });
  // The search page's own search box: "off" is no valid autocomplete token for a
  // search field in axe-core's reading; browsers treat a missing attribute the same way.
  document.querySelectorAll('input[type="search"][autocomplete="off"]').forEach((input) => {
    input.removeAttribute("autocomplete");
  });
});
