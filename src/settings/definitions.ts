import type { Config } from "../config";
import { maximumPasswordCharacters } from "../passwords/input";

/**
 * The policies an operator may change at run time, on the Settings page. Each one's default is
 * its environment variable (read at start); an override stored in the database wins. The
 * bounds are the environment's own (test/admin-settings.test.ts holds them together), so any
 * default is a valid value and any saved value would also be accepted at start.
 */
export type SettingSection =
  | "passwords"
  | "throttles"
  | "detection"
  | "waves"
  | "under-attack"
  | "retention";

export type SettingUnit =
  | "characters"
  | "attempts-per-minute"
  | "attempts"
  | "minutes"
  | "days"
  | "times-baseline"
  | "accounts"
  | "tries-per-account"
  | "divisor"
  | "iterations"
  | "bits"
  | "deviations"
  | "signals";

interface DefinitionBase {
  section: SettingSection;
  /** The variable that gives the default (bursts default to their rate's variable). */
  environmentVariable: string;
}

export interface NumberSettingDefinition extends DefinitionBase {
  kind: "integer" | "decimal";
  minimum: number;
  maximum: number;
  unit: SettingUnit;
  defaultOf(config: Config): number;
}

export interface BooleanSettingDefinition extends DefinitionBase {
  kind: "boolean";
  defaultOf(config: Config): boolean;
}

export type SettingDefinition = NumberSettingDefinition | BooleanSettingDefinition;

const integer = (definition: Omit<NumberSettingDefinition, "kind">) =>
  ({ kind: "integer", ...definition }) as const satisfies NumberSettingDefinition;
const decimal = (definition: Omit<NumberSettingDefinition, "kind">) =>
  ({ kind: "decimal", ...definition }) as const satisfies NumberSettingDefinition;

/** In page order. */
export const settingDefinitions = {
  // NIST SP 800-63B rev. 4 s3.1.1.2: at least 8, 15 where the password is the only factor.
  passwordMinimumLength: integer({
    section: "passwords",
    environmentVariable: "REKEY_PASSWORD_MIN_LENGTH",
    minimum: 8,
    maximum: Math.min(64, maximumPasswordCharacters),
    unit: "characters",
    defaultOf: (config) => config.passwordMinimumLength,
  }),
  signInPerAddressPerMinute: integer({
    section: "throttles",
    environmentVariable: "REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE",
    minimum: 1,
    maximum: 10_000,
    unit: "attempts-per-minute",
    defaultOf: (config) => config.defence.signInPerAddress.perMinute,
  }),
  signInPerAddressBurst: integer({
    section: "throttles",
    environmentVariable: "REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE",
    minimum: 1,
    maximum: 10_000,
    unit: "attempts",
    defaultOf: (config) => config.defence.signInPerAddress.burst,
  }),
  signInPerNetworkPerMinute: integer({
    section: "throttles",
    environmentVariable: "REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE",
    minimum: 1,
    maximum: 100_000,
    unit: "attempts-per-minute",
    defaultOf: (config) => config.defence.signInPerNetwork.perMinute,
  }),
  signInPerNetworkBurst: integer({
    section: "throttles",
    environmentVariable: "REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE",
    minimum: 1,
    maximum: 100_000,
    unit: "attempts",
    defaultOf: (config) => config.defence.signInPerNetwork.burst,
  }),
  // RFC 6177 / RIPE-690: a subscriber holds at least a /64, often a /56 or a /48.
  ipv6SourcePrefixLength: integer({
    section: "throttles",
    environmentVariable: "REKEY_IPV6_SOURCE_PREFIX",
    minimum: 48,
    maximum: 128,
    unit: "bits",
    defaultOf: (config) => config.defence.ipv6SourcePrefixLength,
  }),
  accountFreeFailures: integer({
    section: "throttles",
    environmentVariable: "REKEY_ACCOUNT_FREE_FAILURES",
    minimum: 1,
    maximum: 100,
    unit: "attempts",
    defaultOf: (config) => config.defence.accountFreeFailures,
  }),
  accountMaximumDelayInMinutes: integer({
    section: "throttles",
    environmentVariable: "REKEY_ACCOUNT_MAX_DELAY_MINUTES",
    minimum: 1,
    maximum: 60,
    unit: "minutes",
    defaultOf: (config) => config.defence.accountMaximumDelayInMinutes,
  }),
  spikeFactor: decimal({
    section: "detection",
    environmentVariable: "REKEY_SPIKE_FACTOR",
    minimum: 1.5,
    maximum: 1000,
    unit: "times-baseline",
    defaultOf: (config) => config.defence.spikeFactor,
  }),
  spikeMinimumAttemptsPerMinute: integer({
    section: "detection",
    environmentVariable: "REKEY_SPIKE_MIN_PER_MINUTE",
    minimum: 1,
    maximum: 1e7,
    unit: "attempts-per-minute",
    defaultOf: (config) => config.defence.spikeMinimumAttemptsPerMinute,
  }),
  autoBlockDistinctAccounts: integer({
    section: "detection",
    environmentVariable: "REKEY_AUTO_BLOCK_ACCOUNTS",
    minimum: 2,
    maximum: 100_000,
    unit: "accounts",
    defaultOf: (config) => config.defence.autoBlockDistinctAccounts,
  }),
  autoBlockMaximumTriesPerAccount: decimal({
    section: "detection",
    environmentVariable: "REKEY_AUTO_BLOCK_MAX_TRIES",
    minimum: 1,
    maximum: 100,
    unit: "tries-per-account",
    defaultOf: (config) => config.defence.autoBlockMaximumTriesPerAccount,
  }),
  autoBlockWindowInMinutes: integer({
    section: "detection",
    environmentVariable: "REKEY_AUTO_BLOCK_WINDOW_MINUTES",
    minimum: 1,
    maximum: 1440,
    unit: "minutes",
    defaultOf: (config) => config.defence.autoBlockWindowInMinutes,
  }),
  autoBlockDurationInMinutes: integer({
    section: "detection",
    environmentVariable: "REKEY_AUTO_BLOCK_MINUTES",
    minimum: 1,
    maximum: 43_200,
    unit: "minutes",
    defaultOf: (config) => config.defence.autoBlockDurationInMinutes,
  }),
  // Per device and 15 minutes; 0 lets no one through an automatic block.
  blockedDeviceAttempts: integer({
    section: "detection",
    environmentVariable: "REKEY_BLOCKED_DEVICE_ATTEMPTS",
    minimum: 0,
    maximum: 100,
    unit: "attempts",
    defaultOf: (config) => config.defence.blockedDeviceAttempts,
  }),
  // Slow-wave detection (src/defence/waves, README "Slow-wave detection").
  waveDetection: {
    kind: "boolean",
    section: "waves",
    environmentVariable: "REKEY_WAVE_DETECTION",
    defaultOf: (config: Config) => config.defence.waveDetection,
  } as const satisfies BooleanSettingDefinition,
  waveDeviation: decimal({
    section: "waves",
    environmentVariable: "REKEY_WAVE_DEVIATION",
    minimum: 2,
    maximum: 50,
    unit: "deviations",
    defaultOf: (config) => config.defence.waveDeviation,
  }),
  waveMinimumExcess: integer({
    section: "waves",
    environmentVariable: "REKEY_WAVE_MIN_EXCESS",
    minimum: 1,
    maximum: 100_000,
    unit: "attempts",
    defaultOf: (config) => config.defence.waveMinimumExcess,
  }),
  waveMinimumSignals: integer({
    section: "waves",
    environmentVariable: "REKEY_WAVE_MIN_SIGNALS",
    minimum: 1,
    maximum: 7,
    unit: "signals",
    defaultOf: (config) => config.defence.waveMinimumSignals,
  }),
  waveBaselineDays: integer({
    section: "waves",
    environmentVariable: "REKEY_WAVE_BASELINE_DAYS",
    minimum: 2,
    maximum: 60,
    unit: "days",
    defaultOf: (config) => config.defence.waveBaselineDays,
  }),
  waveUnderAttack: {
    kind: "boolean",
    section: "waves",
    environmentVariable: "REKEY_WAVE_UNDER_ATTACK",
    defaultOf: (config: Config) => config.defence.waveUnderAttack,
  } as const satisfies BooleanSettingDefinition,
  underAttackAutomatic: {
    kind: "boolean",
    section: "under-attack",
    environmentVariable: "REKEY_UNDER_ATTACK_AUTO",
    defaultOf: (config: Config) => config.defence.underAttackAutomatic,
  } as const satisfies BooleanSettingDefinition,
  underAttackDurationInMinutes: integer({
    section: "under-attack",
    environmentVariable: "REKEY_UNDER_ATTACK_MINUTES",
    minimum: 1,
    maximum: 1440,
    unit: "minutes",
    defaultOf: (config) => config.defence.underAttackDurationInMinutes,
  }),
  underAttackTightening: integer({
    section: "under-attack",
    environmentVariable: "REKEY_UNDER_ATTACK_TIGHTENING",
    minimum: 1,
    maximum: 100,
    unit: "divisor",
    defaultOf: (config) => config.defence.underAttackTightening,
  }),
  proofOfWorkCost: integer({
    section: "under-attack",
    environmentVariable: "REKEY_PROOF_OF_WORK_COST",
    minimum: 1,
    maximum: 100_000,
    unit: "iterations",
    defaultOf: (config) => config.defence.proofOfWorkCost,
  }),
  signInLogRetentionInDays: integer({
    section: "retention",
    environmentVariable: "REKEY_SIGN_IN_LOG_DAYS",
    minimum: 1,
    maximum: 3650,
    unit: "days",
    defaultOf: (config) => config.defence.signInLogRetentionInDays,
  }),
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof settingDefinitions;

export type SettingValues = {
  [Name in SettingName]: (typeof settingDefinitions)[Name]["kind"] extends "boolean"
    ? boolean
    : number;
};

export type SettingValue = SettingValues[SettingName];

export const settingNames = Object.keys(settingDefinitions) as SettingName[];

export const settingSections: readonly SettingSection[] = [
  "passwords",
  "throttles",
  "detection",
  "waves",
  "under-attack",
  "retention",
];

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(settingDefinitions, name);
}

export function definitionOf(name: SettingName): SettingDefinition {
  return settingDefinitions[name];
}

/** The values the environment gives, before any override. */
export function defaultSettingValues(config: Config): SettingValues {
  return Object.fromEntries(
    settingNames.map((name) => [name, definitionOf(name).defaultOf(config)]),
  ) as SettingValues;
}

/** Whether a value (typed, or read back from storage) is allowed for a setting. */
export function isAllowedSettingValue(name: SettingName, value: unknown): value is SettingValue {
  const definition = definitionOf(name);
  if (definition.kind === "boolean") return typeof value === "boolean";
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    (definition.kind === "decimal" || Number.isInteger(value)) &&
    value >= definition.minimum &&
    value <= definition.maximum
  );
}
