import { eq } from "drizzle-orm";
import { findPreviousEmailBeforeRecentChange } from "../accounts/email-change-history";
import type { Member } from "../accounts/members";
import { member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { startForcedResets } from "../resets/forced-reset";
import { invalidateMemberSessions } from "../sessions/sessions";
import { recordMemberEvent } from "../webhooks/events";
import type { PasswordFinding } from "./policy";

export type PasswordHealth = "ok" | "weak" | "similar" | "breached";

/** What a sign-in re-check found, worst first. */
export interface SignInRecheck {
  health: PasswordHealth;
  findings: PasswordFinding[];
}

export const breachedAtSignInReason = "password found in a breach corpus at sign-in";

/**
 * Judges the password at sign-in, the only moment the server sees it, against today's policy and
 * breach corpus, and records the verdict (never the password). A breached password is evidence
 * of compromise (NIST SP 800-63B 3.1.1.2): whoever typed it may be replaying a leaked list, so the
 * account goes into the forced-reset state, its sessions end and the owner gets a reset link.
 */
export async function recheckPasswordAtSignIn(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordPolicy">,
  owner: Member,
  password: string,
): Promise<SignInRecheck> {
  const evaluation = await deps.passwordPolicy.evaluatePasswordWithVersion(password, {
    loginId: owner.loginId,
    email: owner.email,
    inUse: true,
  });
  const findings = evaluation.findings.filter(
    (finding) => finding.code !== "short-for-single-factor",
  );
  const health = healthOf(findings);
  const now = deps.clock.now();
  const previousEmail =
    health === "breached" ? await findPreviousEmailBeforeRecentChange(deps, owner.id) : null;
  await runInTransaction(deps.database, async (database) => {
    await database
      .update(member)
      .set({
        passwordHealth: health,
        passwordHealthReasons: JSON.stringify(findings),
        passwordCheckedAt: now,
        passwordCheckCorpusVersion: evaluation.breachCorpusVersion,
        ...(health === "breached"
          ? { resetRequiredAt: now, resetReason: breachedAtSignInReason, resetJobId: null }
          : {}),
      })
      .where(eq(member.id, owner.id));
    if (health === "breached") {
      await recordMemberEvent(database, deps.clock, {
        type: "member.password_breached",
        memberId: owner.id,
        facts: { detectedAt: "sign-in", corpusVersion: evaluation.breachCorpusVersion ?? null },
      });
      await invalidateMemberSessions(database, owner.id, {
        clock: deps.clock,
        reason: "breached-password",
      });
      await startForcedResets(database, deps, [{ ...owner, previousEmail }], {
        notify: true,
        reason: breachedAtSignInReason,
        jobId: null,
      });
    }
  });
  return { health, findings };
}

export function healthOf(findings: readonly PasswordFinding[]): PasswordHealth {
  if (findings.some((finding) => finding.code === "breached")) return "breached";
  if (findings.some((finding) => finding.code === "similar")) return "similar";
  // A password below today's minimum length, or one the strength rule rejects, is weak.
  if (
    findings.some(
      (finding) =>
        finding.severity === "block" &&
        finding.code !== "breach-check-unavailable" &&
        finding.code !== "strength-check-unavailable",
    )
  )
    return "weak";
  return "ok";
}

/** The reasons recorded at the last check, for the security page and the warning. */
export function recordedFindings(owner: Pick<Member, "passwordHealthReasons">): PasswordFinding[] {
  if (!owner.passwordHealthReasons) return [];
  try {
    return JSON.parse(owner.passwordHealthReasons) as PasswordFinding[];
  } catch {
    return [];
  }
}
