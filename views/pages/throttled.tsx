import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/**
 * The answer to a throttled (429) or blocked (403) request. It depends only on the throttle,
 * never on whether the password would have been right.
 */
export function ThrottledPage(props: {
  page: PageContext;
  retryAfterInSeconds: number | null;
  blocked: boolean;
}) {
  const t = props.page.messages;
  const title = props.blocked ? t.blockedTitle : t.throttledTitle;
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      <p class="error-message">
        {props.blocked ? t.blockedMessage : t.throttledMessage(props.retryAfterInSeconds ?? 60)}
      </p>
      <p>{t.throttledAlternatives}</p>
      <p>
        <a href="/">{t.errorBackHome}</a>
      </p>
    </Layout>
  );
}
