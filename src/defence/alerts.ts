import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { defenceAlert } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { type EventFacts, recordIncidentAlert } from "../webhooks/events";
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
  const outcomes: { kind: AlertKind; outcome: "raised" | "ongoing" }[] = [];
  for (const [kind, figures] of tripped) {
    outcomes.push({ kind, outcome: await recordAlert(deps, { kind, details: figures }) });
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

/**
 * Records one alert: a new one (a row and the metric) unless one of the same kind was raised
 * in the last 15 minutes, which is then only marked as seen. Answers which happened.
 */
export async function recordAlert(
  deps: Pick<Deps, "database" | "clock" | "metrics">,
  alert: { kind: DefenceAlert["kind"]; details: object },
): Promise<"raised" | "ongoing"> {
  const now = deps.clock.now();
  const repeatAfter = new Date(now.getTime() - alertRepeatInMinutes * 60_000);
  const [open] = await deps.database
    .select({ id: defenceAlert.id })
    .from(defenceAlert)
    .where(and(eq(defenceAlert.kind, alert.kind), gt(defenceAlert.raisedAt, repeatAfter)))
    .orderBy(desc(defenceAlert.raisedAt))
    .limit(1);
  if (open) {
    await deps.database
      .update(defenceAlert)
      .set({ lastSeenAt: now })
      .where(eq(defenceAlert.id, open.id));
    return "ongoing";
  }
  await runInTransaction(deps.database, async (database) => {
    await database.insert(defenceAlert).values({
      kind: alert.kind,
      raisedAt: now,
      lastSeenAt: now,
      details: JSON.stringify(alert.details),
    });
    // Spikes and a failing relay also go to webhook endpoints and chat channels (issue 24): a
    // relay that is down cannot carry its own alert by e-mail.
    if (alert.kind !== "webhook-endpoint") {
      await recordIncidentAlert(database, deps.clock, {
        kind: alert.kind,
        ...flattenFigures(alert.details),
      });
    }
  });
  deps.metrics.alerts.inc({ kind: alert.kind });
  return "raised";
}

/** The alert's figures as webhook facts: numbers and words only. */
function flattenFigures(details: object): EventFacts {
  const facts: EventFacts = {};
  for (const [key, value] of Object.entries(details)) {
    if (["string", "number", "boolean"].includes(typeof value)) facts[key] = value;
  }
  return facts;
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

/** Spike alerts for the attack view (a failing mail relay is shown on /admin/mail). */
export async function listRecentAlerts(
  deps: Pick<Deps, "database" | "clock">,
  options: { since: Date },
): Promise<DefenceAlert[]> {
  return deps.database
    .select()
    .from(defenceAlert)
    .where(
      and(
        gt(defenceAlert.lastSeenAt, options.since),
        inArray(defenceAlert.kind, ["attempt-rate", "failure-ratio"]),
      ),
    )
    .orderBy(desc(defenceAlert.raisedAt))
    .limit(50);
}
