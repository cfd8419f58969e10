import type { Database } from "../db/connection";
import type { Deps } from "../deps";
import { queueEmails } from "../mail/outbox";
import { issueOneTimeToken } from "../tokens/one-time-tokens";
import type { CreatedMember } from "./store-batch";

/** An invitation waits longer than a self-service reset: members read migration mail late. */
export const setPasswordLinkLifetimeInDays = 7;

/**
 * Mails each new member who came without a password a single-use link to set one (a
 * `password-reset` token, so the reset page, its throttles and its policy check apply), through
 * the outbox in the batch's transaction. Members who prefer a passkey can ignore it.
 */
export async function queueSetPasswordLinks(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  importId: number,
  created: readonly CreatedMember[],
): Promise<number> {
  const invited = created.filter((owner) => !owner.hasPassword);
  const emails = [];
  for (const owner of invited) {
    const token = await issueOneTimeToken(
      { database, clock: deps.clock },
      {
        purpose: "password-reset",
        memberId: owner.id,
        expiresInSeconds: setPasswordLinkLifetimeInDays * 86_400,
        payload: "self-service",
      },
    );
    emails.push({
      idempotencyKey: `import-set-password:${importId}:${owner.id}`,
      memberId: owner.id,
      recipient: owner.email,
      language: owner.language ?? "en",
      template: {
        kind: "set-password-invitation" as const,
        loginId: owner.loginId,
        setPasswordUrl: new URL(`/reset/${token.value}`, deps.config.origin).href,
        expiresInDays: setPasswordLinkLifetimeInDays,
      },
    });
  }
  if (emails.length > 0) await queueEmails(database, deps.clock, emails);
  return emails.length;
}
