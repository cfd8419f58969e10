// rekey: solves the sign-in form's proof-of-work challenge in under-attack mode.
// The challenge is altcha-lib's v2 format (PBKDF2/SHA-256 of nonce + uint32 counter, key
// prefix to match); the answer is posted as base64 JSON of { challenge, solution }. PBKDF2 is
// computed here in plain JavaScript: one WebCrypto call per try costs browsers milliseconds of
// overhead, far more than the work itself. No inline code or styles, so it runs under the
// portal's Content-Security-Policy (script-src 'self').
(() => {
  const box = document.querySelector("[data-proof-of-work]");
  if (!box) return;
  const form = box.closest("form");
  const field = box.querySelector('input[name="altcha"]');
  const status = box.querySelector("[data-solving]");
  const challenge = JSON.parse(box.getAttribute("data-proof-of-work"));

  // SHA-256 (FIPS 180-4) compression of one 16-word block into a copy of `state`.
  const K = Uint32Array.from(
    "428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da 983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2"
      .split(" ")
      .map((word) => parseInt(word, 16)),
  );
  const initial = Uint32Array.of(
    0x6a09e667,
    0xbb67ae85,
    0x3c6ef372,
    0xa54ff53a,
    0x510e527f,
    0x9b05688c,
    0x1f83d9ab,
    0x5be0cd19,
  );
  const W = new Uint32Array(64);
  const rotate = (x, n) => (x >>> n) | (x << (32 - n));

  function compress(state, block) {
    W.set(block);
    for (let i = 16; i < 64; i++) {
      const s0 = rotate(W[i - 15], 7) ^ rotate(W[i - 15], 18) ^ (W[i - 15] >>> 3);
      const s1 = rotate(W[i - 2], 17) ^ rotate(W[i - 2], 19) ^ (W[i - 2] >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, h] = state;
    for (let i = 0; i < 64; i++) {
      const t1 =
        (h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) |
        0;
      const t2 =
        ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    return Uint32Array.of(a, b, c, d, e, f, g, h).map((word, i) => (word + state[i]) | 0);
  }

  // A block holding `words` of message after a 64-byte HMAC key block, padded per FIPS 180-4.
  function paddedBlock(words) {
    const block = new Uint32Array(16);
    block.set(words);
    block[words.length] = 0x80000000;
    block[15] = (64 + words.length * 4) * 8;
    return block;
  }

  // PBKDF2-HMAC-SHA256 (RFC 8018) for a 20-byte password, 16-byte salt and one 32-byte block.
  function pbkdf2(passwordWords, saltWords, iterations) {
    const keyBlock = new Uint32Array(16);
    keyBlock.set(passwordWords);
    const inner = compress(
      initial,
      keyBlock.map((word) => word ^ 0x36363636),
    );
    const outer = compress(
      initial,
      keyBlock.map((word) => word ^ 0x5c5c5c5c),
    );
    const hmac = (words) => compress(outer, paddedBlock(compress(inner, paddedBlock(words))));
    let u = hmac([...saltWords, 1]);
    const result = u.slice();
    for (let i = 1; i < iterations; i++) {
      u = hmac(u);
      for (let j = 0; j < 8; j++) result[j] ^= u[j];
    }
    return result;
  }

  const words = (hex) => Array.from(hex.match(/.{8}/g) || [], (word) => parseInt(word, 16) | 0);
  const toHex = (result) =>
    Array.from(result, (word) => (word >>> 0).toString(16).padStart(8, "0")).join("");

  // Tries counters in slices, yielding between them so the page stays responsive.
  function solve(parameters) {
    const nonce = words(parameters.nonce);
    const salt = words(parameters.salt);
    const prefix = parameters.keyPrefix.toLowerCase();
    let counter = 0;
    return new Promise((resolve) => {
      const slice = () => {
        const until = Date.now() + 50;
        while (Date.now() < until) {
          const derivedKey = toHex(pbkdf2([...nonce, counter], salt, parameters.cost));
          if (derivedKey.startsWith(prefix)) return resolve({ counter, derivedKey });
          counter++;
        }
        setTimeout(slice, 0);
      };
      slice();
    });
  }

  status.textContent = status.getAttribute("data-solving");
  const solved = solve(challenge.parameters).then(
    (solution) => {
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
