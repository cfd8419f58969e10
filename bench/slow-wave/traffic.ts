import { createHmac } from "node:crypto";
import type { SignInEventRow, SignInMethod, SignInResult } from "../../src/defence/sign-in-events";
import { describeSignInEvent } from "../../src/defence/sign-in-events";

/**
 * Synthetic sign-in traffic for the slow-wave benchmark and tests: members with a daily
 * rhythm, typos, passkeys, phones on carrier networks and the odd new device; and a patient
 * wave from thousands of addresses replaying a combo list. Deterministic for a given seed.
 */

/** mulberry32: small, seedable, good enough for traffic shapes. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulatedMember {
  memberId: number;
  loginId: string;
  /** The minute of the day (UTC) this member usually signs in around. */
  usualMinute: number;
  signInsPerDay: number;
  homeAddress: string;
  userAgent: string;
  usesPasskey: boolean;
  resetRequired: boolean;
}

export interface TimedEvent {
  at: number;
  row: SignInEventRow;
  /** For the benchmark's scoring: which wave pair produced it. */
  fromWave: boolean;
}

const homePrefixes = Array.from({ length: 120 }, (_, index) => [60 + (index % 60), 10 + index]);
const mobilePrefixes = Array.from({ length: 20 }, (_, index) => [106, 128 + index]);
const commonUserAgents = Array.from({ length: 40 }, (_, index) => {
  const kind = index % 4;
  const version = 120 + Math.floor(index / 4);
  return kind === 0
    ? `Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/${version}.0`
    : kind === 1
      ? `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${index} like Mac OS X) Safari/604.1`
      : kind === 2
        ? `Mozilla/5.0 (Linux; Android 14) Chrome/${version}.0 Mobile`
        : `Mozilla/5.0 (Macintosh; Intel Mac OS X 14_${index}) Safari/605.1`;
});

/** Three peaks a day (morning, lunch, evening) over a quiet night. */
function sampleUsualMinute(random: () => number): number {
  const peak = random();
  const centre = peak < 0.3 ? 7.5 * 60 : peak < 0.55 ? 12.5 * 60 : 20.5 * 60;
  return Math.round(centre + gaussian(random) * 90 + 1440) % 1440;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function addressIn(prefix: number[], random: () => number): string {
  return `${prefix[0]}.${prefix[1]}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function createMembers(options: {
  count: number;
  firstMemberId: number;
  random: () => number;
}): SimulatedMember[] {
  return Array.from({ length: options.count }, (_, index) => ({
    memberId: options.firstMemberId + index,
    loginId: `member${index}`,
    usualMinute: sampleUsualMinute(options.random),
    signInsPerDay: 0.4 + options.random() * 1.4,
    homeAddress: addressIn(pick(homePrefixes, options.random), options.random),
    userAgent: pick(commonUserAgents, options.random),
    usesPasskey: options.random() < 0.15,
    resetRequired: options.random() < 0.005,
  }));
}

/** The identifier hash the portal would log; any fixed key shows the same structure. */
export function identifierHashOf(loginId: string): Buffer {
  const digest = createHmac("sha256", "bench").update(`login-id:${loginId}`).digest();
  return Buffer.concat([Buffer.from([0]), digest.subarray(0, 15)]);
}

function event(
  at: number,
  fields: {
    method: SignInMethod;
    result: SignInResult;
    memberId: number | null;
    identifier: Buffer | null;
    ipAddress: string;
    userAgent: string;
  },
  fromWave = false,
): TimedEvent {
  const row = describeSignInEvent(
    {
      method: fields.method,
      result: fields.result,
      memberId: fields.memberId,
      identifier: fields.identifier ? { kind: "login-id", hash: fields.identifier } : null,
      ipAddress: fields.ipAddress,
      userAgent: fields.userAgent,
    },
    new Date(at),
  );
  return { at, row, fromWave };
}

/**
 * One day of ordinary sign-ins from `dayStart` (ms, midnight UTC): each member around their
 * usual time, 12% after a typo, 2% after mistyping the ID, 30% from a phone's carrier address,
 * 2% from a new device; passkey users never mistype.
 */
export function generateOrdinaryDay(
  members: readonly SimulatedMember[],
  dayStart: number,
  random: () => number,
): TimedEvent[] {
  const events: TimedEvent[] = [];
  for (const member of members) {
    let visits = Math.floor(member.signInsPerDay);
    if (random() < member.signInsPerDay - visits) visits++;
    for (let visit = 0; visit < visits; visit++) {
      const minute = (member.usualMinute + gaussian(random) * 40 + 1440) % 1440;
      let at = dayStart + Math.floor(minute * 60_000);
      const newDevice = random() < 0.02;
      const ipAddress =
        newDevice || random() < 0.3
          ? addressIn(pick(mobilePrefixes, random), random)
          : member.homeAddress;
      const userAgent = newDevice
        ? `${pick(commonUserAgents, random)} NewDevice/${Math.floor(random() * 1e6)}`
        : member.userAgent;
      const identifier = identifierHashOf(member.loginId);
      const base = { ipAddress, userAgent };
      if (member.usesPasskey && !newDevice) {
        events.push(
          event(at, {
            ...base,
            method: "passkey",
            result: "success",
            memberId: member.memberId,
            identifier: null,
          }),
        );
        continue;
      }
      if (random() < 0.02) {
        events.push(
          event(at, {
            ...base,
            method: "password",
            result: "unknown-id",
            memberId: null,
            identifier: identifierHashOf(`${member.loginId}x`),
          }),
        );
        at += 20_000 + Math.floor(random() * 40_000);
      }
      if (random() < 0.12) {
        events.push(
          event(at, {
            ...base,
            method: "password",
            result: "wrong-password",
            memberId: member.memberId,
            identifier,
          }),
        );
        at += 15_000 + Math.floor(random() * 60_000);
      }
      events.push(
        event(at, {
          ...base,
          method: "password",
          result: member.resetRequired ? "reset-required" : "success",
          memberId: member.memberId,
          identifier,
        }),
      );
    }
  }
  return events.sort((left, right) => left.at - right.at);
}

export interface WaveOptions {
  startAt: number;
  durationInMinutes: number;
  addresses: number;
  attempts: number;
  /** Share of pairs that are a member's real password. */
  validShare: number;
  /** Share of pairs whose ID is a member at all (the rest are unknown IDs). */
  memberShare: number;
}

/**
 * A combo-list replay spread thin: `addresses` addresses anywhere in IPv4 space, each making
 * a few tries at random moments of the wave with rotating user agents, every pair tried once,
 * IDs in list order (unrelated to members' hours).
 */
export function generateWave(
  members: readonly SimulatedMember[],
  options: WaveOptions,
  random: () => number,
): TimedEvent[] {
  const addresses = Array.from(
    { length: options.addresses },
    () =>
      `${11 + Math.floor(random() * 180)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`,
  );
  const agents = Array.from(
    { length: 300 },
    (_, index) => `Mozilla/5.0 (X11; Linux x86_64) Chrome/${90 + (index % 40)}.0.${index}`,
  );
  const events: TimedEvent[] = [];
  for (let pair = 0; pair < options.attempts; pair++) {
    const at = options.startAt + Math.floor(random() * options.durationInMinutes * 60_000);
    const base = {
      method: "password" as const,
      ipAddress: pick(addresses, random),
      userAgent: pick(agents, random),
    };
    if (random() >= options.memberShare) {
      events.push(
        event(
          at,
          {
            ...base,
            result: "unknown-id",
            memberId: null,
            identifier: identifierHashOf(`leaked${pair}@mail.example`),
          },
          true,
        ),
      );
      continue;
    }
    const member = pick(members, random);
    const valid = random() < options.validShare / options.memberShare;
    const result: SignInResult = !valid
      ? "wrong-password"
      : member.resetRequired
        ? "reset-required"
        : "success";
    events.push(
      event(
        at,
        {
          ...base,
          result,
          memberId: member.memberId,
          identifier: identifierHashOf(member.loginId),
        },
        true,
      ),
    );
  }
  return events.sort((left, right) => left.at - right.at);
}
