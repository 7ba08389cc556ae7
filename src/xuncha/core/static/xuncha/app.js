// Small behaviours without inline script (the Content-Security-Policy forbids it).
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-copy]");
  if (target && navigator.clipboard) {
    navigator.clipboard.writeText(target.dataset.copy);
  }
});
