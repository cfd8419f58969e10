/**
 * Live password strength meter, as progressive enhancement: the form works without it, and
 * the server scores the password again and decides. The engine (zxcvbn-ts with its word
 * lists, about 1 MB gzipped) loads only once a password field with `data-strength-meter`
 * (whose value is the engine's URL) is focused or typed in, so other pages never pay for it.
 */
type Engine = { attachStrengthMeter(field: HTMLInputElement): void };

let engine: Promise<Engine> | null = null;

function loadEngine(url: string): Promise<Engine> {
  engine ??= (import(url) as Promise<Engine>).catch((error: unknown) => {
    engine = null;
    throw error;
  });
  return engine;
}

for (const field of document.querySelectorAll<HTMLInputElement>("input[data-strength-meter]")) {
  const url = field.dataset.strengthMeter;
  if (!url) continue;
  const attach = () => {
    field.removeEventListener("focus", attach);
    field.removeEventListener("input", attach);
    loadEngine(url)
      .then((loaded) => loaded.attachStrengthMeter(field))
      // Without the meter the form still works; the server's answer is the one that counts.
      .catch(() => undefined);
  };
  field.addEventListener("focus", attach);
  field.addEventListener("input", attach);
  if (document.activeElement === field) attach();
}
