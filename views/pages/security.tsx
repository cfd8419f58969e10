import type { Messages } from "../../src/i18n";
import { PasskeyNudge } from "../components/passkey-nudge";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface SecurityView {
  hasPassword: boolean;
  passwordAgeInDays: number | null;
  health: "ok" | "weak" | "similar" | "breached" | null;
  reasons: string[];
  checkedAt: Date | null;
  passkeyCount: number;
  activeSessions: number;
  /** The last check found the password among this member's earlier ones. */
  reused: boolean;
  /** The age after which a password is old (the reminder policy); null when not judged. */
  maximumAgeInDays: number | null;
  resetPending: boolean;
}

type CheckState = "ok" | "problem" | "suggestion" | "unknown";

interface CheckItem {
  id: "breached" | "weak" | "reused" | "old" | "passkey";
  title: string;
  state: CheckState;
  text: string;
  action: { href: string; label: string };
}

/** The items of the check-up, each with a state and the one action that deals with it. */
export function checkupItems(view: SecurityView, t: Messages): CheckItem[] {
  const change = {
    href: view.resetPending ? "/account/password?reset=required" : "/account/password",
    label: view.resetPending ? t.checkupSetNewPassword : t.checkupChangePassword,
  };
  const passwordItem = (
    id: CheckItem["id"],
    title: string,
    judge: () => { state: CheckState; text: string },
  ): CheckItem =>
    view.hasPassword
      ? { id, title, action: change, ...judge() }
      : { id, title, state: "ok", text: t.checkupNoPassword, action: change };
  const unknown = { state: "unknown" as const, text: t.checkupUnknownText };
  const age = view.passwordAgeInDays ?? 0;
  const ageText = t.securityPasswordAge(age);
  return [
    passwordItem("breached", t.checkupBreached, () =>
      view.health === null
        ? unknown
        : view.health === "breached"
          ? { state: "problem", text: t.checkupBreachedProblem }
          : { state: "ok", text: t.checkupBreachedOk },
    ),
    passwordItem("weak", t.checkupWeak, () =>
      view.health === null
        ? unknown
        : view.health === "weak"
          ? { state: "problem", text: t.checkupWeakProblem }
          : view.health === "similar"
            ? { state: "problem", text: t.checkupSimilarProblem }
            : { state: "ok", text: t.checkupWeakOk },
    ),
    passwordItem("reused", t.checkupReused, () =>
      view.reused
        ? { state: "problem", text: t.checkupReusedProblem }
        : { state: "ok", text: t.checkupReusedOk },
    ),
    passwordItem("old", t.checkupOld, () =>
      view.maximumAgeInDays !== null && age > view.maximumAgeInDays
        ? { state: "problem", text: t.checkupOldProblem(ageText, view.maximumAgeInDays) }
        : { state: "ok", text: t.checkupOldOk(ageText) },
    ),
    view.passkeyCount > 0
      ? {
          id: "passkey",
          title: t.checkupPasskey,
          state: "ok",
          text: t.checkupPasskeyOk(view.passkeyCount),
          action: { href: "/account/passkeys", label: t.checkupManagePasskeys },
        }
      : {
          id: "passkey",
          title: t.checkupPasskey,
          state: "suggestion",
          text: t.checkupPasskeySuggestion,
          action: { href: "/account/passkeys", label: t.checkupAddPasskey },
        },
  ];
}

/** A status icon; decorative, since the state is also written out beside it. */
function StateIcon(props: { state: CheckState | "reset" }) {
  const problem = props.state === "problem" || props.state === "reset";
  return (
    <svg class={`checkup-icon checkup-icon-${props.state}`} viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="11" />
      {props.state === "ok" ? (
        <path d="M6.5 12.5l3.5 3.5 7.5-8" />
      ) : problem ? (
        <path d="M12 6v7M12 16.5v1.5" />
      ) : (
        <path d="M12 7v1.5M12 11v6" />
      )}
    </svg>
  );
}

/**
 * The member's security check-up, in the style of Google Password Checkup: one overall status
 * at the top, then leaked / weak / reused / old / passkey, each with an icon, its state in
 * words and one action.
 */
export function SecurityPage(props: {
  page: PageContext;
  csrfToken: string;
  view: SecurityView;
  offerPasskey: boolean;
}) {
  const t = props.page.messages;
  const { view } = props;
  const items = checkupItems(view, t);
  const problems = items.filter((item) => item.state === "problem").length;
  const overall = view.resetPending ? "reset" : problems > 0 ? "problem" : "ok";
  const stateLabels: Record<CheckState, string> = {
    ok: t.checkupStateOk,
    problem: t.checkupStateProblem,
    suggestion: t.checkupStateSuggestion,
    unknown: t.checkupStateUnknown,
  };
  return (
    <Layout page={props.page} title={t.checkupTitle}>
      <h1>{t.checkupTitle}</h1>
      <section class={`checkup-summary checkup-summary-${overall}`} data-checkup-overall={overall}>
        <StateIcon state={overall === "ok" ? "ok" : overall} />
        <div>
          <h2>
            {overall === "reset"
              ? t.checkupResetPending
              : overall === "problem"
                ? t.checkupProblems(problems)
                : t.checkupAllGood}
          </h2>
          <p>
            {overall === "reset"
              ? t.checkupResetPendingText
              : overall === "problem"
                ? t.checkupProblemsText
                : t.checkupAllGoodText}
          </p>
          {view.checkedAt && (
            <p class="hint">
              {t.checkupCheckedAt(formatDateTime(view.checkedAt, props.page.language))}
            </p>
          )}
        </div>
      </section>
      <ul class="checkup-list">
        {items.map((item) => (
          <li
            class={`checkup-item checkup-${item.state}`}
            data-check={item.id}
            data-state={item.state}
          >
            <StateIcon state={item.state} />
            <div class="checkup-text">
              <h3>
                {item.title}{" "}
                <span
                  class={
                    item.state === "ok"
                      ? "badge ok"
                      : item.state === "problem"
                        ? "badge warn"
                        : "badge"
                  }
                >
                  {stateLabels[item.state]}
                </span>
              </h3>
              <p>{item.text}</p>
              {item.id === "weak" && item.state === "problem" && view.reasons.length > 0 && (
                <ul class="hint">
                  {view.reasons.map((reason) => (
                    <li>{reason}</li>
                  ))}
                </ul>
              )}
            </div>
            <a
              class={item.state === "problem" ? "button" : "button secondary"}
              href={item.action.href}
            >
              {item.action.label}
            </a>
          </li>
        ))}
      </ul>
      {props.offerPasskey && <PasskeyNudge page={props.page} csrfToken={props.csrfToken} />}
      <p>
        {t.securitySessions}: {view.activeSessions}{" "}
        <a href="/account/sessions">{t.accountManageSessions}</a>
      </p>
      <h2>{t.securityAdviceTitle}</h2>
      <ul class="advice-list">
        <li>{t.securityAdviceReuse}</li>
        <li>{t.securityAdviceMail}</li>
        <li>{t.securityAdviceManager}</li>
      </ul>
    </Layout>
  );
}

export function PasswordWarningPage(props: {
  page: PageContext;
  reasons: string[];
  offerPasskey: boolean;
  next: string;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.warningTitle}>
      <h1>{t.warningTitle}</h1>
      <p>{t.warningIntro}</p>
      <ul>
        {props.reasons.map((reason) => (
          <li>{reason}</li>
        ))}
      </ul>
      <p class="actions account-actions">
        <a class="button" href="/account/password">
          {t.warningChangeNow}
        </a>
        {props.offerPasskey && (
          <a class="button secondary" href="/account/passkeys">
            {t.warningAddPasskey}
          </a>
        )}
        <a href={props.next}>{t.warningLater}</a>
      </p>
    </Layout>
  );
}
