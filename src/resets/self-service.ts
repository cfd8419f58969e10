import { eq } from "drizzle-orm";
import { classifySignInIdentifier } from "../accounts/identifiers";
import { member, resetRequest } from "../db/schema";
import type { Deps } from "../deps";

/**
 * "Forgot password", the part inside the request: one lookup and one queued row, the same two
 * statements whether or not the ID or address belongs to an account, so neither the answer nor
 * its timing says which (ASVS 2.5, the README's security model). The reset-request worker
 * (reset-request-worker.ts) issues the link and queues the e-mail afterwards, outside the request.
 */
export async function queueSelfServiceReset(
  deps: Pick<Deps, "database" | "clock">,
  identifier: string,
): Promise<void> {
  const classified = classifySignInIdentifier(identifier);
  const memberId = classified
    ? await findMemberIdFor(deps, classified)
    : // Not an ID or an address at all: no account can match, nothing to look up.
      null;
  await deps.database.insert(resetRequest).values({ memberId, requestedAt: deps.clock.now() });
}

async function findMemberIdFor(
  deps: Pick<Deps, "database">,
  classified: NonNullable<ReturnType<typeof classifySignInIdentifier>>,
): Promise<number | null> {
  const condition =
    classified.kind === "email"
      ? eq(member.email, classified.email)
      : eq(member.loginId, classified.loginId);
  const [row] = await deps.database
    .select({ id: member.id })
    .from(member)
    .where(condition)
    .limit(1);
  return row?.id ?? null;
}
