import { Writable } from "node:stream";
import { pino } from "pino";
import type { CeremonyOverrides, SoftwareAuthenticator } from "./authenticator";
import type { TestBrowser } from "./browser";
import { createTestPortal, type TestPortal } from "./harness";

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
