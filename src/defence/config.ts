import {
  type ParseResult,
  parseBounded,
  parseDecimal,
  parseOneOf,
  type SettingReader,
} from "../config-parsers";
import { type CidrRange, parseCidr } from "./ip-address";

export interface RateLimit {
  perMinute: number;
  /** Requests allowed at once before the rate applies. */
  burst: number;
}

/**
 * Thresholds of the credential-stuffing defence; every one documented in the README. The
 * policies among them are only defaults: read them through `deps.settings`, which applies the
 * overrides of the Settings page (src/settings/definitions.ts lists which).
 */
export interface DefenceConfig {
  /** Peers whose X-Forwarded-For is believed (our own reverse proxies). */
  trustedProxies: CidrRange[];
  metricsToken: string | null;
  metricsAllowedSources: CidrRange[];
  signInLogRetentionInDays: number;
  /** An IPv6 client is counted as its prefix of this length (the per-address bucket, blocks). */
  ipv6SourcePrefixLength: number;
  signInPerAddress: RateLimit;
  signInPerNetwork: RateLimit;
  accountFreeFailures: number;
  accountMaximumDelayInMinutes: number;
  /** Password checks in flight at once for clients without a device cookie, per process. */
  untrustedPasswordChecks: number;
  autoBlockDistinctAccounts: number;
  autoBlockMaximumTriesPerAccount: number;
  autoBlockWindowInMinutes: number;
  autoBlockDurationInMinutes: number;
  /** Sign-ins per 15 minutes a recognised device may make through an automatic block. */
  blockedDeviceAttempts: number;
  spikeFactor: number;
  spikeMinimumAttemptsPerMinute: number;
  underAttackAutomatic: boolean;
  underAttackDurationInMinutes: number;
  /** Under attack, per-address and per-network rates are divided by this. */
  underAttackTightening: number;
  /** PBKDF2 iterations per try; a solution takes 256 tries on average. */
  proofOfWorkCost: number;
  /** Slow-wave detection (src/defence/waves): on or off, and its thresholds. */
  waveDetection: boolean;
  waveDeviation: number;
  waveMinimumExcess: number;
  waveMinimumSignals: number;
  waveBaselineDays: number;
  /** While a wave lasts, automatic under-attack mode stays on (proof of work, tighter limits). */
  waveUnderAttack: boolean;
}

export function readDefenceConfig(read: SettingReader): DefenceConfig {
  const perAddress = read("REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE", "10", parseBounded(1, 10_000));
  const perNetwork = read("REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE", "60", parseBounded(1, 100_000));
  return {
    trustedProxies: read("TRUSTED_PROXIES", "", parseCidrList),
    metricsToken: read("REKEY_METRICS_TOKEN", "", parseOptionalToken),
    metricsAllowedSources: read("REKEY_METRICS_ALLOW", "", parseCidrList),
    signInLogRetentionInDays: read("REKEY_SIGN_IN_LOG_DAYS", "90", parseBounded(1, 3650)),
    ipv6SourcePrefixLength: read("REKEY_IPV6_SOURCE_PREFIX", "64", parseBounded(48, 128)),
    signInPerAddress: { perMinute: perAddress, burst: perAddress },
    signInPerNetwork: { perMinute: perNetwork, burst: perNetwork },
    accountFreeFailures: read("REKEY_ACCOUNT_FREE_FAILURES", "5", parseBounded(1, 100)),
    accountMaximumDelayInMinutes: read(
      "REKEY_ACCOUNT_MAX_DELAY_MINUTES",
      "15",
      parseBounded(1, 60),
    ),
    untrustedPasswordChecks: read("REKEY_UNTRUSTED_PASSWORD_CHECKS", "2", parseBounded(1, 64)),
    autoBlockDistinctAccounts: read("REKEY_AUTO_BLOCK_ACCOUNTS", "10", parseBounded(2, 100_000)),
    autoBlockMaximumTriesPerAccount: read("REKEY_AUTO_BLOCK_MAX_TRIES", "3", parseDecimal(1, 100)),
    autoBlockWindowInMinutes: read("REKEY_AUTO_BLOCK_WINDOW_MINUTES", "10", parseBounded(1, 1440)),
    autoBlockDurationInMinutes: read("REKEY_AUTO_BLOCK_MINUTES", "60", parseBounded(1, 43_200)),
    blockedDeviceAttempts: read("REKEY_BLOCKED_DEVICE_ATTEMPTS", "5", parseBounded(0, 100)),
    spikeFactor: read("REKEY_SPIKE_FACTOR", "4", parseDecimal(1.5, 1000)),
    spikeMinimumAttemptsPerMinute: read("REKEY_SPIKE_MIN_PER_MINUTE", "60", parseBounded(1, 1e7)),
    underAttackAutomatic: read("REKEY_UNDER_ATTACK_AUTO", "true", parseBoolean),
    underAttackDurationInMinutes: read("REKEY_UNDER_ATTACK_MINUTES", "30", parseBounded(1, 1440)),
    underAttackTightening: read("REKEY_UNDER_ATTACK_TIGHTENING", "4", parseBounded(1, 100)),
    proofOfWorkCost: read("REKEY_PROOF_OF_WORK_COST", "500", parseBounded(1, 100_000)),
    waveDetection: read("REKEY_WAVE_DETECTION", "true", parseBoolean),
    waveDeviation: read("REKEY_WAVE_DEVIATION", "5", parseDecimal(2, 50)),
    waveMinimumExcess: read("REKEY_WAVE_MIN_EXCESS", "10", parseBounded(1, 100_000)),
    waveMinimumSignals: read("REKEY_WAVE_MIN_SIGNALS", "2", parseBounded(1, 7)),
    waveBaselineDays: read("REKEY_WAVE_BASELINE_DAYS", "7", parseBounded(2, 60)),
    waveUnderAttack: read("REKEY_WAVE_UNDER_ATTACK", "false", parseBoolean),
  };
}

const parseBooleanWord = parseOneOf(["true", "false"] as const);

function parseBoolean(value: string): ParseResult<boolean> {
  const parsed = parseBooleanWord(value);
  return "problem" in parsed ? parsed : { value: parsed.value === "true" };
}

function parseCidrList(value: string): ParseResult<CidrRange[]> {
  const ranges: CidrRange[] = [];
  for (const entry of value.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    const range = parseCidr(entry);
    if (!range) return { problem: `"${entry}" is not an IPv4 or IPv6 address or CIDR range` };
    ranges.push(range);
  }
  return { value: ranges };
}

// A bearer token is a credential: short ones can be guessed (ASVS 6.2.1 spirit).
function parseOptionalToken(value: string): ParseResult<string | null> {
  if (value === "") return { value: null };
  return value.length >= 32 && /^[\x21-\x7e]+$/.test(value)
    ? { value }
    : { problem: "must be at least 32 printable characters without spaces" };
}
