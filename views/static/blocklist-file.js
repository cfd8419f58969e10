// rekey: lets an administrator pick a blocklist file instead of pasting it. The file is read
// in the browser into the form's text area, so the form stays a plain URL-encoded POST.
(() => {
  const form = document.querySelector("[data-blocklist-import]");
  if (!form || !window.FileReader) return;
  const fileField = form.querySelector("[data-file-field]");
  const input = fileField.querySelector('input[type="file"]');
  const list = form.querySelector("textarea");
  fileField.hidden = false;
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    file.text().then((text) => {
      list.value = text;
    });
  });
})();
