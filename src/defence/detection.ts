import { and, gte, lte } from "drizzle-orm";
import { signInMinute } from "../db/schema";
import type { Deps } from "../deps";
import { type AlertFigures, raiseAlerts } from "./alerts";
import { addSourceBlocks } from "./blocklist";
import { createAddressMatcher, firstAddressOf, parseCidr } from "./ip-address";
import type { AlertKind } from "./notifiers";
import { minuteOf } from "./sign-in-events";
import { summarizeSources } from "./source-queries";
import { extendAutomaticUnderAttack } from "./state";

/** The rolling baseline: the hour before the last complete minute. */
export const baselineMinutes = 60;
/** A failure ratio never counts as a spike below factor x this floor (typos happen). */
const failureRatioFloor = 0.1;
/** A source must fail at least this share of its attempts to match the stuffing signature. */
const stuffingFailureShare = 0.5;

export interface SpikeThresholds {
  attemptsPerMinute: number;
  failureRatio: number;
}

export interface Evaluation {
  thresholds: SpikeThresholds;
  alerts: { kind: AlertKind; outcome: "raised" | "ongoing" }[];
  autoBlocked: string[];
}

type EvaluationDeps = Parameters<typeof raiseAlerts>[0] & Pick<Deps, "config" | "settings">;

/**
 * One pass of detection: the last complete and the current minute against the baseline, then
 * the stuffing signature per source. Callers hold the detection lease (see monitor.ts).
 */
export async function evaluateDefence(deps: EvaluationDeps): Promise<Evaluation> {
  const config = (await deps.settings.current()).defence;
  const now = deps.clock.now();
  const current = minuteOf(now);
  const rows = await deps.database
    .select()
    .from(signInMinute)
    .where(
      and(
        gte(signInMinute.minute, current - baselineMinutes - 1),
        lte(signInMinute.minute, current),
      ),
    );
  const baseline = rows.filter((row) => row.minute < current - 1);
  const baselineAttempts = sum(baseline, "attempts") / baselineMinutes;
  const baselineAttemptsTotal = sum(baseline, "attempts");
  const baselineFailureRatio =
    baselineAttemptsTotal === 0 ? 0 : 1 - sum(baseline, "successes") / baselineAttemptsTotal;
  const thresholds: SpikeThresholds = {
    attemptsPerMinute: Math.max(
      config.spikeMinimumAttemptsPerMinute,
      config.spikeFactor * baselineAttempts,
    ),
    failureRatio: Math.min(
      0.95,
      config.spikeFactor * Math.max(baselineFailureRatio, failureRatioFloor),
    ),
  };

  const tripped = new Map<AlertKind, AlertFigures>();
  for (const row of rows.filter((candidate) => candidate.minute >= current - 1)) {
    const failureRatio = 1 - row.successes / row.attempts;
    const figures: AlertFigures = {
      attemptsPerMinute: row.attempts,
      baselineAttemptsPerMinute: Math.round(baselineAttempts * 10) / 10,
      failureRatio: Math.round(failureRatio * 1000) / 1000,
      baselineFailureRatio: Math.round(baselineFailureRatio * 1000) / 1000,
    };
    if (row.attempts >= thresholds.attemptsPerMinute) tripped.set("attempt-rate", figures);
    if (
      row.attempts >= config.spikeMinimumAttemptsPerMinute &&
      failureRatio >= thresholds.failureRatio
    ) {
      tripped.set("failure-ratio", figures);
    }
  }
  const alerts = tripped.size > 0 ? await raiseAlerts(deps, tripped) : [];
  if (alerts.length > 0 && config.underAttackAutomatic) {
    const until = new Date(now.getTime() + config.underAttackDurationInMinutes * 60_000);
    await extendAutomaticUnderAttack(deps.database, until);
  }
  return { thresholds, alerts, autoBlocked: await blockStuffingSources(deps) };
}

/**
 * The stuffing signature: one source trying many distinct accounts with few tries each and
 * mostly failing. Its address (for IPv6, its whole prefix) is blocked for a while; the reason
 * records the figures that matter (So-net's attacker had a high success rate and used e-mail
 * addresses as IDs).
 */
async function blockStuffingSources(deps: EvaluationDeps): Promise<string[]> {
  const config = (await deps.settings.current()).defence;
  const now = deps.clock.now();
  const sources = await summarizeSources(deps, {
    from: new Date(now.getTime() - config.autoBlockWindowInMinutes * 60_000),
    to: new Date(now.getTime() + 1),
    minimumDistinctAccounts: config.autoBlockDistinctAccounts,
    limit: 10_000,
    maximumEvents: 20_000,
    // Sources already blocked are not blocked again.
    excludeBlocked: true,
    // An IPv6 source is its whole prefix: a wave rotating through a /64 is one source.
    ipv6PrefixLength: config.ipv6SourcePrefixLength,
  });
  const trusted = createAddressMatcher(deps.config.defence.trustedProxies);
  const matching = sources.filter(
    (source) =>
      !trusted.matches(firstAddressOf(source.ipAddress)) &&
      source.attempts / source.distinctAccounts <= config.autoBlockMaximumTriesPerAccount &&
      (source.attempts - source.successes) / source.attempts >= stuffingFailureShare,
  );
  const expiresAt = new Date(now.getTime() + config.autoBlockDurationInMinutes * 60_000);
  const blocks = matching.flatMap((source) => {
    const range = parseCidr(source.ipAddress);
    const checked = source.successes + source.failures;
    const successRate = checked === 0 ? 0 : source.successes / checked;
    const reason =
      `Automatic: ${source.distinctAccounts} accounts, ${(source.attempts / source.distinctAccounts).toFixed(1)} tries each, ` +
      `${percent(successRate)} success, ${percent(source.emailIdentifiers / source.attempts)} e-mail IDs`;
    return range
      ? [{ range, reason, origin: "automatic" as const, expiresAt, createdBy: null }]
      : [];
  });
  const added = blocks.length > 0 ? await addSourceBlocks(deps, blocks) : 0;
  if (added > 0) {
    deps.logger.warn({ sources: added }, "sources blocked automatically (stuffing signature)");
  }
  return blocks.map((block) => block.range.cidr);
}

function sum(rows: readonly (typeof signInMinute.$inferSelect)[], field: "attempts" | "successes") {
  return rows.reduce((total, row) => total + row[field], 0);
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
