import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/** One page for every failure; it never shows a stack trace or internal detail. */
export function ErrorPage(props: {
  page: PageContext;
  status: number;
  message: string;
  requestId: string | null;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.errorPageTitle(props.status)}>
      <h1>{t.errorPageTitle(props.status)}</h1>
      <p class="error-message">{props.message}</p>
      {props.requestId && props.status >= 500 && (
        <p class="hint">{t.errorReference(props.requestId)}</p>
      )}
      <p>
        <a href="/">{t.errorBackHome}</a>
      </p>
    </Layout>
  );
}

export function MessagePage(props: {
  page: PageContext;
  title: string;
  message: string;
  link?: { href: string; label: string };
}) {
  return (
    <Layout page={props.page} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.link && (
        <p>
          <a class="button" href={props.link.href}>
            {props.link.label}
          </a>
        </p>
      )}
    </Layout>
  );
}
