import { CsrfField, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export function UnrecognisedSignInPage(props: {
  page: PageContext;
  csrfToken: string;
  action: string;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.unrecognisedTitle}>
      <h1>{t.unrecognisedTitle}</h1>
      <p>{t.unrecognisedIntro}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <FormActions>
          <button type="submit">{t.unrecognisedSubmit}</button>
        </FormActions>
      </form>
    </Layout>
  );
}
