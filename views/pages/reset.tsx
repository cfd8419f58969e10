import { CsrfField, ErrorSummary, Field, FormActions } from "../components/form";
import { PasskeyCeremony } from "../components/passkey-ceremony";
import { SuspendedPasskeys, type SuspendedPasskeyView } from "../components/suspended-passkeys";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export function ForgotPasswordPage(props: {
  page: PageContext;
  csrfToken: string;
  identifier: string;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.forgotTitle}>
      <h1>{t.forgotTitle}</h1>
      <p>{t.forgotIntro}</p>
      <form method="post" action="/forgot-password" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="loginId"
          label={t.fieldLoginIdOrEmail}
          value={props.identifier}
          autocomplete="username"
          maxlength={254}
          autofocus
        />
        <FormActions>
          <button type="submit">{t.forgotSubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}

export function ResetPasswordPage(props: {
  page: PageContext;
  csrfToken: string;
  action: string;
  loginId: string;
  /** The reset came from a combo-list scan: say how the password was found, offer a passkey. */
  comboListCause?: boolean;
  error: string | undefined;
  minimumPasswordLength: number;
  maximumPasswordLength: number;
}) {
  const t = props.page.messages;
  const errors = props.error ? { password: props.error } : {};
  return (
    <Layout page={props.page} title={t.resetTitle} withStrengthMeter withPasswordFields>
      <h1>{t.resetTitle}</h1>
      <p>{t.resetIntro(props.loginId)}</p>
      {props.comboListCause && (
        <div data-cause="combo-list">
          <p>{t.resetComboListExplanation}</p>
          <p>{t.resetComboListPasskey}</p>
        </div>
      )}
      <ErrorSummary
        title={t.errorSummary}
        errors={errors}
        labels={{ password: t.resetNewPassword }}
      />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" value={props.loginId} autocomplete="username" />
        <Field
          name="password"
          label={t.resetNewPassword}
          type="password"
          reveal={{ show: t.passwordShow, hide: t.passwordHide }}
          hint={t.fieldPasswordHint(props.minimumPasswordLength)}
          error={props.error}
          autocomplete="new-password"
          passphrase={{
            intro: t.passphraseSuggestion,
            phrase: props.page.suggestPassphrase(),
            useLabel: t.passphraseUse,
          }}
          maxlength={props.maximumPasswordLength}
          autofocus
          strengthMeter={{
            engineHref: props.page.strengthMeter.engineHref,
            userInputFields: ["username"],
          }}
        />
        <FormActions>
          <button type="submit">{t.resetSubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}

/**
 * The end of a reset: no session (the member signs in with the new password), and the offer of
 * a passkey as the stronger replacement, allowed once by the grant the reset just issued.
 */
export function ResetDonePage(props: {
  page: PageContext;
  csrfToken: string;
  offerPasskey: boolean;
  /** Passkeys the forced reset suspended, to keep or remove now (the reset's grant allows it). */
  suspendedPasskeys: SuspendedPasskeyView[];
}) {
  const t = props.page.messages;
  return (
    <Layout
      page={props.page}
      title={t.resetDoneTitle}
      withPasskeyScript={props.offerPasskey}
      withPasswordFields
    >
      <h1>{t.resetDoneTitle}</h1>
      <p>{t.resetDoneBody}</p>
      <SuspendedPasskeys
        page={props.page}
        csrfToken={props.csrfToken}
        passkeys={props.suspendedPasskeys}
        keepAction="/reset/passkeys/keep"
        removeAction="/reset/passkeys/remove"
      />
      {props.offerPasskey && (
        <section class="passkey-offer" aria-labelledby="passkey-offer-title">
          <h2 id="passkey-offer-title">{t.resetPasskeyOfferTitle}</h2>
          <p>{t.resetPasskeyOfferBody}</p>
          <PasskeyCeremony
            page={props.page}
            csrfToken={props.csrfToken}
            ceremony="enrol-after-reset"
            label={t.warningAddPasskey}
          />
        </section>
      )}
      <p>
        <a class="button" href="/login">
          {t.navSignIn}
        </a>
      </p>
    </Layout>
  );
}
