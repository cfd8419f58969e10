import type { Language, Messages } from "../../src/i18n";
import { formatDateTime, formatNumber } from "../format";

export interface AuditEntryView {
  id: number;
  actorLabel: string;
  action: string;
  details: string;
  createdAt: Date;
}

export interface AuditDescription {
  sentence: string;
  /** The details as label and value, in words; IDs and keys the reader needs stay visible. */
  fields: [string, string][];
}

type Details = Record<string, unknown>;

/** The actor as the start of a sentence: a login ID, the command line, or a named API key. */
function actorPhrase(label: string, t: Messages): string {
  if (label === "cli") return t.auditActorCli;
  if (label.startsWith("api-key:")) return t.auditActorApiKey(label.slice("api-key:".length));
  return label;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const numberOf = (value: unknown): number => (typeof value === "number" ? value : 0);

/** One audit record in a sentence ("admin01 started a bulk reset of 2,347 members: ..."). */
export function describeAuditEvent(
  event: Pick<AuditEntryView, "actorLabel" | "action" | "details">,
  t: Messages,
  language: Language,
): AuditDescription {
  let details: Details = {};
  try {
    const parsed = JSON.parse(event.details) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) details = parsed as Details;
  } catch {
    // A malformed record still gets its fallback sentence.
  }
  const actor = actorPhrase(event.actorLabel, t);
  const count = (key: string): [number, string] => {
    const value = numberOf(details[key]);
    return [value, formatNumber(value, language)];
  };
  const sources = () => {
    const list = Array.isArray(details.sources) ? details.sources.map(String) : [];
    return list.join(", ");
  };
  const settingNames = () =>
    Object.keys(details)
      .filter((key) => key !== "apiKeyScope")
      .map((key) => settingLabel(key, t))
      .join(", ");
  const sentence = ((): string => {
    switch (event.action) {
      case "bulk-reset.created":
        return t.auditBulkResetCreated(actor, ...count("identifiers"), text(details.reason));
      case "bulk-reset.dry-run":
        return t.auditBulkResetDryRun(actor, ...count("identifiers"), text(details.reason));
      case "member.sessions-revoked":
        return t.auditSessionsRevoked(actor, text(details.loginId), ...count("sessions"));
      case "member.verification-resent":
        return t.auditVerificationResent(actor, text(details.loginId));
      case "api-key.created":
        return t.auditApiKeyCreated(actor, text(details.name));
      case "api-key.revoked":
        return t.auditApiKeyRevoked(actor, text(details.name));
      case "investigation.queried":
        return t.auditInvestigationQueried(actor, sources());
      case "investigation.exported":
        return t.auditInvestigationExported(actor, sources());
      case "investigation.reset":
        return t.auditInvestigationReset(actor, sources());
      case "reminder-policy.updated":
        return t.auditReminderPolicyUpdated(actor);
      case "settings.updated":
        return t.auditSettingsUpdated(actor, settingNames());
      case "settings.reset":
        return t.auditSettingsReset(actor, settingNames());
      case "block.added":
        return t.auditBlockAdded(actor, text(details.cidr));
      case "block.imported":
        return t.auditBlockImported(actor, ...count("imported"));
      case "block.removed":
        return t.auditBlockRemoved(actor, text(details.cidr) || `#${numberOf(details.blockId)}`);
      case "under-attack-mode.set":
        return details.setting === "on"
          ? t.auditUnderAttackOn(actor)
          : details.setting === "off"
            ? t.auditUnderAttackOff(actor)
            : t.auditUnderAttackAutomatic(actor);
      case "mail.requeued":
        return t.auditMailRequeued(actor, ...count("count"));
      case "administrator.created":
        return details.via === "setup-link"
          ? t.auditFirstAdministrator(text(details.loginId))
          : t.auditAdministratorCreated(actor, text(details.loginId));
      case "administrator.promoted":
        return t.auditAdministratorPromoted(actor, text(details.loginId));
      case "administrator.demoted":
        return t.auditAdministratorDemoted(actor, text(details.loginId));
      case "administrator.removed":
        return t.auditAdministratorRemoved(actor, text(details.loginId));
      case "export.downloaded":
        return t.auditExported(actor, exportName(text(details.export), t), ...count("rows"));
      default:
        return t.auditOther(actor, event.action);
    }
  })();
  return { sentence, fields: describeFields(event.action, details, t, language) };
}

function settingLabel(name: string, t: Messages): string {
  const key = `setting${name.charAt(0).toUpperCase()}${name.slice(1)}Label`;
  const label = (t as unknown as Record<string, unknown>)[key];
  return typeof label === "string" ? label : name;
}

function exportName(path: string, t: Messages): string {
  if (path === "/admin/audit/export") return t.auditExportAudit;
  if (path === "/admin/attacks/affected/export") return t.auditExportAffected;
  if (path === "/admin/members/export") return t.auditExportMembers;
  const job = /^\/admin\/resets\/(\d+)\/unknown\/export$/.exec(path);
  if (job?.[1]) return t.auditExportUnknown(`#${job[1]}`);
  return t.auditExportOther(path);
}

function describeFields(action: string, details: Details, t: Messages, language: Language) {
  const labels: Record<string, string> = {
    jobId: t.auditFieldJob,
    identifiers: t.auditFieldIdentifiers,
    reason: t.auditFieldReason,
    source: t.auditFieldSource,
    fromDryRun: t.auditFieldFromDryRun,
    loginId: t.auditFieldMember,
    sessions: t.auditFieldSessions,
    apiKeyId: t.auditFieldApiKey,
    name: t.auditFieldApiKey,
    scopes: t.auditFieldScopes,
    expiresAt: t.auditFieldExpires,
    sources: t.auditFieldSources,
    from: t.auditFieldFrom,
    to: t.auditFieldTo,
    signedIn: t.auditFieldSignedIn,
    failedOnly: t.auditFieldFailedOnly,
    truncated: t.auditFieldTruncated,
    cidr: t.auditFieldRange,
    imported: t.auditFieldImported,
    skipped: t.auditFieldSkipped,
    file: t.auditFieldFile,
    setting: t.auditFieldSetting,
    count: t.auditFieldCount,
    via: t.auditFieldVia,
    export: t.auditFieldExport,
    rows: t.auditFieldRows,
    filters: t.auditFieldFilters,
    apiKeyScope: t.auditFieldScopeUsed,
  };
  // IDs that only repeat what a readable field already says.
  const hidden = new Set(["memberId", "blockId"]);
  const settingsChange = action.startsWith("settings.");
  const fields: [string, string][] = [];
  for (const [key, value] of Object.entries(details)) {
    if (hidden.has(key)) continue;
    const label = settingsChange && key !== "apiKeyScope" ? settingLabel(key, t) : labels[key];
    fields.push([label ?? key, readableValue(key, value, t, language)]);
  }
  return fields;
}

function readableValue(key: string, value: unknown, t: Messages, language: Language): string {
  if (value === null || value === undefined || value === "") {
    return key === "expiresAt" ? t.auditFieldNeverExpires : t.auditNone;
  }
  if (typeof value === "boolean") return value ? t.auditYes : t.auditNo;
  if (typeof value === "number") {
    return key.endsWith("Id") || key === "fromDryRun" ? `#${value}` : formatNumber(value, language);
  }
  if (typeof value === "string") {
    const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)
      ? new Date(value)
      : null;
    return date && !Number.isNaN(date.getTime()) ? formatDateTime(date, language) : value;
  }
  if (Array.isArray(value))
    return value.map((item) => readableValue(key, item, t, language)).join(", ");
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    // A settings change: { from, to }.
    if ("from" in record && "to" in record && Object.keys(record).length === 2) {
      return `${readableValue(key, record.from, t, language)} → ${readableValue(key, record.to, t, language)}`;
    }
    return Object.entries(record)
      .map(([name, item]) => `${name}: ${readableValue(name, item, t, language)}`)
      .join(", ");
  }
  return String(value);
}

/** One entry: the sentence, when, and its details as a description list behind a disclosure. */
export function AuditEntry(props: { entry: AuditEntryView; t: Messages; language: Language }) {
  const { entry, t, language } = props;
  const description = describeAuditEvent(entry, t, language);
  return (
    <li class="audit-entry" data-action={entry.action}>
      <p class="audit-sentence">{description.sentence}</p>
      <p class="hint">
        <time datetime={entry.createdAt.toISOString()}>
          {formatDateTime(entry.createdAt, language)}
        </time>
      </p>
      {description.fields.length > 0 && (
        <details>
          <summary>{t.auditShowDetails}</summary>
          <dl class="facts audit-fields">
            {description.fields.map(([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </>
            ))}
          </dl>
        </details>
      )}
    </li>
  );
}
