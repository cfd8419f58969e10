import type { Messages } from "../../src/i18n";
import { AdminNav } from "../components/admin-nav";
import { AuditEntry, type AuditEntryView } from "../components/audit-entry";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AuditFilterView {
  actor: string;
  action: string;
  from: string;
  to: string;
}

function groupLabels(t: Messages): Record<string, string> {
  return {
    "bulk-reset": t.auditGroupBulkReset,
    member: t.auditGroupMember,
    administrator: t.auditGroupAdministrator,
    block: t.auditGroupBlock,
    "under-attack-mode": t.auditGroupUnderAttack,
    mail: t.auditGroupMail,
    "api-key": t.auditGroupApiKey,
    investigation: t.auditGroupInvestigation,
    settings: t.auditGroupSettings,
    "reminder-policy": t.auditGroupReminderPolicy,
    export: t.auditGroupExport,
  };
}

/**
 * Who did what, when, in sentences; filters are drop-downs of who appears in the log and the
 * kinds of action, and each entry's details open as labelled fields. A list rather than a table,
 * so it reads on a 390-pixel phone without sideways scrolling.
 */
export function AdminAuditPage(props: {
  page: PageContext;
  filter: AuditFilterView;
  actors: string[];
  actionGroups: readonly string[];
  events: AuditEntryView[];
  exportHref: string;
  olderHref: string | null;
}) {
  const t = props.page.messages;
  const { filter } = props;
  const labels = groupLabels(t);
  const actors =
    filter.actor && !props.actors.includes(filter.actor)
      ? [...props.actors, filter.actor]
      : props.actors;
  return (
    <Layout page={props.page} title={t.adminAuditTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminAuditTitle}</h1>
      <form method="get" action="/admin/audit" class="search-form">
        <div class="field">
          <label for="actor">{t.adminAuditWho}</label>
          <select id="actor" name="actor">
            <option value="">{t.auditAnyone}</option>
            {actors.map((actor) => (
              <option value={actor} selected={actor === filter.actor}>
                {actor === "cli"
                  ? t.auditActorCli
                  : actor.startsWith("api-key:")
                    ? t.auditActorApiKey(actor.slice(8))
                    : actor}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="action">{t.adminAuditFilterAction}</label>
          <select id="action" name="action">
            <option value="">{t.auditAnyAction}</option>
            {props.actionGroups.map((group) => (
              <option value={group} selected={group === filter.action}>
                {labels[group] ?? group}
              </option>
            ))}
          </select>
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
        <ol class="audit-list" aria-label={t.auditEntries}>
          {props.events.map((entry) => (
            <AuditEntry entry={entry} t={t} language={props.page.language} />
          ))}
        </ol>
      )}
      {props.olderHref && (
        <p>
          <a href={props.olderHref} rel="next">
            {t.adminAuditOlder}
          </a>
        </p>
      )}
    </Layout>
  );
}
