import { CsrfField, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/** The page an e-mailed passkey link opens: a GET only shows this button, the POST acts. */
export function PasskeyLinkPage(props: {
  page: PageContext;
  csrfToken: string;
  action: string;
  title: string;
  intro: string;
  submitLabel: string;
}) {
  return (
    <Layout page={props.page} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <FormActions>
          <button type="submit">{props.submitLabel}</button>
        </FormActions>
      </form>
    </Layout>
  );
}
