import { Hono } from "hono";
import { PasskeysPage } from "../../views/pages/passkeys";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { Messages } from "../i18n";
import { describeDevice } from "../sessions/device";
import { isRecentlyAuthenticated } from "../sessions/sessions";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import {
  hasRecentAuthentication,
  recentAuthenticationInMinutes,
  requireMember,
  requireRecentAuthentication,
  signedInOf,
} from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { passkeyCeremonyRoutes } from "./ceremony-routes";
import { passkeyConfirmationRoutes } from "./confirmation-routes";
import { deletePasskey, listMemberPasskeys, renamePasskey } from "./credentials";
import { maximumPasskeyNameLength, normalizePasskeyName } from "./names";
import { answerPasskeyNudge } from "./nudges";
import { removeMemberPassword } from "./passwordless";
import { keepSuspendedPasskey, proofForKeeping, toSuspendedPasskeyView } from "./trust";

const notices = {
  added: "passkeysAdded",
  pending: "passkeysPending",
  kept: "passkeysKept",
  renamed: "passkeysRenamed",
  deleted: "passkeysDeleted",
  "password-removed": "passwordlessDone",
} as const satisfies Record<string, keyof Messages>;

/** The passkeys page, its forms (rename, remove, go passwordless) and the nudge answers. */
export function passkeyRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", passkeyCeremonyRoutes(deps));
  app.route("/", passkeyConfirmationRoutes(deps, assets));
  // Removing a way to sign in needs a fresh sign-in; the detour returns to this page.
  const requireFreshSignIn = requireRecentAuthentication(deps, {
    returnPathAfterPost: "/account/passkeys",
  });

  const renderPasskeys = async (
    c: AppContext,
    options: { notice?: string | null; error?: string; status?: 200 | 400 | 409 },
  ) => {
    const { member } = signedInOf(c);
    const passkeys = await listMemberPasskeys(deps.database, member.id);
    return c.html(
      <PasskeysPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        passkeys={passkeys
          .filter((passkey) => passkey.suspendedAt === null)
          .map((passkey) => ({
            id: passkey.id,
            name: passkey.name,
            synced: passkey.deviceType === "multiDevice",
            createdAt: passkey.createdAt,
            lastUsedAt: passkey.lastUsedAt,
            awaitingConfirmation: passkey.confirmedAt === null,
          }))}
        suspendedPasskeys={passkeys
          .filter((passkey) => passkey.suspendedAt !== null)
          .map((passkey) => toSuspendedPasskeyView(passkey, describeDevice))}
        hasPassword={member.passwordHash !== null}
        mayEnrol={hasRecentAuthentication(c, deps)}
        notice={options.notice ?? null}
        error={options.error ?? null}
        maximumNameLength={maximumPasskeyNameLength}
      />,
      options.status ?? 200,
    );
  };

  app.get("/account/passkeys", requireMember(), (c) => {
    const done = c.req.query("done");
    const key = done && Object.hasOwn(notices, done) ? notices[done as keyof typeof notices] : null;
    return renderPasskeys(c, { notice: key ? c.get("messages")[key] : null });
  });

  app.post("/account/passkeys/rename", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    const form = c.get("form");
    const messages = c.get("messages");
    const passkeyId = parsePasskeyId(formText(form, "passkeyId"));
    const name = normalizePasskeyName(formText(form, "name"));
    if ("problem" in name) {
      const error =
        name.problem === "too-long"
          ? messages.passkeysNameTooLong(maximumPasskeyNameLength)
          : name.problem === "characters"
            ? messages.errorFieldCharacters
            : messages.passkeysNameRequired;
      return renderPasskeys(c, { error, status: 400 });
    }
    const renamed =
      passkeyId !== null &&
      (await renamePasskey(deps.database, { memberId: member.id, passkeyId, name: name.name }));
    if (!renamed) throw new RequestProblem(404, "errorNotFound");
    return c.redirect("/account/passkeys?done=renamed", 303);
  });

  app.post("/account/passkeys/delete", requireFreshSignIn, async (c) => {
    const { member } = signedInOf(c);
    const passkeyId = parsePasskeyId(formText(c.get("form"), "passkeyId"));
    if (passkeyId === null) throw new RequestProblem(404, "errorNotFound");
    const outcome = await runInTransaction(deps.database, (database) =>
      deletePasskey(database, { memberId: member.id, passkeyId, now: deps.clock.now() }),
    );
    if (outcome === "not-found") throw new RequestProblem(404, "errorNotFound");
    if (outcome === "last-sign-in-method") {
      return renderPasskeys(c, { error: c.get("messages").passkeysDeleteRefused, status: 409 });
    }
    deps.logger.info(
      { event: "passkey removed", memberId: member.id, passkeyId },
      "passkey removed",
    );
    return c.redirect("/account/passkeys?done=deleted", 303);
  });

  // Keeping a suspended passkey needs the proof its enrolment lacked: the reset's e-mail link
  // followed since the suspension, or a recent passkey sign-in. Removing one uses the delete above.
  app.post("/account/passkeys/keep", requireFreshSignIn, async (c) => {
    const { member, session } = signedInOf(c);
    const passkeyId = parsePasskeyId(formText(c.get("form"), "passkeyId"));
    const stored = (await listMemberPasskeys(deps.database, member.id)).find(
      (passkey) => passkey.id === passkeyId && passkey.suspendedAt !== null,
    );
    if (!stored) throw new RequestProblem(404, "errorNotFound");
    const proof = proofForKeeping(member, stored, {
      provenWithPasskey: isRecentlyAuthenticated(session, deps.clock.now(), {
        maximumAgeInMinutes: recentAuthenticationInMinutes,
        method: "passkey",
      }),
    });
    if (!proof) {
      return renderPasskeys(c, { error: c.get("messages").passkeysKeepNeedsProof, status: 409 });
    }
    await keepSuspendedPasskey(deps.database, {
      memberId: member.id,
      passkeyId: stored.id,
      proof,
      now: deps.clock.now(),
    });
    deps.logger.info({ event: "passkey kept", memberId: member.id, passkeyId }, "passkey kept");
    return c.redirect("/account/passkeys?done=kept", 303);
  });

  app.post("/account/password/remove", requireFreshSignIn, async (c) => {
    const { member } = signedInOf(c);
    if (!(await removeMemberPassword(deps, member.id))) {
      return renderPasskeys(c, { error: c.get("messages").passwordlessRefused, status: 409 });
    }
    return c.redirect("/account/passkeys?done=password-removed", 303);
  });

  app.post("/account/passkey-nudge", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    const answer = formText(c.get("form"), "answer");
    if (answer !== "not-now" && answer !== "never")
      throw new RequestProblem(400, "errorBadRequest");
    await answerPasskeyNudge(deps, { memberId: member.id, answer });
    return c.redirect("/account", 303);
  });

  return app;
}

function parsePasskeyId(value: string): number | null {
  return /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : null;
}
