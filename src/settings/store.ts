import { eq, inArray, sql } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { setting, settingRevision } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import {
  isAllowedSettingValue,
  isSettingName,
  type SettingName,
  type SettingValue,
  type SettingValues,
} from "./definitions";

const revisionId = 1;

/** What the database holds: the values in force and which of them the operator overrode. */
export interface StoredSettings {
  values: SettingValues;
  overridden: ReadonlySet<SettingName>;
  /** Stored rows that are not (or no longer) valid settings; their defaults apply. */
  ignored: string[];
}

/** The change counter every instance polls; 0 before the first change. One indexed read. */
export async function readSettingsRevision(database: Database): Promise<number> {
  const statement = reusePreparedStatement(database, "settings.revision", () =>
    database
      .select({ revision: settingRevision.revision })
      .from(settingRevision)
      .where(eq(settingRevision.id, revisionId))
      .prepare(),
  );
  const [row] = await statement.execute();
  return row?.revision ?? 0;
}

/**
 * The overrides over the defaults. A stored value that is out of bounds (written by an older
 * version, or by hand) is ignored rather than trusted: the default applies.
 */
export async function loadStoredSettings(
  database: Database,
  defaults: SettingValues,
): Promise<StoredSettings> {
  const values = { ...defaults } as Record<SettingName, SettingValue>;
  const overridden = new Set<SettingName>();
  const ignored: string[] = [];
  for (const row of await database.select().from(setting)) {
    const value = parseStoredValue(row.value);
    if (isSettingName(row.name) && isAllowedSettingValue(row.name, value)) {
      values[row.name] = value;
      overridden.add(row.name);
    } else {
      ignored.push(row.name);
    }
  }
  return { values: values as SettingValues, overridden, ignored };
}

function parseStoredValue(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

export type SettingChanges = Partial<Record<SettingName, { from: SettingValue; to: SettingValue }>>;

type StoreDeps = Pick<Deps, "database" | "clock" | "settings">;

/**
 * Stores new values (only those that differ from the ones in force) with one audit entry of
 * old and new values, and bumps the revision so every instance reloads. A value equal to the
 * default removes the override: the setting follows its environment variable again.
 */
export async function saveSettings(
  deps: StoreDeps,
  values: Partial<SettingValues>,
  actor: AuditActor,
): Promise<SettingChanges> {
  return changeSettings(deps, actor, "settings.updated", () => values);
}

/** Puts settings (or all of them) back to their environment defaults; audited the same way. */
export async function resetSettings(
  deps: StoreDeps,
  names: readonly SettingName[],
  actor: AuditActor,
): Promise<SettingChanges> {
  return changeSettings(deps, actor, "settings.reset", (defaults) =>
    Object.fromEntries(names.map((name) => [name, defaults[name]])),
  );
}

async function changeSettings(
  deps: StoreDeps,
  actor: AuditActor,
  action: string,
  wanted: (defaults: SettingValues) => Partial<SettingValues>,
): Promise<SettingChanges> {
  const { defaults } = deps.settings.latest();
  const changes = await runInTransaction(deps.database, async (database) => {
    // Compared with the database, not this instance's cache: another one may have saved.
    const stored = await loadStoredSettings(database, defaults);
    const changes: SettingChanges = {};
    for (const [name, to] of Object.entries(wanted(defaults)) as [SettingName, SettingValue][]) {
      const from = stored.values[name];
      if (to === from && (to !== defaults[name] || !stored.overridden.has(name))) continue;
      changes[name] = { from, to };
    }
    const names = Object.keys(changes) as SettingName[];
    if (names.length === 0) return changes;
    const now = deps.clock.now();
    const updatedByMemberId = actor.kind === "member" ? actor.memberId : null;
    await database.delete(setting).where(inArray(setting.name, names));
    const overrides = names.filter((name) => changes[name]?.to !== defaults[name]);
    if (overrides.length > 0) {
      await database.insert(setting).values(
        overrides.map((name) => ({
          name,
          value: JSON.stringify(changes[name]?.to),
          updatedAt: now,
          updatedByMemberId,
        })),
      );
    }
    await database
      .insert(settingRevision)
      .values({ id: revisionId, revision: 1, updatedAt: now })
      .onConflictDoUpdate({
        target: settingRevision.id,
        set: { revision: sql`${settingRevision.revision} + 1`, updatedAt: now },
      });
    await recordAuditEvent(database, deps.clock, { actor, action, details: changes });
    return changes;
  });
  // This instance applies the change at once; the others within a revalidation interval.
  if (Object.keys(changes).length > 0) await deps.settings.refresh();
  return changes;
}
