import { CsrfField, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/**
 * What an e-mailed link opens: it only asks, and its button POSTs back to the same path, which
 * uses the link. Mail scanners fetch links, so a GET must never change anything.
 */
export function LinkConfirmationPage(props: {
  page: PageContext;
  csrfToken: string;
  action: string;
  title: string;
  intro: string;
  warning?: string;
  submitLabel: string;
}) {
  return (
    <Layout page={props.page} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      {props.warning && <p class="hint">{props.warning}</p>}
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <FormActions>
          <button type="submit">{props.submitLabel}</button>
        </FormActions>
      </form>
    </Layout>
  );
}
