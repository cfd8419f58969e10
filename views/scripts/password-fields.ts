/**
 * Password fields, as progressive enhancement: a show/hide button after every field that has
 * `data-reveal-show` (its labels come from the page, in the member's language), and a "use
 * this passphrase" button beside a server-made suggestion, which fills and reveals the field.
 * Without JavaScript the fields work as usual and the suggestion can be typed from the page.
 */
for (const field of document.querySelectorAll<HTMLInputElement>("input[data-reveal-show]")) {
  const show = field.dataset.revealShow ?? "";
  const hide = field.dataset.revealHide ?? show;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary reveal-button";
  button.setAttribute("aria-controls", field.id);
  const render = () => {
    const shown = field.type === "text";
    button.textContent = shown ? hide : show;
    button.setAttribute("aria-pressed", String(shown));
  };
  button.addEventListener("click", () => {
    field.type = field.type === "password" ? "text" : "password";
    render();
    field.focus();
  });
  // Never leave a password readable in the field when the form goes (or the page is cached).
  field.form?.addEventListener("submit", () => {
    field.type = "password";
    render();
  });
  render();
  field.insertAdjacentElement("afterend", button);
}

for (const suggestion of document.querySelectorAll<HTMLElement>("[data-passphrase-for]")) {
  const field = document.getElementById(suggestion.dataset.passphraseFor ?? "");
  if (!(field instanceof HTMLInputElement)) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary passphrase-use";
  button.textContent = suggestion.dataset.useLabel ?? "";
  button.addEventListener("click", () => {
    field.value = suggestion.textContent?.trim() ?? "";
    field.type = "text";
    // The strength meter and the reveal button follow the field's own events.
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.parentElement
      ?.querySelector<HTMLButtonElement>(".reveal-button")
      ?.setAttribute("aria-pressed", "true");
    const reveal = field.parentElement?.querySelector<HTMLButtonElement>(".reveal-button");
    if (reveal) reveal.textContent = field.dataset.revealHide ?? reveal.textContent;
    field.focus();
  });
  suggestion.insertAdjacentElement("afterend", button);
}
