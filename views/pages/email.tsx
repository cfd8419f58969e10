import { CsrfField, ErrorSummary, Field, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/** GET of a verification link: it only asks; the POST uses the link (mail scanners fetch links). */
export function VerifyEmailPage(props: {
  page: PageContext;
  csrfToken: string;
  action: string;
  address: string;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.verifyTitle}>
      <h1>{t.verifyTitle}</h1>
      <p>{t.verifyIntro(props.address)}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <FormActions>
          <button type="submit">{t.verifySubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}

export function EmailChangePage(props: {
  page: PageContext;
  csrfToken: string;
  currentAddress: string;
  value: string;
  error: string | undefined;
}) {
  const t = props.page.messages;
  const errors = props.error ? { email: props.error } : {};
  return (
    <Layout page={props.page} title={t.emailChangeTitle}>
      <h1>{t.emailChangeTitle}</h1>
      <p>{t.emailChangeIntro}</p>
      <p>
        {t.accountEmail}: {props.currentAddress}
      </p>
      <ErrorSummary
        title={t.errorSummary}
        errors={errors}
        labels={{ email: t.emailChangeNewAddress }}
      />
      <form method="post" action="/account/email" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="email"
          label={t.emailChangeNewAddress}
          type="email"
          value={props.value}
          error={props.error}
          autocomplete="email"
          maxlength={254}
          autofocus
        />
        <FormActions>
          <button type="submit">{t.emailChangeSubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}
