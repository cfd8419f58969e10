import { Hono } from "hono";
import type { Deps } from "../deps";
import { describeEnrolmentFailure, jsonBodyOf } from "../passkeys/ceremony-routes";
import { passkeyCeremonyEndpoints } from "../passkeys/endpoints";
import { finishPasskeyEnrolment, startPasskeyEnrolment } from "../passkeys/enrolment";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppEnv } from "../web/context";
import { clearCookie, readCookie } from "../web/cookies";
import { findPasskeyGrantOwner, spendPasskeyGrant } from "./passkey-grant";

const endpoints = passkeyCeremonyEndpoints["enrol-after-reset"];

/** The enrolment ceremony a just-completed reset allows: one passkey, no session. */
export function resetPasskeyRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(endpoints.options, async (c) => {
    const grant = readCookie(c, deps.config, "passkeyGrant");
    const owner = await findPasskeyGrantOwner(deps, grant);
    if (!owner || !grant) return c.json({ message: c.get("messages").passkeyExpired }, 403);
    return c.json(
      await startPasskeyEnrolment(deps, { member: owner, binding: { browserSecret: grant } }),
    );
  });

  app.post(endpoints.verify, async (c) => {
    const grant = readCookie(c, deps.config, "passkeyGrant");
    const owner = await findPasskeyGrantOwner(deps, grant);
    const messages = c.get("messages");
    if (!owner || !grant) return c.json({ message: messages.passkeyExpired }, 403);
    const result = await finishPasskeyEnrolment(deps, {
      member: owner,
      binding: { browserSecret: grant },
      response: jsonBodyOf(c).response,
      // The grant comes from a completed reset link: the mailbox vouches for this passkey.
      proof: "email",
      ipAddress: clientIpAddress(c),
      userAgent: clientUserAgent(c),
      fallbackName: messages.passkeysDefaultName,
    });
    if (!result.ok) {
      return c.json({ message: describeEnrolmentFailure(result.reason, messages) }, 400);
    }
    await spendPasskeyGrant(deps, grant);
    clearCookie(c, deps.config, "passkeyGrant");
    return c.json({ location: "/login?passkey=added" });
  });

  return app;
}
