import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SoftwareAuthenticator } from "./support/authenticator";
import { registerAndSignIn } from "./support/browser";
import { createTestPortal } from "./support/harness";
import { enrolConfirmedPasskey } from "./support/passkeys";

describe("passkey names", () => {
  test("a name with bidirectional control characters is refused with a form error and nothing changes", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal);
    assert.equal(
      (await enrolConfirmedPasskey(portal, member, new SoftwareAuthenticator())).status,
      200,
    );
    const before = await member.get("/account/passkeys");
    const id = /name="passkeyId" value="(\d+)"/.exec(before.text)?.[1] ?? "";
    const shownName = /data-field="passkeyName">([^<]*)</.exec(before.text)?.[1];
    assert.ok(shownName !== undefined);

    // U+202E makes "Work exe.pdf" display as "Work fdp.exe"; each of the others reorders too.
    const controls = [
      "\u202e",
      "\u202a",
      "\u202d",
      "\u2066",
      "\u2069",
      "\u200e",
      "\u200f",
      "\u061c",
    ];
    for (const control of controls) {
      const name = `Work ${control}fdp.exe`;
      const refused = await member.post("/account/passkeys/rename", { passkeyId: id, name });
      assert.equal(refused.status, 400, `U+${control.codePointAt(0)?.toString(16)}`);
      assert.match(refused.text, /This field contains characters that cannot be used\./);
    }
    const after = await member.get("/account/passkeys");
    assert.equal(/data-field="passkeyName">([^<]*)</.exec(after.text)?.[1], shownName);
  });
});
