import { max } from "drizzle-orm";
import { listNewestMembers } from "../accounts/members";
import { member } from "../db/schema";
import { describeAlert } from "../defence/alert-text";
import type { DefenceAlert } from "../defence/alerts";
import { loadMinuteSeries, type MinuteSeries } from "../defence/minute-series";
import type { Deps } from "../deps";
import type { Messages } from "../i18n";
import { countUnsentMessages } from "../mail/outbox";
import { countBulkResetJobsByStatus, listBulkResetJobs } from "../resets/bulk-reset-jobs";
import { countActiveSessions } from "../sessions/sessions";
import {
  type Census,
  countMemberRange,
  emptyCensusFigures,
  findLatestCompletedCensus,
  findOpenCensus,
  weekStartOf,
} from "./census";

export const adoptionWeeks = 26;
const weekInMilliseconds = 7 * 86_400_000;

export interface AdoptionPoint {
  weekStart: Date;
  members: number;
}

/** Up to this many member numbers, the figures are counted live on every load (milliseconds). */
export const liveFiguresUpToMemberId = 20_000;

export interface Dashboard {
  /** The member figures: counted now for a small database, else the latest census. */
  census: Census | null;
  /** "live": counted for this page; "census": from the background count, `census.startedAt` old. */
  figuresSource: "live" | "census";
  /** When the page was built, for the figures' age. */
  now: Date;
  /** The census being counted, when no completed one exists yet. */
  counting: { countedThroughId: number; lastMemberId: number } | null;
  adoption: AdoptionPoint[];
  activeSessions: number;
  alerts: { raisedAt: Date; text: string }[];
  signIns: MinuteSeries;
  jobs: Awaited<ReturnType<typeof countBulkResetJobsByStatus>>;
  recentJobs: Awaited<ReturnType<typeof listBulkResetJobs>>;
  outbox: Awaited<ReturnType<typeof countUnsentMessages>>;
  newestMembers: { loginId: string; role: string; createdAt: Date }[];
}

/**
 * Members holding a passkey at the end of each of the last weeks: the census counts members
 * by the week of their first passkey, and the running sum gives the curve.
 */
export function passkeyAdoption(census: Census | null, now: Date): AdoptionPoint[] {
  const currentWeek = weekStartOf(now.getTime());
  const firstWeek = currentWeek - (adoptionWeeks - 1) * weekInMilliseconds;
  const weeks = Object.entries(census?.figures.firstPasskeyWeeks ?? {}).map(
    ([week, members]) => [Number(week), members] as const,
  );
  let members = weeks
    .filter(([week]) => week < firstWeek)
    .reduce((total, [, count]) => total + count, 0);
  const points: AdoptionPoint[] = [];
  for (let week = firstWeek; week <= currentWeek; week += weekInMilliseconds) {
    for (const [start, count] of weeks) if (start === week) members += count;
    points.push({ weekStart: new Date(week), members });
  }
  return points;
}

/**
 * Everything the admin overview shows. Member figures come from the latest census (one row);
 * the open alerts are the ones the /admin middleware already loaded for the banner;
 * the rest are reads over small tables or short index ranges, so the page stays fast at a
 * million members.
 */
const liveCensusId = 0;

/**
 * For a small member base the census would only make the figures minutes late: the same two
 * grouped queries over every member cost milliseconds, so they run for each page load.
 */
async function countLiveFigures(deps: Deps, now: Date): Promise<Census | null> {
  const [row] = await deps.database.select({ lastId: max(member.id) }).from(member);
  const lastId = row?.lastId ?? 0;
  if (lastId > liveFiguresUpToMemberId) return null;
  const figures = emptyCensusFigures();
  await countMemberRange(deps.database, { fromId: 0, throughId: lastId, now }, figures);
  return {
    id: liveCensusId,
    startedAt: now,
    completedAt: now,
    countedThroughId: lastId,
    lastMemberId: lastId,
    figures,
  };
}

export async function loadDashboard(
  deps: Deps,
  options: { messages: Messages; alerts: readonly DefenceAlert[] },
): Promise<Dashboard> {
  const { messages, alerts } = options;
  const now = deps.clock.now();
  const census =
    (await countLiveFigures(deps, now)) ?? (await findLatestCompletedCensus(deps.database));
  const open = census ? null : await findOpenCensus(deps.database);
  return {
    census,
    figuresSource: census?.id === liveCensusId ? "live" : "census",
    now,
    counting: open && { countedThroughId: open.countedThroughId, lastMemberId: open.lastMemberId },
    adoption: passkeyAdoption(census, now),
    activeSessions: await countActiveSessions(deps),
    alerts: alerts.map((alert) => ({
      raisedAt: alert.raisedAt,
      text: describeAlert(alert, messages),
    })),
    signIns: await loadMinuteSeries(deps, { hours: 24 }),
    jobs: await countBulkResetJobsByStatus(deps.database),
    recentJobs: await listBulkResetJobs(deps.database, 5),
    outbox: await countUnsentMessages(deps.database),
    newestMembers: (await listNewestMembers(deps.database, 10)).map(
      ({ loginId, role, createdAt }) => ({ loginId, role, createdAt }),
    ),
  };
}
