import { formatDateTime } from "../format";
import type { PageContext } from "../page-context";
import { CsrfField } from "./form";

export interface SuspendedPasskeyView {
  id: number;
  name: string;
  createdAt: Date;
  /** The device (from the user agent) and address the passkey was enrolled from. */
  device: string | null;
  ipAddress: string | null;
}

/**
 * The passkeys a forced reset suspended, each with a Keep and a Remove form. Used after the reset
 * (forms authorised by the reset's grant) and on the passkeys page (by the session).
 */
export function SuspendedPasskeys(props: {
  page: PageContext;
  csrfToken: string;
  passkeys: SuspendedPasskeyView[];
  keepAction: string;
  removeAction: string;
}) {
  const t = props.page.messages;
  if (props.passkeys.length === 0) return null;
  return (
    <section aria-labelledby="suspended-passkeys-title" data-section="suspended-passkeys">
      <h2 id="suspended-passkeys-title">{t.passkeysSuspendedTitle}</h2>
      <p>{t.passkeysSuspendedIntro}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.passkeysName}</th>
              <th scope="col">{t.passkeysCreated}</th>
              <th scope="col">{t.passkeysEnrolledFrom}</th>
              <th scope="col">{t.passkeysActions}</th>
            </tr>
          </thead>
          <tbody>
            {props.passkeys.map((passkey) => (
              <tr data-suspended-passkey={String(passkey.id)}>
                <td data-field="passkeyName">{passkey.name}</td>
                <td>{formatDateTime(passkey.createdAt, props.page.language)}</td>
                <td data-field="enrolledFrom">
                  {[passkey.device, passkey.ipAddress].filter(Boolean).join(", ") ||
                    t.passkeysUnknownOrigin}
                </td>
                <td>
                  <form method="post" action={props.keepAction} class="row-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="passkeyId" value={String(passkey.id)} />
                    <button type="submit" aria-label={t.passkeysKeepLabel(passkey.name)}>
                      {t.passkeysKeep}
                    </button>
                  </form>
                  <form method="post" action={props.removeAction} class="row-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="passkeyId" value={String(passkey.id)} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={t.passkeysDeleteLabel(passkey.name)}
                    >
                      {t.passkeysDelete}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
