import { AdminNav } from "../components/admin-nav";
import { ScrollRegion } from "../components/table";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AuditFilterView {
  actor: string;
  action: string;
  from: string;
  to: string;
}

export function AdminAuditPage(props: {
  page: PageContext;
  filter: AuditFilterView;
  events: { actorLabel: string; action: string; details: string; createdAt: Date }[];
  exportHref: string;
  olderHref: string | null;
}) {
  const t = props.page.messages;
  const { filter } = props;
  return (
    <Layout page={props.page} title={t.adminAuditTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminAuditTitle}</h1>
      <form method="get" action="/admin/audit" class="search-form">
        <div class="field">
          <label for="actor">{t.adminAuditFilterAdmin}</label>
          <input id="actor" name="actor" type="text" value={filter.actor} maxlength={100} />
        </div>
        <div class="field">
          <label for="action">{t.adminAuditFilterAction}</label>
          <input id="action" name="action" type="text" value={filter.action} maxlength={100} />
        </div>
        <div class="field">
          <label for="from">{t.adminAuditFilterFrom}</label>
          <input id="from" name="from" type="date" value={filter.from} />
        </div>
        <div class="field">
          <label for="to">{t.adminAuditFilterTo}</label>
          <input id="to" name="to" type="date" value={filter.to} />
        </div>
        <button type="submit">{t.adminAuditFilterSubmit}</button>
      </form>
      <p>
        <a href={props.exportHref}>{t.adminAuditExport}</a>
      </p>
      {props.events.length === 0 ? (
        <p>{t.adminAuditNone}</p>
      ) : (
        <ScrollRegion label={t.adminNavAudit}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.adminAuditWhen}</th>
                <th scope="col">{t.adminAuditWho}</th>
                <th scope="col">{t.adminAuditAction}</th>
                <th scope="col">{t.adminAuditDetails}</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((event) => (
                <tr>
                  <td>{formatDateTime(event.createdAt, props.page.language)}</td>
                  <td>{event.actorLabel}</td>
                  <td>{event.action}</td>
                  <td>
                    <code>{event.details}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.olderHref && (
        <p>
          <a href={props.olderHref}>{t.adminAuditOlder}</a>
        </p>
      )}
    </Layout>
  );
}
