import { type ApiKeyScope, apiKeyScopes } from "../../src/admin/api-key-scopes";
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
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  expired: boolean;
}

export interface ApiKeyFormErrors {
  name?: string;
  scopes?: string;
  expiresInDays?: string;
}

function scopeLabel(t: PageContext["messages"], scope: ApiKeyScope): string {
  if (scope === "bulk-reset") return t.adminApiKeysScopeBulkReset;
  if (scope === "investigation") return t.adminApiKeysScopeInvestigation;
  if (scope === "members") return t.adminApiKeysScopeMembers;
  if (scope === "combo-scan") return t.comboScansApiKeyScope;
  return t.adminApiKeysScopeReadOnly;
}

export function AdminApiKeysPage(props: {
  page: PageContext;
  csrfToken: string;
  keys: ApiKeyView[];
  createdValue: string | null;
  errors: ApiKeyFormErrors;
}) {
  const errors = props.errors;
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
        <div class={errors.name ? "field field-error" : "field"}>
          <label for="name">{t.adminApiKeysName}</label>
          {errors.name && <p class="error">{errors.name}</p>}
          <input id="name" name="name" type="text" maxlength={64} required />
        </div>
        <fieldset class={errors.scopes ? "options field-error" : "options"}>
          <legend>{t.adminApiKeysScopes}</legend>
          {errors.scopes && <p class="error">{errors.scopes}</p>}
          {apiKeyScopes.map((scope) => (
            <div class="checkbox">
              <input id={`scope-${scope}`} name={`scope-${scope}`} type="checkbox" value="on" />
              <label for={`scope-${scope}`}>{scopeLabel(t, scope)}</label>
            </div>
          ))}
        </fieldset>
        <div class={errors.expiresInDays ? "field field-error" : "field"}>
          <label for="expiresInDays">{t.adminApiKeysExpiresInDays}</label>
          {errors.expiresInDays && <p class="error">{errors.expiresInDays}</p>}
          <input id="expiresInDays" name="expiresInDays" type="number" min={1} max={3650} />
        </div>
        <button type="submit">{t.adminApiKeysCreate}</button>
      </form>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.adminApiKeysName}</th>
              <th scope="col">{t.adminCreatedAt}</th>
              <th scope="col">{t.adminApiKeysScopes}</th>
              <th scope="col">{t.adminApiKeysExpires}</th>
              <th scope="col">{t.adminApiKeysLastUsed}</th>
              <th scope="col">{t.sessionsActions}</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((key) => (
              <tr>
                <td>{key.name}</td>
                <td>{formatDateTime(key.createdAt, language)}</td>
                <td data-field="apiKeyScopes">{key.scopes.join(", ")}</td>
                <td>
                  {key.expired ? (
                    <span class="badge">{t.adminApiKeysExpired}</span>
                  ) : key.expiresAt ? (
                    formatDateTime(key.expiresAt, language)
                  ) : (
                    t.adminApiKeysNoExpiry
                  )}
                </td>
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
