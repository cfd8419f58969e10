import { Hono } from "hono";
import type { Config } from "../config";
import { guardPasskeyOptions } from "../defence/passkey-options-guard";
import type { Deps } from "../deps";
import type { Messages } from "../i18n";
import {
  createSession,
  isRecentlyAuthenticated,
  markSessionAuthenticated,
} from "../sessions/sessions";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppContext, AppEnv } from "../web/context";
import { clearCookie, readCookie, writeCookie } from "../web/cookies";
import {
  hasRecentAuthentication,
  reauthenticationPath,
  recentAuthenticationInMinutes,
} from "../web/guards";
import { safeNextPath } from "../web/page";
import { startBrowserSession } from "../web/session-cookie";
import { finishPasskeyAssertion, startPasskeyAssertion } from "./authentication";
import { generateBrowserBindingSecret } from "./challenges";
import { countUsablePasskeys } from "./credentials";
import { passkeyCeremonyEndpoints as endpoints } from "./endpoints";
import {
  type EnrolmentFailure,
  finishPasskeyEnrolment,
  mayEnrolPasskey,
  startPasskeyEnrolment,
} from "./enrolment";
import { ceremonyTimeoutInSeconds } from "./relying-party";
import { completePasskeySignIn, recordPasskeyFailure } from "./sign-in-attempts";

const browserSecretPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * The JSON endpoints of views/scripts/passkeys.ts: each ceremony fetches options, then posts the
 * authenticator's answer. Answers are `{ location }` to go to, or `{ message }` (and perhaps a
 * `location` to re-authenticate) with a 4xx. CSRF is checked by the app-wide middleware.
 */
export function passkeyCeremonyRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Each call writes a challenge row: the source guard comes first (throttle before work).
  app.post(
    endpoints["sign-in"].options,
    guardPasskeyOptions(deps, { method: "passkey" }),
    async (c) => {
      // Several tabs may wait for a passkey at once, so an existing binding cookie is kept.
      const secret = browserSecretOf(c, deps.config) ?? generateBrowserBindingSecret();
      writeCookie(c, deps.config, "passkey", secret, {
        maxAgeInSeconds: ceremonyTimeoutInSeconds,
      });
      const binding = { browserSecret: secret };
      return c.json(await startPasskeyAssertion(deps, { purpose: "authentication", binding }));
    },
  );

  app.post(endpoints["sign-in"].verify, async (c) => {
    const messages = c.get("messages");
    const body = jsonBodyOf(c);
    const secret = browserSecretOf(c, deps.config);
    const result = secret
      ? await finishPasskeyAssertion(deps, {
          purpose: "authentication",
          binding: { browserSecret: secret },
          response: body.response,
        })
      : ({ ok: false, reason: "no-challenge" } as const);
    clearCookie(c, deps.config, "passkey");
    if (!result.ok) {
      const { reason } = result;
      await recordPasskeyFailure(deps, c, { method: "passkey", reason, response: body.response });
      const message =
        reason === "no-challenge" ? messages.passkeyExpired : messages.passkeySignInFailed;
      return c.json({ message }, 400);
    }
    await completePasskeySignIn(deps, c, { method: "passkey", member: result.member });
    const { token } = await createSession(deps, {
      memberId: result.member.id,
      ipAddress: clientIpAddress(c),
      userAgent: clientUserAgent(c),
      method: "passkey",
    });
    startBrowserSession(c, deps.config, token);
    deps.logger.info(
      { memberId: result.member.id, passkeyId: result.passkey.id },
      "signed in with passkey",
    );
    // Only a passkey in good standing gets here (finishPasskeyAssertion). On an account waiting
    // for its forced reset it may sign in, but the compromised password must still be replaced.
    const location = result.member.resetRequiredAt
      ? "/account/password?reset=required"
      : safeNextPath(textOf(body.next));
    return c.json({ location });
  });

  app.post(endpoints.register.options, async (c) => {
    const signedIn = c.get("signedIn");
    if (!signedIn || !hasRecentAuthentication(c, deps)) return refuseUntilConfirmed(c);
    if (!mayEnrolPasskey(signedIn.member)) return refuseUntilAddressConfirmed(c);
    const binding = { sessionId: signedIn.session.id };
    return c.json(await startPasskeyEnrolment(deps, { member: signedIn.member, binding }));
  });

  app.post(endpoints.register.verify, async (c) => {
    const signedIn = c.get("signedIn");
    if (!signedIn || !hasRecentAuthentication(c, deps)) return refuseUntilConfirmed(c);
    if (!mayEnrolPasskey(signedIn.member)) return refuseUntilAddressConfirmed(c);
    const messages = c.get("messages");
    // A recent sign-in with a password alone is what an attacker replaying a leaked list has;
    // only a recent passkey proof lets the new passkey work at once (see finishPasskeyEnrolment).
    const provenWithPasskey = isRecentlyAuthenticated(signedIn.session, deps.clock.now(), {
      maximumAgeInMinutes: recentAuthenticationInMinutes,
      method: "passkey",
    });
    const result = await finishPasskeyEnrolment(deps, {
      member: signedIn.member,
      binding: { sessionId: signedIn.session.id },
      response: jsonBodyOf(c).response,
      proof: provenWithPasskey ? "passkey" : "password",
      ipAddress: clientIpAddress(c),
      userAgent: clientUserAgent(c),
      fallbackName: messages.passkeysDefaultName,
    });
    if (!result.ok) {
      return c.json({ message: describeEnrolmentFailure(result.reason, messages) }, 400);
    }
    const done = result.passkey.confirmedAt === null ? "pending" : "added";
    return c.json({ location: `/account/passkeys?done=${done}` });
  });

  const guardReauthenticationOptions = guardPasskeyOptions(deps, {
    method: "passkey-reauthentication",
  });

  app.post(endpoints.reauthenticate.options, guardReauthenticationOptions, async (c) => {
    const signedIn = c.get("signedIn");
    if (!signedIn) return refuseUntilConfirmed(c);
    const memberId = signedIn.member.id;
    if ((await countUsablePasskeys(deps.database, memberId)) === 0) {
      return c.json({ message: c.get("messages").passkeyFailed }, 400);
    }
    const binding = { sessionId: signedIn.session.id };
    return c.json(
      await startPasskeyAssertion(deps, { purpose: "reauthentication", binding, memberId }),
    );
  });

  app.post(endpoints.reauthenticate.verify, async (c) => {
    const signedIn = c.get("signedIn");
    if (!signedIn) return refuseUntilConfirmed(c);
    const body = jsonBodyOf(c);
    const result = await finishPasskeyAssertion(deps, {
      purpose: "reauthentication",
      binding: { sessionId: signedIn.session.id },
      response: body.response,
      memberId: signedIn.member.id,
    });
    if (!result.ok) {
      await recordPasskeyFailure(deps, c, {
        method: "passkey-reauthentication",
        reason: result.reason,
        response: body.response,
        memberId: signedIn.member.id,
      });
      return c.json({ message: c.get("messages").passkeyFailed }, 400);
    }
    await completePasskeySignIn(deps, c, {
      method: "passkey-reauthentication",
      member: signedIn.member,
    });
    await markSessionAuthenticated(deps, signedIn.session.id, { method: "passkey" });
    deps.logger.info(
      { memberId: signedIn.member.id, passkeyId: result.passkey.id },
      "re-authenticated with passkey",
    );
    return c.json({ location: safeNextPath(textOf(body.next)) });
  });

  return app;
}

/** Not signed in, or signed in too long ago: the script sends the member where they can confirm. */
function refuseUntilConfirmed(c: AppContext): Response {
  const message = c.get("messages").passkeyConfirmFirst;
  if (!c.get("signedIn")) {
    return c.json({ message, location: "/login?next=%2Faccount%2Fpasskeys" }, 401);
  }
  return c.json({ message, location: reauthenticationPath("/account/passkeys") }, 403);
}

/** Finding 5 of issue 15: no passkey before the address is confirmed; the page says how. */
function refuseUntilAddressConfirmed(c: AppContext): Response {
  return c.json(
    { message: c.get("messages").passkeyEmailUnconfirmed, location: "/account/email" },
    403,
  );
}

function browserSecretOf(c: AppContext, config: Config): string | undefined {
  const value = readCookie(c, config, "passkey");
  return value && browserSecretPattern.test(value) ? value : undefined;
}

/** The JSON body the CSRF middleware parsed, as an object (anything else reads as empty). */
export function jsonBodyOf(c: AppContext): Record<string, unknown> {
  const body = c.get("json");
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Why an enrolment failed, in the member's words (shared with the reset-to-passkey grant). */
export function describeEnrolmentFailure(reason: EnrolmentFailure, messages: Messages): string {
  return {
    "no-challenge": messages.passkeyExpired,
    invalid: messages.passkeyFailed,
    "already-registered": messages.passkeyAlreadyRegistered,
    "email-unconfirmed": messages.passkeyEmailUnconfirmed,
  }[reason];
}
