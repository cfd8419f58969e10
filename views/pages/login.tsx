import { CsrfField, ErrorSummary, Field, FormActions } from "../components/form";
import { PasskeyCeremony } from "../components/passkey-ceremony";
import { ProofOfWorkField, type ProofOfWorkView } from "../components/proof-of-work";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export function LoginPage(props: {
  page: PageContext;
  csrfToken: string;
  identifier: string;
  next: string | null;
  failed: "password" | "challenge" | null;
  /** Present in under-attack mode. */
  proofOfWork: ProofOfWorkView | null;
}) {
  const t = props.page.messages;
  const errors =
    props.failed === "password"
      ? { loginId: t.errorSignInFailed }
      : props.failed === "challenge"
        ? { loginId: t.proofOfWorkRejected }
        : {};
  return (
    <Layout page={props.page} title={t.loginTitle} withPasskeyScript withPasswordFields>
      <h1>{t.loginTitle}</h1>
      <ErrorSummary
        title={t.errorSummary}
        errors={errors}
        labels={{ loginId: t.fieldLoginIdOrEmail }}
      />
      <form method="post" action="/login" novalidate>
        <CsrfField token={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field
          name="loginId"
          label={t.fieldLoginIdOrEmail}
          value={props.identifier}
          error={errors.loginId}
          autocomplete="username webauthn"
          maxlength={254}
          autofocus={!props.failed}
        />
        <Field
          name="password"
          label={t.fieldPassword}
          type="password"
          reveal={{ show: t.passwordShow, hide: t.passwordHide }}
          autocomplete="current-password"
        />
        {props.proofOfWork && <ProofOfWorkField proofOfWork={props.proofOfWork} messages={t} />}
        <FormActions>
          <button type="submit">{t.loginSubmit}</button>
        </FormActions>
      </form>
      <h2>{t.passkeySignInHeading}</h2>
      <PasskeyCeremony
        page={props.page}
        csrfToken={props.csrfToken}
        ceremony="sign-in"
        label={t.passkeySignIn}
        next={props.next}
        autofill
      />
      {/* Shown after every failed sign-in, so it says nothing about the account typed. */}
      {props.failed === "password" && <p>{t.signInFailedResetHint}</p>}
      <p>
        <a href="/forgot-password">{t.forgotLink}</a>
      </p>
      <p>
        {t.loginNoAccount} <a href="/register">{t.navRegister}</a>
      </p>
    </Layout>
  );
}

export function ReauthenticatePage(props: {
  page: PageContext;
  csrfToken: string;
  next: string;
  failed: boolean;
  hasPassword: boolean;
  hasPasskey: boolean;
  /** On the way to an admin console that requires a passkey (REKEY_ADMIN_REQUIRE_PASSKEY). */
  passkeyRequired?: boolean;
}) {
  const t = props.page.messages;
  const errors = props.failed ? { password: t.errorSignInFailed } : {};
  return (
    <Layout
      page={props.page}
      title={t.reauthenticateTitle}
      withPasskeyScript={props.hasPasskey}
      withPasswordFields
    >
      <h1>{t.reauthenticateTitle}</h1>
      <p>{props.hasPassword ? t.reauthenticateIntro : t.reauthenticateIntroPasskey}</p>
      {props.passkeyRequired && <p class="hint">{t.adminPasskeyReauthenticateNote}</p>}
      <ErrorSummary
        title={t.errorSummary}
        errors={errors}
        labels={{ password: t.fieldCurrentPassword }}
      />
      {props.hasPassword && (
        <form method="post" action="/reauthenticate" novalidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="next" value={props.next} />
          <Field
            name="password"
            label={t.fieldCurrentPassword}
            type="password"
            reveal={{ show: t.passwordShow, hide: t.passwordHide }}
            error={errors.password}
            autocomplete="current-password"
            autofocus
          />
          <FormActions>
            <button type="submit">{t.reauthenticateSubmit}</button>
          </FormActions>
        </form>
      )}
      {props.hasPasskey && (
        <PasskeyCeremony
          page={props.page}
          csrfToken={props.csrfToken}
          ceremony="reauthenticate"
          label={t.passkeyReauthenticate}
          next={props.next}
        />
      )}
      {props.passkeyRequired && (
        <p>
          <a href="/account/passkeys">{t.adminPasskeyLost}</a>
        </p>
      )}
    </Layout>
  );
}
