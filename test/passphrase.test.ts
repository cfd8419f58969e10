import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { passphraseWordCount, suggestPassphrase } from "../src/passwords/passphrase";
import { createTestPortal } from "./support/harness";

describe("passphrase suggestions", () => {
  test("five words from the BIP-39 English list, different every time", () => {
    const known = new Set(wordlist);
    const seen = new Set<string>();
    for (let index = 0; index < 200; index++) {
      const phrase = suggestPassphrase();
      const words = phrase.split(" ");
      assert.equal(words.length, passphraseWordCount);
      assert.ok(
        words.every((word) => known.has(word)),
        phrase,
      );
      seen.add(phrase);
    }
    assert.equal(seen.size, 200, "no repeats in 200 draws of 2^55");
    assert.equal(wordlist.length, 2048);
  });

  test("the portal's own password policy accepts what it suggests", async () => {
    const portal = createTestPortal();
    for (let index = 0; index < 10; index++) {
      const phrase = suggestPassphrase();
      const findings = await portal.deps.passwordPolicy.evaluatePassword(phrase, {
        loginId: "hanako",
        email: "hanako@example.jp",
      });
      assert.deepEqual(
        findings.filter((finding) => finding.severity === "block"),
        [],
        phrase,
      );
    }
  });
});

describe("password fields", () => {
  test("every password field offers show/hide; new-password fields offer a fresh passphrase, in the page's language", async () => {
    const { TestBrowser, registerAndSignIn } = await import("./support/browser");
    const portal = createTestPortal();
    const visitor = new TestBrowser(portal);
    const phraseOn = (html: string) =>
      /<span class="passphrase" data-passphrase-for="password"[^>]*>([a-z ]+)<\/span>/.exec(
        html,
      )?.[1];

    const register = await visitor.get("/register");
    assert.match(register.headers.get("cache-control") ?? "", /no-store/);
    assert.match(
      register.text,
      /<script type="module" src="\/static\/password-fields\.[0-9a-f]+\.js">/,
    );
    assert.match(
      register.text,
      /<input id="password" name="password" type="password"[^>]*aria-describedby="password-hint password-suggestion"[^>]*data-reveal-show="Show password" data-reveal-hide="Hide password"/,
    );
    const first = phraseOn(register.text);
    assert.ok(first && first.split(" ").length === 5, String(first));
    assert.notEqual(phraseOn((await visitor.get("/register")).text), first, "a new one each time");

    const login = await visitor.get("/login");
    assert.match(login.text, /data-reveal-show="Show password"/);
    assert.equal(phraseOn(login.text), undefined, "no suggestion for a password being typed in");

    const member = await registerAndSignIn(portal, { loginId: "hanako" });
    const change = (await member.get("/account/password")).text;
    assert.equal((change.match(/data-reveal-show=/g) ?? []).length, 2, "current and new");
    assert.ok(phraseOn(change));
    await member.post("/language", { language: "ja", next: "/account/password" });
    const japanese = (await member.get("/account/password")).text;
    assert.match(
      japanese,
      /data-reveal-show="パスワードを表示" data-reveal-hide="パスワードを隠す"/,
    );
    assert.match(japanese, /data-use-label="このパスフレーズを使う"/);
  });
});
