import { CsrfField } from "../components/form";
import { PasskeyCeremony } from "../components/passkey-ceremony";
import { SuspendedPasskeys, type SuspendedPasskeyView } from "../components/suspended-passkeys";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface PasskeyView {
  id: number;
  name: string;
  synced: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Enrolled from a password-only session and not yet confirmed from the e-mail. */
  awaitingConfirmation: boolean;
}

export interface PasskeysPageProps {
  page: PageContext;
  csrfToken: string;
  passkeys: PasskeyView[];
  suspendedPasskeys: SuspendedPasskeyView[];
  hasPassword: boolean;
  /** False when the sign-in is too old to add a passkey without confirming first. */
  mayEnrol: boolean;
  notice: string | null;
  error: string | null;
  maximumNameLength: number;
}

export function PasskeysPage(props: PasskeysPageProps) {
  const t = props.page.messages;
  const usable = props.passkeys.filter((passkey) => !passkey.awaitingConfirmation);
  const onlyWayIn = !props.hasPassword && usable.length === 1;
  return (
    <Layout page={props.page} title={t.passkeysTitle} withPasskeyScript>
      <h1>{t.passkeysTitle}</h1>
      <p>{t.passkeysIntro}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      )}
      {props.passkeys.length === 0 ? (
        <p>{t.passkeysNone}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.passkeysName}</th>
                <th scope="col">{t.passkeysKind}</th>
                <th scope="col">{t.passkeysCreated}</th>
                <th scope="col">{t.passkeysLastUsed}</th>
                <th scope="col">{t.passkeysActions}</th>
              </tr>
            </thead>
            <tbody>
              {props.passkeys.map((passkey) => (
                <PasskeyRow {...props} passkey={passkey} onlyWayIn={onlyWayIn} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SuspendedPasskeys
        page={props.page}
        csrfToken={props.csrfToken}
        passkeys={props.suspendedPasskeys}
        keepAction="/account/passkeys/keep"
        removeAction="/account/passkeys/delete"
      />
      {props.mayEnrol ? (
        <PasskeyCeremony
          page={props.page}
          csrfToken={props.csrfToken}
          ceremony="register"
          label={t.passkeysAdd}
        />
      ) : (
        <p>
          <a class="button" href="/reauthenticate?next=%2Faccount%2Fpasskeys">
            {t.passkeysAddConfirmFirst}
          </a>
        </p>
      )}
      <h2>{t.passwordlessTitle}</h2>
      <PasswordlessSection {...props} />
    </Layout>
  );
}

function PasskeyRow(props: PasskeysPageProps & { passkey: PasskeyView; onlyWayIn: boolean }) {
  const t = props.page.messages;
  const { passkey } = props;
  const fieldId = `passkey-name-${passkey.id}`;
  return (
    <tr>
      <td data-field="passkeyName">{passkey.name}</td>
      <td>{passkey.synced ? t.passkeysSynced : t.passkeysDeviceBound}</td>
      <td>{formatDateTime(passkey.createdAt, props.page.language)}</td>
      <td>
        {passkey.awaitingConfirmation ? (
          <span data-state="awaiting-confirmation">{t.passkeysAwaitingConfirmation}</span>
        ) : passkey.lastUsedAt ? (
          formatDateTime(passkey.lastUsedAt, props.page.language)
        ) : (
          t.passkeysNeverUsed
        )}
      </td>
      <td>
        <form method="post" action="/account/passkeys/rename" class="row-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="passkeyId" value={String(passkey.id)} />
          <label for={fieldId} class="visually-hidden">
            {t.passkeysNewName(passkey.name)}
          </label>
          <input
            id={fieldId}
            name="name"
            value={passkey.name}
            maxlength={props.maximumNameLength}
            required
            autocomplete="off"
          />
          <button type="submit" class="secondary">
            {t.passkeysRename}
          </button>
        </form>
        {props.onlyWayIn && !passkey.awaitingConfirmation ? (
          <p class="hint">{t.passkeysOnlyWayIn}</p>
        ) : (
          <form method="post" action="/account/passkeys/delete" class="row-form">
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
        )}
      </td>
    </tr>
  );
}

function PasswordlessSection(props: PasskeysPageProps) {
  const t = props.page.messages;
  if (!props.hasPassword) return <p>{t.passwordlessActive}</p>;
  if (!props.passkeys.some((passkey) => !passkey.awaitingConfirmation)) {
    return <p>{t.passwordlessNeedsPasskey}</p>;
  }
  return (
    <>
      <p>{t.passwordlessOffer}</p>
      <form method="post" action="/account/password/remove">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="secondary">
          {t.passwordlessRemove}
        </button>
      </form>
    </>
  );
}
