import type { Logger } from "pino";
import type { Config } from "../config";
import type { Database } from "../db/connection";
import type { DefenceConfig } from "../defence/config";
import type { Clock } from "../deps";
import { defaultSettingValues, type SettingName, type SettingValues } from "./definitions";
import { loadStoredSettings, readSettingsRevision } from "./store";

/** The policies in force, as one immutable snapshot. */
export interface Settings {
  /** The settings revision this snapshot was read at; -1 before the first read. */
  revision: number;
  values: SettingValues;
  defaults: SettingValues;
  overridden: ReadonlySet<SettingName>;
  /** The defence thresholds with the overrides applied; deployment wiring stays from env. */
  defence: DefenceConfig;
}

/**
 * Where code that applies a policy reads it. Several instances share the database, so a
 * change saved on one must reach the others without a restart: each instance checks the
 * one-row revision at most once per interval and reloads only when it moved. Reads in
 * between cost no query, which matters on the sign-in refusal path.
 */
export interface SettingsSource {
  /** The values in force: cached, revalidated when older than the interval. */
  current(): Promise<Settings>;
  /** The last snapshot read, without waiting: for hints only (the on-demand spike watch). */
  latest(): Settings;
  /** Reads the database now (after a save, and for the Settings page). */
  refresh(): Promise<Settings>;
}

/** How stale another instance's change may be here. One indexed read per interval. */
export const settingsRevalidateAfterInMilliseconds = 1000;

export function createSettingsSource(deps: {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
}): SettingsSource {
  const defaults = defaultSettingValues(deps.config);
  let snapshot = buildSnapshot(deps.config.defence, -1, defaults, {
    values: defaults,
    overridden: new Set(),
  });
  let checkedAt = Number.NEGATIVE_INFINITY;
  // Checks run one after another, so an older read can never overwrite a newer snapshot.
  let latestCheck: Promise<Settings> | null = null;

  const check = async (): Promise<Settings> => {
    const startedAt = deps.clock.now().getTime();
    const revision = await readSettingsRevision(deps.database);
    if (revision !== snapshot.revision) {
      const stored = await loadStoredSettings(deps.database, defaults);
      if (stored.ignored.length > 0) {
        deps.logger.warn({ settings: stored.ignored }, "stored settings ignored: not valid");
      }
      snapshot = buildSnapshot(deps.config.defence, revision, defaults, stored);
    }
    checkedAt = startedAt;
    return snapshot;
  };

  const refresh = (): Promise<Settings> => {
    const next = (latestCheck ?? Promise.resolve()).then(check, check);
    latestCheck = next;
    const forget = () => {
      if (latestCheck === next) latestCheck = null;
    };
    next.then(forget, forget);
    return next;
  };

  return {
    async current() {
      const age = deps.clock.now().getTime() - checkedAt;
      if (age >= 0 && age < settingsRevalidateAfterInMilliseconds) return snapshot;
      return latestCheck ?? refresh();
    },
    latest: () => snapshot,
    refresh,
  };
}

function buildSnapshot(
  base: DefenceConfig,
  revision: number,
  defaults: SettingValues,
  stored: { values: SettingValues; overridden: ReadonlySet<SettingName> },
): Settings {
  return {
    revision,
    values: stored.values,
    defaults,
    overridden: stored.overridden,
    defence: applyDefenceSettings(base, stored.values),
  };
}

function applyDefenceSettings(base: DefenceConfig, values: SettingValues): DefenceConfig {
  return {
    ...base,
    signInLogRetentionInDays: values.signInLogRetentionInDays,
    ipv6SourcePrefixLength: values.ipv6SourcePrefixLength,
    signInPerAddress: {
      perMinute: values.signInPerAddressPerMinute,
      burst: values.signInPerAddressBurst,
    },
    signInPerNetwork: {
      perMinute: values.signInPerNetworkPerMinute,
      burst: values.signInPerNetworkBurst,
    },
    accountFreeFailures: values.accountFreeFailures,
    accountMaximumDelayInMinutes: values.accountMaximumDelayInMinutes,
    autoBlockDistinctAccounts: values.autoBlockDistinctAccounts,
    autoBlockMaximumTriesPerAccount: values.autoBlockMaximumTriesPerAccount,
    autoBlockWindowInMinutes: values.autoBlockWindowInMinutes,
    autoBlockDurationInMinutes: values.autoBlockDurationInMinutes,
    blockedDeviceAttempts: values.blockedDeviceAttempts,
    spikeFactor: values.spikeFactor,
    spikeMinimumAttemptsPerMinute: values.spikeMinimumAttemptsPerMinute,
    underAttackAutomatic: values.underAttackAutomatic,
    underAttackDurationInMinutes: values.underAttackDurationInMinutes,
    underAttackTightening: values.underAttackTightening,
    proofOfWorkCost: values.proofOfWorkCost,
    waveDetection: values.waveDetection,
    waveDeviation: values.waveDeviation,
    waveMinimumExcess: values.waveMinimumExcess,
    waveMinimumSignals: values.waveMinimumSignals,
    waveBaselineDays: values.waveBaselineDays,
    waveUnderAttack: values.waveUnderAttack,
  };
}
