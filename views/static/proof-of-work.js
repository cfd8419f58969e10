// rekey: solves the sign-in form's proof-of-work challenge in under-attack mode.
// The challenge is altcha-lib's v2 format (PBKDF2/SHA-256, uint32 counter appended to the
// nonce); the answer is posted as base64 JSON of { challenge, solution }. No inline code or
// styles, so it runs under the portal's Content-Security-Policy (script-src 'self').
(() => {
  const box = document.querySelector("[data-proof-of-work]");
  if (!box) return;
  const form = box.closest("form");
  const field = box.querySelector('input[name="altcha"]');
  const status = box.querySelector("[data-solving]");
  const challenge = JSON.parse(box.getAttribute("data-proof-of-work"));

  const fromHex = (hex) => Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
  const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

  async function solve(parameters) {
    const nonce = fromHex(parameters.nonce);
    const salt = fromHex(parameters.salt);
    const password = new Uint8Array(nonce.length + 4);
    password.set(nonce);
    const counterView = new DataView(password.buffer);
    const prefix = parameters.keyPrefix.toLowerCase();
    for (let counter = 0; counter <= 0xffffffff; counter++) {
      counterView.setUint32(nonce.length, counter, false);
      const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        { name: "PBKDF2", salt, iterations: parameters.cost, hash: "SHA-256" },
        key,
        (parameters.keyLength || 32) * 8,
      );
      const derivedKey = toHex(new Uint8Array(bits));
      if (derivedKey.startsWith(prefix)) return { counter, derivedKey };
    }
    return null;
  }

  status.textContent = status.getAttribute("data-solving");
  const solved = solve(challenge.parameters).then(
    (solution) => {
      if (!solution) throw new Error("no solution");
      field.value = btoa(JSON.stringify({ challenge, solution }));
      status.textContent = status.getAttribute("data-done");
    },
    (error) => {
      status.textContent = status.getAttribute("data-failed");
      throw error;
    },
  );

  // A member who submits before the check is done waits for it, then the form goes.
  form.addEventListener("submit", (event) => {
    if (field.value) return;
    event.preventDefault();
    solved.then(() => form.requestSubmit(event.submitter || undefined)).catch(() => {});
  });
})();
