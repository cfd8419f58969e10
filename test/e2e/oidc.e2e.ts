import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { startExampleClient } from "../../examples/oidc-client/server";
import { passkey, passkeyUserHandle } from "../../src/db/schema";
import { registerClient } from "../../src/oidc/clients";
import { type CborValue, encodeCbor } from "../support/cbor";
import { createPasswordMember, strongPassword } from "../support/oidc";
import { addVirtualAuthenticator, assertAccessible, launchChromium } from "./browser";
import { type RunningPortal, startPortal } from "./server";

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A passkey the member enrolled and confirmed earlier: the public key in rekey's database, the
 * private key in the browser's virtual authenticator (as a resident credential for "localhost").
 */
async function seedPasskey(portal: RunningPortal, memberId: number) {
  const keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = keys.publicKey.export({ format: "jwk" });
  const credentialId = randomBytes(32);
  const userHandle = randomBytes(32);
  await portal.deps.database.insert(passkeyUserHandle).values({ memberId, userHandle });
  await portal.deps.database.insert(passkey).values({
    memberId,
    credentialId,
    publicKey: encodeCbor(
      new Map<CborValue, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? "", "base64url")],
        [-3, Buffer.from(jwk.y ?? "", "base64url")],
      ]),
    ),
    counter: 0,
    transports: "internal",
    deviceType: "singleDevice",
    backedUp: false,
    aaguid: "00000000-0000-0000-0000-000000000000",
    name: "This computer",
    createdAt: new Date(),
    enrolmentProof: "email",
    confirmedAt: new Date(),
  });
  return {
    credentialId: credentialId.toString("base64"),
    isResidentCredential: true,
    rpId: "localhost",
    privateKey: keys.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    userHandle: userHandle.toString("base64"),
    signCount: 0,
  };
}

describe("a service signs its members in through rekey, in a real browser", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let example: Awaited<ReturnType<typeof startExampleClient>>;
  let exampleOrigin: string;
  let credential: Awaited<ReturnType<typeof seedPasskey>>;

  before(async () => {
    portal = await startPortal();
    const port = await findFreePort();
    exampleOrigin = `http://localhost:${port}`;
    const registered = await registerClient(portal.deps, {
      name: "Example shop",
      redirectUris: [`${exampleOrigin}/callback`],
      backchannelLogoutUri: `http://127.0.0.1:${port}/backchannel-logout`,
      firstParty: true,
    });
    assert.ok(registered.ok && registered.clientSecret);
    example = await startExampleClient({
      issuer: portal.origin,
      clientId: registered.clientId,
      clientSecret: registered.clientSecret,
      origin: exampleOrigin,
      port,
    });
    const member = await createPasswordMember(portal.deps, {
      loginId: "kaori",
      displayName: "Kaori",
    });
    credential = await seedPasskey(portal, member.id);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await example?.stop();
    await portal?.stop();
  });

  const newContext = (language: "en" | "ja"): Promise<BrowserContext> =>
    browser.newContext({ locale: language === "ja" ? "ja-JP" : "en-US" });

  for (const language of ["en", "ja"] as const) {
    test(`with a password (${language}): rekey's sign-in page, then back at the service signed in`, async () => {
      const context = await newContext(language);
      const page = await context.newPage();
      page.on("requestfailed", (r) => console.log("FAILED", r.url(), r.failure()?.errorText));
      page.on("response", (r) =>
        console.log(r.status(), r.request().method(), r.url(), r.headers().location ?? ""),
      );
      await page.goto(`${exampleOrigin}/?lang=${language}`);
      await page
        .getByRole("link", { name: language === "ja" ? "rekeyでログイン" : "Sign in with rekey" })
        .click();
      await page.waitForURL((url) => url.origin === portal.origin && url.pathname === "/login");
      assert.equal(await page.getAttribute("html", "lang"), language);
      await assertAccessible(page, `oidc-login-${language}`);
      await page.locator("#loginId").fill("kaori");
      await page.locator("#password").fill(strongPassword);
      await page.locator("form[action='/login'] button[type=submit]").click();
      await page
        .waitForURL((url) => url.origin === exampleOrigin && url.pathname === "/", {
          timeout: 15_000,
        })
        .catch(async (error) => {
          throw new Error(
            `${error.message}\nat ${page.url()}:\n${(await page.content()).slice(0, 3000)}`,
          );
        });
      assert.equal((await page.locator("[data-amr]").textContent())?.trim(), "pwd");
      assert.ok((await page.locator("[data-signed-in]").textContent())?.includes("Kaori"));
      await context.close();
    });

    test(`with a passkey (${language}): the service asks for one and rekey signs the member in with it`, async () => {
      const context = await newContext(language);
      const page = await context.newPage();
      const authenticator = await addVirtualAuthenticator(page);
      await authenticator.session.send("WebAuthn.addCredential", {
        authenticatorId: authenticator.authenticatorId,
        credential,
      });
      await page.goto(`${exampleOrigin}/?lang=${language}`);
      await page
        .getByRole("link", {
          name: language === "ja" ? "パスキーでログイン" : "Sign in with a passkey",
        })
        .click();
      await page.waitForURL((url) => url.origin === portal.origin && url.pathname === "/login");
      // The autofill request finds the resident passkey and signs in; the button does the same.
      const button = page.locator("[data-passkey-ceremony] button").first();
      if (await button.isVisible().catch(() => false)) await button.click().catch(() => {});
      await page.waitForURL((url) => url.origin === exampleOrigin && url.pathname === "/", {
        timeout: 15_000,
      });
      assert.equal((await page.locator("[data-amr]").textContent())?.trim(), "hwk");
      assert.equal((await page.locator("[data-acr]").textContent())?.trim(), "phr");
      await context.close();
    });
  }
});
