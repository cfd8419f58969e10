import { Writable } from "node:stream";
import { and, desc, eq } from "drizzle-orm";
import { pino } from "pino";
import { outboxMessage } from "../../src/db/schema";
import type { CeremonyOverrides, SoftwareAuthenticator } from "./authenticator";
import { registerAndSignIn, type TestBrowser } from "./browser";
import { createTestPortal, type TestPortal } from "./harness";
import { messageText } from "./mail";

export type LogLine = Record<string, unknown> & { msg: string; level: number };

/** A portal whose log lines the test can read, to prove what was (and was not) logged. */
export function createLoggedPortal(): TestPortal & { logs: LogLine[] } {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  return { ...createTestPortal({}, { logger: pino({ level: "info" }, sink) }), logs };
}

/** Asks for enrolment options and answers them with the authenticator, as the page script does. */
export async function enrolPasskey(
  browser: TestBrowser,
  authenticator: SoftwareAuthenticator,
  overrides: CeremonyOverrides = {},
) {
  const options = await browser.postJson("/account/passkeys/registration-options", {});
  if (options.status !== 200) return options;
  const response = authenticator.createCredential(options.json as never, overrides);
  return browser.postJson("/account/passkeys/registration", { response });
}

/** A discoverable sign-in: options, the authenticator's assertion, verification. */
export async function signInWithPasskey(
  browser: TestBrowser,
  authenticator: SoftwareAuthenticator,
  overrides: CeremonyOverrides & { next?: string } = {},
) {
  const options = await browser.postJson("/login/passkey-options", {});
  const response = authenticator.getAssertion(options.json as never, overrides);
  return browser.postJson("/login/passkey", { response, next: overrides.next });
}

export async function reauthenticateWithPasskey(
  browser: TestBrowser,
  authenticator: SoftwareAuthenticator,
  next: string,
) {
  const options = await browser.postJson("/reauthenticate/passkey-options", {});
  const response = authenticator.getAssertion(options.json as never);
  return browser.postJson("/reauthenticate/passkey", { response, next });
}

/** The newest link starting with `pathPrefix` in the newest e-mail of `kind` to `recipient`. */
export async function emailedLink(
  portal: TestPortal,
  options: { kind: string; pathPrefix: string; recipient?: string },
): Promise<string | undefined> {
  const rows = await portal.deps.database
    .select()
    .from(outboxMessage)
    .where(
      and(
        eq(outboxMessage.kind, options.kind),
        options.recipient ? eq(outboxMessage.recipient, options.recipient) : undefined,
      ),
    )
    .orderBy(desc(outboxMessage.id));
  for (const row of rows) {
    const match = messageText(row).match(
      new RegExp(`https?://[^\\s]*${options.pathPrefix}[^\\s]+`),
    );
    if (match) return new URL(match[0]).pathname;
  }
  return undefined;
}

/** Opens an e-mailed link and presses its button, as the member would (GET shows, POST acts). */
export async function followEmailedLink(browser: TestBrowser, path: string) {
  const page = await browser.get(path);
  if (page.status !== 200) return page;
  return browser.post(path, {});
}

/** Registers, signs in and confirms the address from the verification e-mail. */
export async function registerConfirmedMember(
  portal: TestPortal,
  options: Parameters<typeof registerAndSignIn>[1] = {},
): Promise<TestBrowser> {
  const browser = await registerAndSignIn(portal, options);
  const email = options.email ?? `${options.loginId ?? "taro"}@example.jp`;
  const link = await emailedLink(portal, {
    kind: "email-verification",
    pathPrefix: "/verify-email/",
    recipient: email,
  });
  if (!link) throw new Error("no verification e-mail");
  const confirmed = await followEmailedLink(browser, link);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status}`);
  return browser;
}

/** Confirms the signed-in member's address: asks for a fresh link and follows it. */
export async function confirmOwnAddress(portal: TestPortal, browser: TestBrowser): Promise<void> {
  await browser.post("/account/email/resend", {});
  const link = await emailedLink(portal, {
    kind: "email-verification",
    pathPrefix: "/verify-email/",
  });
  if (!link) throw new Error("no verification e-mail");
  const confirmed = await followEmailedLink(browser, link);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status}`);
}

/**
 * Enrols a passkey the way a member who means it does: the address confirmed first (no passkey
 * before that), and, when the enrolment came from a password-only session and so waits for the
 * e-mail confirmation, the confirmation link followed. The passkey can sign in afterwards.
 */
export async function enrolConfirmedPasskey(
  portal: TestPortal,
  browser: TestBrowser,
  authenticator: SoftwareAuthenticator,
  overrides: CeremonyOverrides = {},
) {
  let enrolled = await enrolPasskey(browser, authenticator, overrides);
  if (enrolled.status === 403 && enrolled.json.location === "/account/email") {
    await confirmOwnAddress(portal, browser);
    enrolled = await enrolPasskey(browser, authenticator, overrides);
  }
  if (enrolled.status !== 200 || !String(enrolled.json.location).endsWith("done=pending")) {
    return enrolled;
  }
  const link = await emailedLink(portal, {
    kind: "passkey-added",
    pathPrefix: "/passkeys/confirm/",
  });
  if (!link) throw new Error("no passkey confirmation e-mail");
  const confirmed = await followEmailedLink(browser, link);
  if (confirmed.status !== 200) throw new Error(`passkey confirmation failed: ${confirmed.status}`);
  return enrolled;
}
