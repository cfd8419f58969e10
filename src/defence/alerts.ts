import { and, desc, eq, gt } from "drizzle-orm";
import { defenceAlert } from "../db/schema";
import type { Deps } from "../deps";
import type { AlertKind, AlertNotice } from "./notifiers";

export type DefenceAlert = typeof defenceAlert.$inferSelect;

/** Administrators hear of one kind of alert at most once in this window. */
export const alertRepeatInMinutes = 15;

export type AlertFigures = Omit<AlertNotice, "kinds" | "raisedAt" | "attackViewUrl">;

/**
 * Records spikes. A new alert (event in the database, e-mail to administrators) is raised at
 * most once per 15 minutes per kind; while it lasts, the open alert is only marked as seen.
 * Kinds that trip together (a wave raises the rate and the failure ratio at once) share one
 * e-mail. Callers hold the detection lease, so two processes cannot raise the same alert.
 */
export async function raiseAlerts(
  deps: Pick<Deps, "database" | "clock" | "config" | "alertNotifier" | "metrics" | "logger">,
  tripped: ReadonlyMap<AlertKind, AlertFigures>,
): Promise<{ kind: AlertKind; outcome: "raised" | "ongoing" }[]> {
  const now = deps.clock.now();
  const repeatAfter = new Date(now.getTime() - alertRepeatInMinutes * 60_000);
  const outcomes: { kind: AlertKind; outcome: "raised" | "ongoing" }[] = [];
  for (const [kind, figures] of tripped) {
    const [open] = await deps.database
      .select({ id: defenceAlert.id })
      .from(defenceAlert)
      .where(and(eq(defenceAlert.kind, kind), gt(defenceAlert.raisedAt, repeatAfter)))
      .orderBy(desc(defenceAlert.raisedAt))
      .limit(1);
    if (open) {
      await deps.database
        .update(defenceAlert)
        .set({ lastSeenAt: now })
        .where(eq(defenceAlert.id, open.id));
      outcomes.push({ kind, outcome: "ongoing" });
      continue;
    }
    await deps.database.insert(defenceAlert).values({
      kind,
      raisedAt: now,
      lastSeenAt: now,
      details: JSON.stringify(figures),
    });
    deps.metrics.alerts.inc({ kind });
    outcomes.push({ kind, outcome: "raised" });
  }
  const raised = outcomes.filter((entry) => entry.outcome === "raised").map((entry) => entry.kind);
  const figures = raised[0] ? tripped.get(raised[0]) : undefined;
  if (figures) {
    try {
      await deps.alertNotifier.notifyAlert({
        kinds: raised,
        raisedAt: now,
        ...figures,
        attackViewUrl: new URL("/admin/attacks", deps.config.origin),
      });
    } catch (error) {
      // The alert stays recorded and on the admin banner even if the notice fails.
      deps.logger.error({ err: error, kinds: raised }, "alert notification failed");
    }
  }
  return outcomes;
}

/** Alerts seen within the last 15 minutes: the banner on every admin page. */
export async function listCurrentAlerts(
  deps: Pick<Deps, "database" | "clock">,
): Promise<DefenceAlert[]> {
  const since = new Date(deps.clock.now().getTime() - alertRepeatInMinutes * 60_000);
  return deps.database
    .select()
    .from(defenceAlert)
    .where(gt(defenceAlert.lastSeenAt, since))
    .orderBy(desc(defenceAlert.raisedAt))
    .limit(10);
}

export async function listRecentAlerts(
  deps: Pick<Deps, "database" | "clock">,
  options: { since: Date },
): Promise<DefenceAlert[]> {
  return deps.database
    .select()
    .from(defenceAlert)
    .where(gt(defenceAlert.lastSeenAt, options.since))
    .orderBy(desc(defenceAlert.raisedAt))
    .limit(50);
}
