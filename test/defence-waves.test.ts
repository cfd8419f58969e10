import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { asc, eq } from "drizzle-orm";
import { seedMembers } from "../bench/bulk-reset/seed";
import {
  createMembers,
  createRandom,
  generateOrdinaryDay,
  generateWave,
  type SimulatedMember,
} from "../bench/slow-wave/traffic";
import { auditEvent, member, waveBucket, waveDetection, waveSuspectSignIn } from "../src/db/schema";
import { runInTransaction } from "../src/db/transaction";
import { cleanUpDefenceData } from "../src/defence/housekeeping";
import {
  insertSignInEvents,
  minuteOf,
  recordSignInAttempt,
  type SignInAttempt,
} from "../src/defence/sign-in-events";
import { readUnderAttackState } from "../src/defence/state";
import { measureWaveBucket, type WaveBucketCounts } from "../src/defence/waves/bucket-measure";
import { runWavePassNow } from "../src/defence/waves/wave-monitor";
import {
  readWaveSignals,
  trippedSignals,
  type WaveSignal,
  waveSignals,
} from "../src/defence/waves/wave-signals";
import { claimLease } from "../src/jobs/lease";
import { findBulkResetJob } from "../src/resets/bulk-reset-jobs";
import { saveSettings } from "../src/settings/store";
import { SoftwareAuthenticator } from "./support/authenticator";
import { registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, ManualClock, type TestPortal } from "./support/harness";
import { enrolConfirmedPasskey, signInWithPasskey } from "./support/passkeys";
import { createPersonas } from "./support/routes";

const usualAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0";
const thresholds = { deviation: 5, minimumExcess: 10 };

/** Members member0..member<count-1> straight into the table; answers the first one's ID. */
async function seedLoginIds(portal: TestPortal, count: number): Promise<number> {
  seedMembers(portal.deps.database, {
    count,
    passwordHash: "$argon2id$test",
    now: portal.clock.now().getTime(),
  });
  const [first] = await portal.deps.database
    .select({ id: member.id })
    .from(member)
    .where(eq(member.loginId, "member0"));
  assert.ok(first);
  return first.id;
}

/** Writes one attempt to the log at a given time, as the sign-in routes would. */
async function logAttempt(
  portal: TestPortal,
  time: string,
  attempt: Partial<SignInAttempt> & Pick<SignInAttempt, "result">,
): Promise<void> {
  await recordSignInAttempt(
    { ...portal.deps, clock: new ManualClock(new Date(time)) },
    {
      method: "password",
      memberId: null,
      identifier: null,
      ipAddress: "192.0.2.10",
      userAgent: usualAgent,
      ...attempt,
    },
  );
}

const bucketAt = (time: string) => minuteOf(new Date(time));

describe("wave signals measured from the sign-in log", () => {
  test("unknown IDs and accounts awaiting a reset are counted; a quiet bucket has neither", async () => {
    const portal = createTestPortal();
    const first = await seedLoginIds(portal, 2);
    await logAttempt(portal, "2026-11-20T10:00:00Z", { result: "success", memberId: first });
    const quiet = await measureWaveBucket(portal.deps.database, bucketAt("2026-11-20T10:00:00Z"));
    assert.deepEqual([quiet.attempts, quiet.unknownIds, quiet.resetRequired], [1, 0, 0]);

    for (const second of [1, 2, 3])
      await logAttempt(portal, `2026-11-20T11:00:0${second}Z`, { result: "unknown-id" });
    await logAttempt(portal, "2026-11-20T11:01:00Z", {
      result: "reset-required",
      memberId: first + 1,
    });
    await logAttempt(portal, "2026-11-20T11:02:00Z", { result: "success", memberId: first });
    // Refusals never reached a check: not attempts of the bucket.
    await logAttempt(portal, "2026-11-20T11:03:00Z", { result: "throttled" });
    await portal.deps.refusalBuffer.flush();
    const wave = await measureWaveBucket(portal.deps.database, bucketAt("2026-11-20T11:00:00Z"));
    assert.deepEqual([wave.attempts, wave.unknownIds, wave.resetRequired], [5, 3, 1]);
  });

  test("IDs tried once from an address nothing ever succeeded from are counted, members' own addresses not", async () => {
    const portal = createTestPortal();
    const first = await seedLoginIds(portal, 4);
    const hash = (index: number) => ({ kind: "login-id" as const, hash: Buffer.alloc(16, index) });
    // The member's home address has a success on record.
    await logAttempt(portal, "2026-11-19T08:00:00Z", {
      result: "success",
      memberId: first,
      identifier: hash(1),
      ipAddress: "192.0.2.10",
    });
    const at = "2026-11-20T11:00:00Z";
    await logAttempt(portal, at, {
      result: "wrong-password",
      memberId: first,
      identifier: hash(1),
    });
    // A new address trying three IDs once each: three single tries.
    for (const index of [2, 3, 4])
      await logAttempt(portal, at, {
        result: "wrong-password",
        memberId: first + index - 1,
        identifier: hash(index),
        ipAddress: "203.0.113.5",
      });
    // A new address trying one ID twice (a member mistyping on a new network): not single.
    for (const _ of [1, 2])
      await logAttempt(portal, at, {
        result: "wrong-password",
        memberId: first,
        identifier: hash(1),
        ipAddress: "198.51.100.9",
      });
    const counts = await measureWaveBucket(portal.deps.database, bucketAt(at));
    assert.equal(counts.attempts, 6);
    assert.equal(counts.freshAddressSingleTries, 3);
  });

  test("first-try successes on new devices are told from members' typos and known devices", async () => {
    const portal = createTestPortal();
    const first = await seedLoginIds(portal, 3);
    for (const memberId of [first, first + 1, first + 2])
      await logAttempt(portal, "2026-11-19T08:00:00Z", { result: "success", memberId });
    const at = "2026-11-20T11:00:00Z";
    // A replayed pair: a new device, a new address, right at the first try.
    await logAttempt(portal, "2026-11-20T11:00:30Z", {
      result: "success",
      memberId: first,
      ipAddress: "203.0.113.5",
      userAgent: "bot/1",
    });
    // A member on a new phone who mistyped first.
    await logAttempt(portal, "2026-11-20T11:00:00Z", {
      result: "wrong-password",
      memberId: first + 1,
      userAgent: "phone/2",
    });
    await logAttempt(portal, "2026-11-20T11:01:00Z", {
      result: "success",
      memberId: first + 1,
      userAgent: "phone/2",
    });
    // A member on the usual device.
    await logAttempt(portal, "2026-11-20T11:02:00Z", { result: "success", memberId: first + 2 });
    const counts = await measureWaveBucket(portal.deps.database, bucketAt(at));
    assert.deepEqual([counts.newDeviceSuccesses, counts.newDeviceFirstTrySuccesses], [2, 1]);
    const suspects = await portal.deps.database.select().from(waveSuspectSignIn);
    assert.deepEqual(
      suspects.map((suspect) => suspect.memberId),
      [first],
      "only the replayed pair matches the wave's pattern",
    );
  });

  test("attempts far from every earlier sign-in's time of day count as unusual hours", async () => {
    const portal = createTestPortal();
    const first = await seedLoginIds(portal, 2);
    for (const day of ["16", "17", "18"])
      for (const memberId of [first, first + 1])
        await logAttempt(portal, `2026-11-${day}T08:00:00Z`, { result: "success", memberId });
    // One member signs in at 08:30 as usual; the other is tried at 03:00.
    await logAttempt(portal, "2026-11-20T08:30:00Z", { result: "success", memberId: first });
    await logAttempt(portal, "2026-11-20T03:00:00Z", {
      result: "wrong-password",
      memberId: first + 1,
    });
    const usual = await measureWaveBucket(portal.deps.database, bucketAt("2026-11-20T08:30:00Z"));
    assert.deepEqual([usual.habitualAttempts, usual.offHourAttempts], [1, 0]);
    const odd = await measureWaveBucket(portal.deps.database, bucketAt("2026-11-20T03:00:00Z"));
    assert.deepEqual([odd.habitualAttempts, odd.offHourAttempts], [1, 1]);
  });

  test("user agents and /16 networks are counted distinct", async () => {
    const portal = createTestPortal();
    const at = "2026-11-20T11:00:00Z";
    const sources: [string, string][] = [
      ["192.0.2.1", "a"],
      ["192.0.2.200", "a"],
      ["198.51.100.1", "b"],
      ["2001:db8::1", "c"],
      ["2001:db8:ffff::1", "c"],
    ];
    for (const [ipAddress, userAgent] of sources)
      await logAttempt(portal, at, { result: "unknown-id", ipAddress, userAgent });
    const counts = await measureWaveBucket(portal.deps.database, bucketAt(at));
    assert.deepEqual([counts.distinctUserAgents, counts.distinctNetworks], [3, 3]);
  });

  test("a passkey sign-in is counted like a password one: an attempt, a new-device first-try success, a wave suspect", async () => {
    const portal = createTestPortal();
    const firefox = "Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0";
    const home = { ipAddress: "192.0.2.1", userAgent: firefox };
    const taro = await registerAndSignIn(portal, { loginId: "taro", ...home });
    const hanako = await registerAndSignIn(portal, { loginId: "hanako", ...home });
    const authenticator = new SoftwareAuthenticator();
    assert.equal((await enrolConfirmedPasskey(portal, hanako, authenticator)).status, 200);
    assert.ok(taro);
    portal.clock.advanceByMinutes(10);
    const away = (ipAddress: string) => ({ ipAddress, userAgent: "Mozilla/5.0 (X11) Chrome/99.0" });
    const withPassword = new TestBrowser(portal, away("203.0.113.7"));
    const signedIn = await withPassword.post("/login", {
      loginId: "taro",
      password: "correct horse battery staple",
    });
    assert.equal(signedIn.status, 303);
    const withPasskey = new TestBrowser(portal, away("203.0.113.8"));
    assert.equal((await signInWithPasskey(withPasskey, authenticator)).status, 200);

    const counts = await measureWaveBucket(
      portal.deps.database,
      Math.floor(minuteOf(portal.clock.now()) / 5) * 5,
    );
    assert.equal(counts.attempts, 2);
    assert.equal(counts.newDeviceSuccesses, 2);
    assert.equal(counts.newDeviceFirstTrySuccesses, 2);
    assert.equal(counts.freshAddressSingleTries, 2);
    const suspects = await portal.deps.database
      .select({ loginId: member.loginId })
      .from(waveSuspectSignIn)
      .innerJoin(member, eq(member.id, waveSuspectSignIn.memberId))
      .orderBy(asc(member.loginId));
    assert.deepEqual(
      suspects.map((suspect) => suspect.loginId),
      ["hanako", "taro"],
    );
  });
});

describe("wave job across instances", () => {
  test("while another instance holds the lease a pass does nothing; after it expires, the pass measures where the log begins", async () => {
    const portal = createTestPortal();
    await logAttempt(portal, "2026-11-21T08:00:00Z", { result: "unknown-id" });
    assert.ok(
      await claimLease(portal.deps, {
        name: "wave-detection",
        holder: "other",
        durationInSeconds: 60,
      }),
    );
    assert.equal(await runWavePassNow(portal.deps), null);
    assert.deepEqual(await portal.deps.database.select().from(waveBucket), []);
    portal.clock.advanceByMinutes(2);
    const pass = await runWavePassNow(portal.deps);
    // 08:00 to 09:00: twelve buckets, from the first event on (not a week of empty ones).
    assert.equal(pass?.measuredBuckets, 12);
    assert.equal(pass?.outcome, "learning");
  });
});

describe("wave data retention", () => {
  test("bucket counts and suspect sign-ins are deleted with the sign-in log they came from", async () => {
    const portal = createTestPortal({ REKEY_SIGN_IN_LOG_DAYS: "1" });
    const first = await seedLoginIds(portal, 1);
    const at = "2026-11-21T08:00:00Z";
    await logAttempt(portal, at, { result: "success", memberId: first, ipAddress: "203.0.113.9" });
    await measureWaveBucket(portal.deps.database, bucketAt(at));
    assert.equal((await portal.deps.database.select().from(waveSuspectSignIn)).length, 1);
    await cleanUpDefenceData(portal.deps);
    assert.equal((await portal.deps.database.select().from(waveBucket)).length, 1, "kept a day");
    portal.clock.advanceByMinutes(2 * 1440);
    await cleanUpDefenceData(portal.deps);
    assert.deepEqual(await portal.deps.database.select().from(waveBucket), []);
    assert.deepEqual(await portal.deps.database.select().from(waveSuspectSignIn), []);
  });
});

/** Four days of five-minute buckets with binomial noise around ordinary shares. */
function quietHistory(seed: number): WaveBucketCounts[] {
  const random = createRandom(seed);
  const draw = (count: number, share: number) => {
    let hits = 0;
    for (let index = 0; index < count; index++) if (random() < share) hits++;
    return hits;
  };
  return Array.from({ length: 4 * 288 }, (_, index) => {
    const attempts = 40 + Math.floor(random() * 40);
    const newDeviceSuccesses = draw(attempts, 0.05);
    const habitualAttempts = draw(attempts, 0.8);
    return {
      startMinute: index * 5,
      attempts,
      unknownIds: draw(attempts, 0.02),
      freshAddressSingleTries: draw(attempts, 0.3),
      newDeviceSuccesses,
      newDeviceFirstTrySuccesses: draw(newDeviceSuccesses, 0.8),
      habitualAttempts,
      offHourAttempts: draw(habitualAttempts, 0.05),
      distinctUserAgents: draw(attempts, 0.3),
      distinctNetworks: draw(attempts, 0.4),
      resetRequired: draw(attempts, 0.005),
    };
  });
}

/** What each signal looks like in a wave's hour: the one field raised, the rest as usual. */
const raised: Record<WaveSignal, (bucket: WaveBucketCounts) => WaveBucketCounts> = {
  "unknown-ids": (bucket) => ({ ...bucket, unknownIds: bucket.unknownIds + 12 }),
  "fresh-address-single-tries": (bucket) => ({
    ...bucket,
    freshAddressSingleTries: Math.min(bucket.attempts, bucket.freshAddressSingleTries + 25),
  }),
  "new-device-first-try": (bucket) => ({
    ...bucket,
    newDeviceSuccesses: bucket.newDeviceSuccesses + 4,
    newDeviceFirstTrySuccesses: bucket.newDeviceFirstTrySuccesses + 4,
  }),
  "off-hours": (bucket) => ({ ...bucket, offHourAttempts: bucket.offHourAttempts + 15 }),
  "user-agent-diversity": (bucket) => ({
    ...bucket,
    distinctUserAgents: bucket.distinctUserAgents + 20,
  }),
  "address-space-diversity": (bucket) => ({
    ...bucket,
    distinctNetworks: Math.min(bucket.attempts, bucket.distinctNetworks + 25),
  }),
  "reset-required": (bucket) => ({ ...bucket, resetRequired: bucket.resetRequired + 3 }),
};

describe("wave signals against the service's baseline", () => {
  const history = quietHistory(1);
  const ordinary = quietHistory(2).slice(0, 288);

  test("ordinary traffic trips no signal in any window", () => {
    assert.deepEqual(trippedSignals(readWaveSignals(history, ordinary), thresholds), []);
  });

  for (const signal of waveSignals) {
    // Successes on new devices are few, and most come at the first try anyway: this signal
    // needs hours of a wave to stand out, the others an hour.
    const buckets = signal === "new-device-first-try" ? 72 : 12;
    test(`a wave raising ${signal} for ${buckets / 12} hours trips ${signal} and nothing else`, () => {
      const recent = ordinary.map((bucket, index) =>
        index >= ordinary.length - buckets ? raised[signal](bucket) : bucket,
      );
      const tripped = trippedSignals(readWaveSignals(history, recent), thresholds);
      assert.deepEqual(
        tripped.map((reading) => reading.signal),
        [signal],
      );
      const [reading] = tripped;
      assert.ok(reading && reading.observedShare > reading.baselineShare);
      assert.ok(reading.windowStartMinute >= (ordinary.at(-buckets)?.startMinute ?? 0));
    });
  }
});

/**
 * A small service: 600 members signing in for two days (the baseline), the detection job
 * running every five minutes as its loop would.
 */
async function simulateService(
  portal: TestPortal,
  options: { wave: boolean; watch?: (portal: TestPortal) => Promise<void> },
) {
  const firstMemberId = await seedLoginIds(portal, 600);
  const random = createRandom(7);
  const members: SimulatedMember[] = createMembers({ count: 600, firstMemberId, random });
  const start = Date.parse("2026-11-21T00:00:00Z");
  const waveStart = start + 2 * 86_400_000 + 10 * 3_600_000;
  const events = [0, 1, 2].flatMap((day) =>
    generateOrdinaryDay(members, start + day * 86_400_000, random),
  );
  if (options.wave)
    events.push(
      ...generateWave(
        members,
        {
          startAt: waveStart,
          durationInMinutes: 120,
          addresses: 300,
          attempts: 900,
          validShare: 0.03,
          memberShare: 0.6,
        },
        random,
      ),
    );
  events.sort((left, right) => left.at - right.at);
  const end = waveStart + 4 * 3_600_000;
  portal.clock.advanceByMinutes((start - portal.clock.now().getTime()) / 60_000);
  let next = 0;
  while (portal.clock.now().getTime() < end) {
    portal.clock.advanceByMinutes(5);
    const due = events.slice(next).filter((event) => event.at < portal.clock.now().getTime());
    next += due.length;
    await runInTransaction(portal.deps.database, (database) =>
      insertSignInEvents(
        database,
        due.map((event) => event.row),
      ),
    );
    await runWavePassNow(portal.deps);
    await options.watch?.(portal);
  }
  return { waveStart, events };
}

describe("slow-wave detection end to end", () => {
  test("two quiet days and a quiet morning raise no wave and never turn on under-attack mode", async () => {
    const portal = createTestPortal({ REKEY_WAVE_UNDER_ATTACK: "true" });
    let everUnderAttack = false;
    await simulateService(portal, {
      wave: false,
      watch: async (watched) => {
        everUnderAttack ||= (await readUnderAttackState(watched.deps)).active;
      },
    });
    assert.deepEqual(await portal.deps.database.select().from(waveDetection), []);
    assert.equal(everUnderAttack, false);
  });

  test("with the tightening setting on, under-attack mode stays on while the wave lasts and ends after it", async () => {
    const portal = createTestPortal({ REKEY_WAVE_UNDER_ATTACK: "true" });
    const underAttackAt: number[] = [];
    const { waveStart } = await simulateService(portal, {
      wave: true,
      watch: async (watched) => {
        if ((await readUnderAttackState(watched.deps)).active)
          underAttackAt.push(watched.clock.now().getTime());
      },
    });
    const [wave] = await portal.deps.database.select().from(waveDetection);
    assert.ok(wave?.endedAt, "the two-hour wave ended within the simulated four hours");
    assert.ok(underAttackAt.length > 0);
    assert.ok((underAttackAt[0] ?? 0) - waveStart <= 15 * 60_000);
    assert.ok((underAttackAt.at(-1) ?? 0) <= wave.lastSeenAt.getTime() + 30 * 60_000);
    assert.ok((underAttackAt.at(-1) ?? 0) >= wave.lastSeenAt.getTime());
  });

  test("a wave is raised within fifteen minutes with its evidence, shown on /admin/attacks, and its members go to a dry run in two clicks", async () => {
    const portal = createTestPortal();
    const { waveStart, events } = await simulateService(portal, { wave: true });
    const { administrator } = await createPersonas(portal);
    const [wave] = await portal.deps.database.select().from(waveDetection);
    assert.ok(wave, "the wave was detected");
    assert.ok(wave.detectedAt.getTime() - waveStart <= 15 * 60_000, "within fifteen minutes");
    const evidence = JSON.parse(wave.evidence) as { signal: string }[];
    assert.ok(evidence.length >= 2, "at least two signals");
    assert.ok(wave.identifiersTouched > 100);

    const attacks = await administrator.get("/admin/attacks");
    assert.equal(attacks.status, 200);
    assert.match(attacks.text, new RegExp(`data-wave="${wave.id}"`));
    assert.match(attacks.text, /Share of attempts on unknown IDs: [\d.]+ % over \d+ minutes/);
    const review = attacks.text.match(/<a href="([^"]+)" data-wave-review[^>]*>/)?.[1];
    assert.equal(review, `/admin/investigate/waves/${wave.id}`);

    // Click one: the wave's members.
    const investigation = await administrator.get(review);
    assert.equal(investigation.status, 200);
    const waveSuccesses = new Set(
      events
        .filter((event) => event.fromWave && event.row.result === "success")
        .map((event) => event.row.memberId),
    );
    const listed = [...investigation.text.matchAll(/data-wave-member="([^"]+)"/g)].map(
      (match) => match[1],
    );
    const loginIds = await portal.deps.database
      .select({ id: member.id, loginId: member.loginId })
      .from(member);
    const waveLoginIds = loginIds
      .filter((row) => waveSuccesses.has(row.id))
      .map((row) => row.loginId);
    assert.ok(waveLoginIds.length > 0);
    const caught = waveLoginIds.filter((loginId) => listed.includes(loginId));
    assert.ok(
      caught.length / waveLoginIds.length >= 0.9,
      `${caught.length}/${waveLoginIds.length}`,
    );

    // Click two: a bulk reset of exactly those members, as a dry run.
    const reason = investigation.text.match(/name="reason" type="text" value="([^"]+)"/)?.[1];
    assert.ok(reason?.startsWith(`slow wave ${wave.id}:`));
    const reset = await administrator.post(`/admin/investigate/waves/${wave.id}/reset`, {
      reason: reason ?? "",
    });
    assert.equal(reset.status, 303);
    const jobId = Number(reset.location?.match(/^\/admin\/resets\/(\d+)$/)?.[1]);
    const job = await findBulkResetJob(portal.deps.database, jobId);
    assert.equal(job?.dryRun, true);
    assert.equal(job?.total, listed.length);
    const [audit] = await portal.deps.database
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "investigation.wave-reset"));
    assert.ok(audit);
  });

  test("the thresholds come from the Settings page: with every signal required, the same wave is not raised", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const settingsPage = await administrator.get("/admin/settings");
    assert.match(settingsPage.text, /REKEY_WAVE_MIN_SIGNALS/);
    assert.match(settingsPage.text, /Slow-wave detection/);
    await saveSettings(portal.deps, { waveMinimumSignals: 7 }, { kind: "cli" });
    await portal.deps.settings.refresh();
    await simulateService(portal, { wave: true });
    assert.deepEqual(await portal.deps.database.select().from(waveDetection), []);
  });
});
