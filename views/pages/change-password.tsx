import { CsrfField, ErrorSummary, Field, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export function ChangePasswordPage(props: {
  page: PageContext;
  csrfToken: string;
  loginId: string;
  hasPassword: boolean;
  errors: { currentPassword?: string; password?: string };
  minimumPasswordLength: number;
  maximumPasswordLength: number;
}) {
  const t = props.page.messages;
  const labels = { currentPassword: t.fieldCurrentPassword, password: t.changePasswordNew };
  return (
    <Layout page={props.page} title={t.changePasswordTitle} withStrengthMeter withPasswordFields>
      <h1>{t.changePasswordTitle}</h1>
      <p>{props.hasPassword ? t.changePasswordIntro : t.changePasswordSetIntro}</p>
      <ErrorSummary title={t.errorSummary} errors={props.errors} labels={labels} />
      <form method="post" action="/account/password" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="username" value={props.loginId} autocomplete="username" />
        {props.hasPassword && (
          <Field
            name="currentPassword"
            label={t.fieldCurrentPassword}
            type="password"
            reveal={{ show: t.passwordShow, hide: t.passwordHide }}
            error={props.errors.currentPassword}
            autocomplete="current-password"
          />
        )}
        <Field
          name="password"
          label={t.changePasswordNew}
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
            userInputFields: ["username"],
          }}
        />
        <div class="checkbox">
          <input id="signOutOthers" name="signOutOthers" type="checkbox" value="on" checked />
          <label for="signOutOthers">{t.changePasswordSignOutOthers}</label>
        </div>
        <FormActions>
          <button type="submit">{t.changePasswordSubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}
