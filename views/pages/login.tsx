import { CsrfField, ErrorSummary, Field, FormActions } from "../components/form";
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
    <Layout page={props.page} title={t.loginTitle}>
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
          autocomplete="username"
          maxlength={254}
          autofocus={!props.failed}
        />
        <Field
          name="password"
          label={t.fieldPassword}
          type="password"
          autocomplete="current-password"
        />
        {props.proofOfWork && <ProofOfWorkField proofOfWork={props.proofOfWork} messages={t} />}
        <FormActions>
          <button type="submit">{t.loginSubmit}</button>
        </FormActions>
      </form>
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
}) {
  const t = props.page.messages;
  const errors = props.failed ? { password: t.errorSignInFailed } : {};
  return (
    <Layout page={props.page} title={t.reauthenticateTitle}>
      <h1>{t.reauthenticateTitle}</h1>
      <p>{t.reauthenticateIntro}</p>
      <ErrorSummary
        title={t.errorSummary}
        errors={errors}
        labels={{ password: t.fieldCurrentPassword }}
      />
      <form method="post" action="/reauthenticate" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <Field
          name="password"
          label={t.fieldCurrentPassword}
          type="password"
          error={errors.password}
          autocomplete="current-password"
          autofocus
        />
        <FormActions>
          <button type="submit">{t.reauthenticateSubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}
