import { AdminNav } from "../components/admin-nav";
import { CsrfField } from "../components/form";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface ApiKeyView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revoked: boolean;
}

export function AdminApiKeysPage(props: {
  page: PageContext;
  csrfToken: string;
  keys: ApiKeyView[];
  createdValue: string | null;
  nameError: string | null;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  return (
    <Layout page={props.page} title={t.adminApiKeysTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminApiKeysTitle}</h1>
      <p>{t.adminApiKeysIntro}</p>
      {props.createdValue && (
        <div class="notice" role="status">
          <p>{t.adminApiKeysCreated}</p>
          <pre class="mail-text">{props.createdValue}</pre>
        </div>
      )}
      <form method="post" action="/admin/api-keys">
        <CsrfField token={props.csrfToken} />
        <div class={props.nameError ? "field field-error" : "field"}>
          <label for="name">{t.adminApiKeysName}</label>
          {props.nameError && <p class="error">{props.nameError}</p>}
          <input id="name" name="name" type="text" maxlength={64} required />
        </div>
        <button type="submit">{t.adminApiKeysCreate}</button>
      </form>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.adminApiKeysName}</th>
              <th scope="col">{t.adminCreatedAt}</th>
              <th scope="col">{t.adminApiKeysLastUsed}</th>
              <th scope="col">{t.sessionsActions}</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((key) => (
              <tr>
                <td>{key.name}</td>
                <td>{formatDateTime(key.createdAt, language)}</td>
                <td>
                  {key.lastUsedAt ? formatDateTime(key.lastUsedAt, language) : t.adminApiKeysNever}
                </td>
                <td>
                  {key.revoked ? (
                    <span class="badge">{t.adminApiKeysRevoked}</span>
                  ) : (
                    <form
                      method="post"
                      action={`/admin/api-keys/${key.id}/revoke`}
                      class="inline-form"
                    >
                      <CsrfField token={props.csrfToken} />
                      <button type="submit" class="secondary">
                        {t.adminApiKeysRevoke}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
