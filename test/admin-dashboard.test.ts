import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { count, eq } from "drizzle-orm";
import {
  type CensusFigures,
  emptyCensusFigures,
  findLatestCompletedCensus,
  openCensus,
  weekStartOf,
} from "../src/admin/census";
import { advanceMemberCensus, completeMemberCensus } from "../src/admin/census-worker";
import { liveFiguresUpToMemberId, passkeyAdoption } from "../src/admin/dashboard";
import { createPollingLoop } from "../src/background/polling-loop";
import { member, memberCensus, outboxMessage, passkey, signInMinute } from "../src/db/schema";
import { raiseAlerts } from "../src/defence/alerts";
import { claimLease } from "../src/jobs/lease";
import type { AgeBucket } from "../src/passwords/aggregates";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

const day = 86_400_000;
const verdicts = ["ok", "weak", "similar", "breached", null] as const;

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function seedMembers(portal: TestPortal, count: number): Promise<void> {
  const random = sequence(7);
  const now = portal.clock.now().getTime();
  for (let index = 0; index < count; index++) {
    const hasPassword = random() > 0.1;
    const [row] = await portal.deps.database
      .insert(member)
      .values({
        loginId: `seeded${index}`,
        email: `seeded${index}@example.jp`,
        emailVerifiedAt: random() > 0.2 ? new Date(now) : null,
        passwordHash: hasPassword ? "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA" : null,
        passwordChangedAt: hasPassword ? new Date(now - Math.floor(random() * 1000) * day) : null,
        passwordHealth: verdicts[Math.floor(random() * verdicts.length)] ?? null,
        role: random() > 0.98 ? "admin" : "member",
        resetRequiredAt: random() > 0.9 ? new Date(now) : null,
        createdAt: new Date(now),
      })
      .returning({ id: member.id });
    if (!row || random() > 0.3) continue;
    for (let key = 0; key < 1 + Math.floor(random() * 3); key++) {
      await portal.deps.database.insert(passkey).values({
        memberId: row.id,
        credentialId: Buffer.from(`credential-${index}-${key}`),
        publicKey: Buffer.from("key"),
        counter: 0,
        deviceType: "multiDevice",
        backedUp: true,
        aaguid: "00000000-0000-0000-0000-000000000000",
        name: "Passkey",
        createdAt: new Date(now - Math.floor(random() * 400) * day),
      });
    }
  }
}

/** The same figures, counted the slow and obvious way from every row. */
async function countByHand(portal: TestPortal, now: Date): Promise<CensusFigures> {
  const figures = emptyCensusFigures();
  const members = await portal.deps.database.select().from(member);
  const passkeys = await portal.deps.database.select().from(passkey);
  for (const row of members) {
    figures.members += 1;
    if (row.role === "admin") figures.administrators += 1;
    if (!row.emailVerifiedAt) figures.unverifiedEmails += 1;
    if (row.resetRequiredAt) figures.resetRequired += 1;
    figures.health[
      row.passwordHash === null ? "passwordless" : (row.passwordHealth ?? "unchecked")
    ] += 1;
    if (row.passwordHash !== null && row.passwordChangedAt) {
      const days = (now.getTime() - row.passwordChangedAt.getTime()) / day;
      const bucket: AgeBucket =
        days < 30
          ? "under-30-days"
          : days < 90
            ? "30-to-90-days"
            : days < 180
              ? "90-to-180-days"
              : days < 365
                ? "180-to-365-days"
                : days < 730
                  ? "1-to-2-years"
                  : "over-2-years";
      figures.age[bucket] += 1;
    }
    const own = passkeys.filter((key) => key.memberId === row.id);
    if (own.length > 0) {
      figures.passkeyMembers += 1;
      const first = Math.min(...own.map((key) => key.createdAt.getTime()));
      const week = String(weekStartOf(first));
      figures.firstPasskeyWeeks[week] = (figures.firstPasskeyWeeks[week] ?? 0) + 1;
    }
  }
  return figures;
}

describe("the member census behind the dashboard", () => {
  test("counted in many slices, it matches a seeded database exactly", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, 400);
    await completeMemberCensus(portal.deps, { membersPerSlice: 37 });
    const census = await findLatestCompletedCensus(portal.deps.database);
    assert.ok(census);
    assert.deepEqual(census.figures, await countByHand(portal, census.startedAt));
    assert.ok(census.figures.passkeyMembers > 50, "the seed gives passkeys to many members");
  });

  test("the dashboard prints the census figures beside its charts", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedMembers(portal, 120);
    await completeMemberCensus(portal.deps);
    const census = await findLatestCompletedCensus(portal.deps.database);
    assert.ok(census);
    const text = (await administrator.get("/admin")).text;
    const figure = (label: string) =>
      new RegExp(`<dt>${label}</dt><dd>([\\d,]+)</dd>`).exec(text)?.[1];
    assert.equal(figure("Members"), String(census.figures.members));
    assert.equal(figure("Breached"), String(census.figures.health.breached));
    assert.equal(figure("Members with a passkey"), String(census.figures.passkeyMembers));
    assert.equal(figure("Over 2 years"), String(census.figures.age["over-2-years"]));
    // Every chart is an SVG with an accessible title, drawn on the server.
    for (const id of [
      "health-chart",
      "age-chart",
      "adoption-chart",
      "sign-ins-chart",
      "work-chart",
    ])
      assert.match(text, new RegExp(`<title id="${id}-title">`));
  });

  test("a small database's member figures are live, and the page says so", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await completeMemberCensus(portal.deps);
    await seedMembers(portal, 5);
    const text = (await administrator.get("/admin")).text;
    assert.match(text, /<dt>Members<\/dt><dd>7<\/dd>/, "members added after the census count");
    assert.match(text, /data-figures="live">Member figures counted just now\./);
  });

  test("a large database's figures come from the census and say how old they are", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    // Member numbers past the live limit: the figures come from the background count.
    await portal.deps.database.insert(member).values({
      id: liveFiguresUpToMemberId + 1,
      loginId: "late",
      email: "late@example.jp",
      createdAt: portal.clock.now(),
    });
    await completeMemberCensus(portal.deps);
    portal.clock.advanceByMinutes(12);
    await seedMembers(portal, 5);
    const text = (await administrator.get("/admin")).text;
    assert.match(text, /<dt>Members<\/dt><dd>3<\/dd>/, "the census, not a live count");
    assert.match(
      text,
      /data-figures="census">Member figures as of 21 Nov 2026, 09:00 \(12 minutes ago\); they are recounted every few minutes\./,
    );
    await administrator.post("/language", { language: "ja", next: "/admin" });
    const japanese = (await administrator.get("/admin")).text;
    assert.match(japanese, /会員の数値は 2026\/11\/21 9:00（12 分前）時点のものです。/);
  });

  test("the time charts keep their numbers in a table under a disclosure", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const text = (await administrator.get("/admin")).text;
    for (const id of ["adoption-chart", "sign-ins-chart"]) {
      const table = new RegExp(
        `<details class="chart-table" data-chart-table="${id}"><summary>The numbers in this chart</summary>.*?</details>`,
        "s",
      ).exec(text)?.[0];
      assert.ok(table, `${id} has a table`);
      const rows = (table.match(/<tr>/g) ?? []).length - 1;
      assert.ok(rows >= 24 && rows <= 26, `${id}: ${rows} rows, one a week or an hour`);
    }
  });

  test("before the first count of a large database ends, the page says so and still shows the live figures", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await portal.deps.database.insert(member).values({
      id: liveFiguresUpToMemberId + 1,
      loginId: "late",
      email: "late@example.jp",
      createdAt: portal.clock.now(),
    });
    await advanceMemberCensus(portal.deps, { force: true, membersPerSlice: 1 });
    const response = await administrator.get("/admin");
    assert.equal(response.status, 200);
    assert.match(response.text, /The first count of the members is running \(1 of 20,001/);
    assert.doesNotMatch(response.text, /id="health-chart-title"/);
    assert.match(response.text, /id="sign-ins-chart-title"/);
  });

  test("another process holding the lease keeps this one from counting", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, 10);
    assert.ok(
      await claimLease(portal.deps, {
        name: "member-census",
        holder: "other",
        durationInSeconds: 60,
      }),
    );
    assert.deepEqual(await advanceMemberCensus(portal.deps, { force: true }), { moreWork: false });
    assert.equal(await findLatestCompletedCensus(portal.deps.database), null);
    portal.clock.advanceByMinutes(2);
    await advanceMemberCensus(portal.deps, { force: true });
    assert.equal((await findLatestCompletedCensus(portal.deps.database))?.figures.members, 10);
  });

  test("an abandoned open census is removed once a later one completes", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, 5);
    const abandoned = await openCensus(portal.deps.database, portal.clock.now());
    await portal.deps.database
      .update(memberCensus)
      .set({ startedAt: new Date(0) })
      .where(eq(memberCensus.id, abandoned.id));
    await openCensus(portal.deps.database, portal.clock.now());
    await completeMemberCensus(portal.deps);
    const rows = await portal.deps.database.select().from(memberCensus);
    assert.deepEqual(
      rows.map((row) => row.completedAt !== null),
      [true],
      "only the completed census is left",
    );
  });

  test("a new census starts only once the last one is older than the interval", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, 5);
    await advanceMemberCensus(portal.deps);
    const first = await findLatestCompletedCensus(portal.deps.database);
    portal.clock.advanceByMinutes(1);
    assert.deepEqual(await advanceMemberCensus(portal.deps), { moreWork: false });
    assert.equal((await findLatestCompletedCensus(portal.deps.database))?.id, first?.id);
    portal.clock.advanceByMinutes(5);
    await advanceMemberCensus(portal.deps);
    assert.notEqual((await findLatestCompletedCensus(portal.deps.database))?.id, first?.id);
  });
});

describe("the dashboard's other panels", () => {
  test("sign-ins per minute, reset jobs and waiting e-mail come from their own tables", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const minute = Math.floor(portal.clock.now().getTime() / 60_000);
    await portal.deps.database.delete(signInMinute);
    await portal.deps.database.insert(signInMinute).values([
      { minute: minute - 3, attempts: 40, successes: 10, rejected: 5 },
      { minute: minute - 1, attempts: 2, successes: 2, rejected: 0 },
    ]);
    const text = (await administrator.get("/admin")).text;
    assert.match(text, /42 attempts/);
    assert.match(text, /30 failed/);
    // Registration e-mails of the two personas wait in the outbox (no SMTP in tests).
    const [waiting] = await portal.deps.database
      .select({ total: count() })
      .from(outboxMessage)
      .where(eq(outboxMessage.status, "pending"));
    assert.ok((waiting?.total ?? 0) > 0);
    assert.match(text, new RegExp(`<dt>E-mails waiting</dt><dd>${waiting?.total}</dd>`));
    assert.match(text, /<dt>Reset jobs running or queued<\/dt><dd>0<\/dd>/);
  });

  test("an open alert is listed under current alerts", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    assert.match((await administrator.get("/admin")).text, /No alert is open\./);
    await raiseAlerts(
      portal.deps,
      new Map([
        [
          "attempt-rate",
          {
            attemptsPerMinute: 900,
            baselineAttemptsPerMinute: 30,
            failureRatio: 0.9,
            baselineFailureRatio: 0.1,
          },
        ],
      ]),
    );
    const text = (await administrator.get("/admin")).text;
    assert.match(
      text,
      /<ul class="dashboard-alerts"><li><time[^>]*>[^<]*<\/time> [^<]*900[^<]*<\/li>/,
    );
  });

  test("adoption is the running total of members by the week of their first passkey", () => {
    const now = new Date("2026-11-21T09:00:00Z");
    const thisWeek = weekStartOf(now.getTime());
    const week = 7 * day;
    const figures = emptyCensusFigures();
    figures.firstPasskeyWeeks = {
      [String(thisWeek - 40 * week)]: 5,
      [String(thisWeek - 2 * week)]: 3,
      [String(thisWeek)]: 1,
    };
    const points = passkeyAdoption(
      { id: 1, startedAt: now, completedAt: now, countedThroughId: 0, lastMemberId: 0, figures },
      now,
    );
    assert.equal(points.length, 26);
    assert.equal(points[0]?.members, 5);
    assert.equal(points.at(-3)?.members, 8);
    assert.equal(points.at(-1)?.members, 9);
    assert.equal(points.at(-1)?.weekStart.getTime(), thisWeek);
  });
});

describe("the census worker", () => {
  test("lets timers and requests run between two slices", async () => {
    const portal = createTestPortal();
    const worker = createPollingLoop({
      name: "census under test",
      logger: portal.deps.logger,
      idleInMilliseconds: 60_000,
      round: () => advanceMemberCensus(portal.deps, { force: true, membersPerSlice: 1 }),
    });
    await seedMembers(portal, 30);
    let timersRun = 0;
    const ticker = setInterval(() => timersRun++, 0);
    worker.start();
    while (!(await findLatestCompletedCensus(portal.deps.database)))
      await new Promise((resolve) => setTimeout(resolve, 0));
    await worker.stop();
    clearInterval(ticker);
    assert.ok(timersRun >= 5, `timers ran ${timersRun} times during a 30-slice census`);
  });
});
