import { CsrfField, FormActions } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/**
 * GET of an approval or undo link: it only asks; the POST uses the link (mail scanners fetch
 * links, and a GET changes nothing).
 */
export function EmailChangeLinkPage(props: {
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
