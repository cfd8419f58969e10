import { and, asc, desc, eq, gte, like, lt, lte } from "drizzle-orm";
import type { Database } from "../db/connection";
import { auditEvent } from "../db/schema";
import type { AuditEvent } from "./audit-log";

export interface AuditFilter {
  /** The acting administrator's login ID, "cli", or "api-key:NAME". */
  actor?: string;
  /** An action or the start of one ("bulk-reset" matches every bulk-reset action). */
  action?: string;
  from?: Date;
  to?: Date;
  /** Keyset pagination: only entries older than this ID. */
  beforeId?: number;
}

export const auditEventsPerPage = 100;

export async function listAuditEvents(
  database: Database,
  filter: AuditFilter,
  limit = auditEventsPerPage,
): Promise<AuditEvent[]> {
  const escapedAction = filter.action?.replace(/[\\%_]/g, (character) => `\\${character}`);
  return database
    .select()
    .from(auditEvent)
    .where(
      and(
        filter.actor ? eq(auditEvent.actorLabel, filter.actor) : undefined,
        escapedAction ? like(auditEvent.action, `${escapedAction}%`) : undefined,
        filter.from ? gte(auditEvent.createdAt, filter.from) : undefined,
        filter.to ? lte(auditEvent.createdAt, filter.to) : undefined,
        filter.beforeId ? lt(auditEvent.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditEvent.id))
    .limit(limit);
}

/** Everyone who appears in the log (administrators, "cli", API keys), for the filter's list. */
export async function listAuditActors(database: Database): Promise<string[]> {
  const rows = await database
    .selectDistinct({ actorLabel: auditEvent.actorLabel })
    .from(auditEvent)
    .orderBy(asc(auditEvent.actorLabel))
    .limit(500);
  return rows.map((row) => row.actorLabel);
}

/** The kinds of action the filter offers: each matches every action that starts with it. */
export const auditActionGroups = [
  "bulk-reset",
  "member",
  "administrator",
  "block",
  "under-attack-mode",
  "mail",
  "api-key",
  "investigation",
  "settings",
  "reminder-policy",
  "export",
] as const;

/** Reads the filter from query parameters; an unusable value is ignored rather than trusted. */
export function parseAuditFilter(query: (name: string) => string | undefined): AuditFilter {
  const date = (value: string | undefined, endOfDay: boolean) => {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    const parsed = new Date(`${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  };
  const beforeId = Number(query("before"));
  return {
    actor: query("actor")?.trim().slice(0, 100) || undefined,
    action: query("action")?.trim().slice(0, 100) || undefined,
    from: date(query("from"), false),
    to: date(query("to"), true),
    beforeId: Number.isInteger(beforeId) && beforeId > 0 ? beforeId : undefined,
  };
}
