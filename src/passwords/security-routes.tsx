import { Hono } from "hono";
import { PasswordWarningPage, SecurityPage } from "../../views/pages/security";
import { countMemberSessions } from "../admin/member-directory";
import type { Deps } from "../deps";
import { countMemberPasskeys } from "../passkeys/credentials";
import { shouldOfferPasskey } from "../passkeys/nudges";
import { loadReminderPolicy } from "../reminders/policy";
import type { AppEnv } from "../web/context";
import { requireMember, signedInOf } from "../web/guards";
import { pageContext, safeNextPath } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { describePasswordFinding } from "./describe";
import { recordedFindings } from "./sign-in-recheck";

const dayInMilliseconds = 86_400_000;

/** The member's security overview, and the warning shown after signing in with a weak password. */
export function securityRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/account/security", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    const messages = c.get("messages");
    const changedAt = member.passwordChangedAt?.getTime();
    return c.html(
      <SecurityPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        offerPasskey={await shouldOfferPasskey(deps, member.id)}
        view={{
          hasPassword: member.passwordHash !== null,
          passwordAgeInDays:
            changedAt === undefined
              ? null
              : Math.floor((deps.clock.now().getTime() - changedAt) / dayInMilliseconds),
          health: member.passwordHealth,
          reasons: recordedFindings(member).map((finding) =>
            describePasswordFinding(finding, messages),
          ),
          checkedAt: member.passwordCheckedAt,
          passkeyCount: await countMemberPasskeys(deps.database, member.id),
          activeSessions: await countMemberSessions(deps.database, deps.clock, member.id),
          reused: recordedFindings(member).some((finding) => finding.code === "reused"),
          maximumAgeInDays: (await loadReminderPolicy(deps.database)).ageReminderAfterDays,
          resetPending: member.resetRequiredAt !== null,
        }}
      />,
    );
  });

  app.get("/account/password-warning", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    const messages = c.get("messages");
    const reasons = recordedFindings(member)
      .filter((finding) => finding.severity === "block")
      .map((finding) => describePasswordFinding(finding, messages));
    return c.html(
      <PasswordWarningPage
        page={pageContext(c, assets)}
        reasons={reasons}
        offerPasskey={await shouldOfferPasskey(deps, member.id)}
        next={safeNextPath(c.req.query("next"))}
      />,
    );
  });

  return app;
}
