import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Member } from "../accounts/members";
import { member, oidcSubject } from "../db/schema";
import type { Deps } from "../deps";

/**
 * The `sub` of a member, the same at every client and forever (OIDC Core s2: "locally unique and
 * never reassigned"): the member's external ID when the service imported them with one, else 128
 * random bits. Fixed at the first OpenID Connect sign-in, so a later edit of the external ID does
 * not make the member a stranger to the services they already use.
 */
export async function subjectForMember(
  deps: Pick<Deps, "database">,
  target: Pick<Member, "id" | "externalId">,
): Promise<string> {
  const [existing] = await deps.database
    .select({ subject: oidcSubject.subject })
    .from(oidcSubject)
    .where(eq(oidcSubject.memberId, target.id))
    .limit(1);
  if (existing) return existing.subject;
  const candidate = target.externalId ?? randomBytes(16).toString("base64url");
  const [inserted] = await deps.database
    .insert(oidcSubject)
    .values({ memberId: target.id, subject: candidate })
    .onConflictDoNothing()
    .returning({ subject: oidcSubject.subject });
  if (inserted) return inserted.subject;
  // A concurrent first sign-in won the race (or, vanishingly, the external ID is taken by a
  // random subject): read what is stored, or fall back to random bits.
  const [raced] = await deps.database
    .select({ subject: oidcSubject.subject })
    .from(oidcSubject)
    .where(eq(oidcSubject.memberId, target.id))
    .limit(1);
  if (raced) return raced.subject;
  const fallback = randomBytes(16).toString("base64url");
  await deps.database.insert(oidcSubject).values({ memberId: target.id, subject: fallback });
  return fallback;
}

export async function findMemberBySubject(
  deps: Pick<Deps, "database">,
  subject: string,
): Promise<Member | null> {
  const [row] = await deps.database
    .select({ member })
    .from(oidcSubject)
    .innerJoin(member, eq(member.id, oidcSubject.memberId))
    .where(eq(oidcSubject.subject, subject))
    .limit(1);
  return row?.member ?? null;
}
