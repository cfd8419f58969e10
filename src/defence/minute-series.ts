import { and, gte, lte } from "drizzle-orm";
import { signInMinute } from "../db/schema";
import type { Deps } from "../deps";
import { listRecentAlerts } from "./alerts";
import { minuteOf } from "./sign-in-events";

export interface MinuteSeries {
  /** Minutes since the epoch of the first point. */
  startMinute: number;
  attempts: number[];
  failures: number[];
  alertMinutes: number[];
}

/**
 * Sign-in attempts and failures per minute over the last hours, from the per-minute counters
 * (at most 1,440 rows a day, however large the attack), with the minutes alerts were raised.
 */
export async function loadMinuteSeries(
  deps: Pick<Deps, "database" | "clock">,
  options: { hours: number },
): Promise<MinuteSeries> {
  const now = deps.clock.now();
  const lastMinute = minuteOf(now);
  const startMinute = lastMinute - options.hours * 60 + 1;
  const rows = await deps.database
    .select()
    .from(signInMinute)
    .where(and(gte(signInMinute.minute, startMinute), lte(signInMinute.minute, lastMinute)));
  const attempts = new Array<number>(options.hours * 60).fill(0);
  const failures = new Array<number>(options.hours * 60).fill(0);
  for (const row of rows) {
    attempts[row.minute - startMinute] = row.attempts;
    failures[row.minute - startMinute] = row.attempts - row.successes;
  }
  const since = new Date(now.getTime() - options.hours * 3_600_000);
  const alerts = await listRecentAlerts(deps, { since });
  return {
    startMinute,
    attempts,
    failures,
    alertMinutes: alerts.map((alert) => minuteOf(alert.raisedAt)),
  };
}
