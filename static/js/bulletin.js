// The bulletin's 打印 button: shown (and working) only with JavaScript; the browser's own print does the same.
document.querySelectorAll("[data-bulletin-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
