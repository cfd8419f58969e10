import type { Messages } from "../../src/i18n";
import { formatDateTime } from "../format";
import type { PageContext } from "../page-context";
import { DataTable } from "./table";

export interface SignInView {
  occurredAt: Date;
  /** "reset-pending": the right or wrong password of an account waiting for its forced reset. */
  outcome: "success" | "failure" | "refused" | "reset-pending";
  /** Proven (or attempted) with a passkey rather than a password. */
  passkey: boolean;
  /** A confirmation of who it is by a signed-in member, not a sign-in. */
  reauthentication: boolean;
  /** A new password set through an e-mailed reset link. */
  resetLink?: boolean;
  device: string | null;
  ipAddress: string | null;
}

/** What happened, in the member's words: a confirmation is not a sign-in, a refusal not a typo. */
export function describeSignIn(event: SignInView, t: Messages): { label: string; ok: boolean } {
  switch (event.outcome) {
    case "success":
      return {
        ok: true,
        label: event.resetLink
          ? t.activityResultResetLink
          : event.passkey
            ? event.reauthentication
              ? t.activityResultPasskeyConfirmed
              : t.activityResultPasskeySuccess
            : event.reauthentication
              ? t.activityResultConfirmed
              : t.activityResultSuccess,
      };
    case "failure":
      return {
        ok: false,
        label: event.passkey
          ? t.activityResultPasskeyFailure
          : event.reauthentication
            ? t.activityResultConfirmFailure
            : t.activityResultFailure,
      };
    case "reset-pending":
      return { ok: false, label: t.activityResultResetPending };
    case "refused":
      return {
        ok: false,
        label: event.passkey ? t.activityResultPasskeyRefused : t.activityResultRefused,
      };
  }
}

/** Sign-in attempts, newest first: the member's activity page and the admin's member page. */
export function SignInTable(props: { page: PageContext; events: SignInView[] }) {
  const t = props.page.messages;
  const language = props.page.language;
  if (props.events.length === 0) return <p>{t.activityNone}</p>;
  return (
    <DataTable headings={[t.activityWhen, t.activityResult, t.activityDevice, t.activityIpAddress]}>
      {props.events.map((event) => {
        const described = describeSignIn(event, t);
        return (
          <tr>
            <td>{formatDateTime(event.occurredAt, language)}</td>
            <td>
              <span
                class={described.ok ? "badge ok" : "badge warn"}
                data-sign-in-method={event.passkey ? "passkey" : "password"}
                data-sign-in-outcome={event.outcome}
              >
                {described.label}
              </span>
            </td>
            <td>{event.device ?? t.sessionsUnknownDevice}</td>
            <td>{event.ipAddress ?? "—"}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
