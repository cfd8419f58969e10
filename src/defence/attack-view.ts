import type { AttacksView } from "../../views/pages/attacks";
import type { Deps } from "../deps";
import type { Messages } from "../i18n";
import { describeAlert } from "./alert-text";
import { listRecentAlerts } from "./alerts";
import { listActiveSourceBlocks, type SourceBlock } from "./blocklist";
import { type CidrRange, createAddressMatcher, firstAddressOf, parseCidr } from "./ip-address";
import { loadMinuteSeries } from "./minute-series";
import { listMembersSignedInFromSources, summarizeSources } from "./source-queries";
import { readUnderAttackState } from "./state";
import { evidenceOf, listRecentWaves } from "./waves/wave-detection";

export const chartPeriodsInHours = [1, 3, 12, 24] as const;

export function rangesOf(blocks: readonly SourceBlock[]): CidrRange[] {
  return blocks.flatMap((block) => parseCidr(block.cidr) ?? []);
}

/** Everything /admin/attacks shows, gathered from the defence's domain queries. */
export async function loadAttackView(
  deps: Deps,
  options: { hours: number; messages: Messages },
): Promise<AttacksView> {
  // This process's refusals and block hits still in the buffer belong in the figures.
  await deps.refusalBuffer.flush();
  const now = deps.clock.now();
  const since = new Date(now.getTime() - options.hours * 3_600_000);
  const alerts = await listRecentAlerts(deps, { since });
  const blocks = await listActiveSourceBlocks(deps, 500);
  const blocked = createAddressMatcher(rangesOf(blocks));
  const sources = await summarizeSources(deps, {
    from: new Date(now.getTime() - 3_600_000),
    to: new Date(now.getTime() + 1),
    minimumDistinctAccounts: 2,
    limit: 25,
    maximumEvents: 200_000,
    excludeBlocked: false,
    ipv6PrefixLength: (await deps.settings.current()).defence.ipv6SourcePrefixLength,
  });
  const affected = await listMembersSignedInFromSources(deps, {
    ranges: rangesOf(blocks),
    from: since,
    to: new Date(now.getTime() + 1),
    onlySuccessful: true,
    limit: 200,
  });
  return {
    hours: options.hours,
    mode: await readUnderAttackState(deps),
    chart: await loadMinuteSeries(deps, { hours: options.hours }),
    alerts: alerts.map((alert) => ({
      raisedAt: alert.raisedAt,
      text: describeAlert(alert, options.messages),
    })),
    sources: sources.map((source) => {
      const checked = source.successes + source.failures;
      return {
        ipAddress: source.ipAddress,
        attempts: source.attempts,
        distinctAccounts: source.distinctAccounts,
        successRate: checked === 0 ? null : source.successes / checked,
        emailShare: source.emailIdentifiers / source.attempts,
        lastAttemptAt: source.lastAttemptAt,
        blocked: blocked.matches(firstAddressOf(source.ipAddress)),
      };
    }),
    blocks,
    affected,
    waves: (await listRecentWaves(deps, 5)).map((wave) => ({
      ...wave,
      evidence: evidenceOf(wave),
    })),
  };
}
