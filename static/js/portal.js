// Small behaviours shared by every page, attached by data attributes (the Content-Security-Policy allows no
// inline script or event handler): [data-print] prints the page, [data-autosubmit] submits its form on change,
// [data-confirm] on a submit button asks its question first (without JavaScript the form submits as it is).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("submit", (event) => {
  const button = event.submitter && event.submitter.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
