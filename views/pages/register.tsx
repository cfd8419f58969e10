import { CsrfField, ErrorSummary, Field, type FieldErrors, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface RegistrationFormProps {
  page: PageContext;
  csrfToken: string;
  action: string;
  title: string;
  intro?: string;
  submitLabel: string;
  values: { loginId: string; email: string };
  errors: FieldErrors;
  minimumPasswordLength: number;
  maximumPasswordLength: number;
  showSignInLink: boolean;
}

/** Shared by registration and first-administrator setup: the same fields, the same rules. */
export function RegistrationPage(props: RegistrationFormProps) {
  const t = props.page.messages;
  const labels = { loginId: t.fieldLoginId, email: t.fieldEmail, password: t.fieldPassword };
  return (
    <Layout page={props.page} title={props.title} withStrengthMeter withPasswordFields>
      <h1>{props.title}</h1>
      {props.intro && <p>{props.intro}</p>}
      <ErrorSummary title={t.errorSummary} errors={props.errors} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="loginId"
          label={t.fieldLoginId}
          hint={t.fieldLoginIdHint}
          value={props.values.loginId}
          error={props.errors.loginId}
          autocomplete="username"
          maxlength={32}
        />
        <Field
          name="email"
          label={t.fieldEmail}
          type="email"
          value={props.values.email}
          error={props.errors.email}
          autocomplete="email"
          maxlength={254}
        />
        <Field
          name="password"
          label={t.fieldPassword}
          type="password"
          reveal={{ show: t.passwordShow, hide: t.passwordHide }}
          hint={t.fieldPasswordHint(props.minimumPasswordLength)}
          error={props.errors.password}
          autocomplete="new-password"
          passphrase={{
            intro: t.passphraseSuggestion,
            phrase: props.page.suggestPassphrase(),
            useLabel: t.passphraseUse,
          }}
          maxlength={props.maximumPasswordLength}
          strengthMeter={{
            engineHref: props.page.strengthMeter.engineHref,
            userInputFields: ["loginId", "email"],
          }}
        />
        <FormActions>
          <button type="submit">{props.submitLabel}</button>
        </FormActions>
      </form>
      {props.showSignInLink && (
        <p>
          {t.registerHaveAccount} <a href="/login">{t.navSignIn}</a>
        </p>
      )}
    </Layout>
  );
}

export function RegistrationSentPage(props: { page: PageContext }) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.registerSentTitle}>
      <h1>{t.registerSentTitle}</h1>
      <p>{t.registerSentBody}</p>
      <p>
        <a class="button" href="/login">
          {t.registerSentSignIn}
        </a>
      </p>
    </Layout>
  );
}
