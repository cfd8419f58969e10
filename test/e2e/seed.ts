import { insertMember } from "../../src/accounts/members";
import type { Deps } from "../../src/deps";

type Health = "ok" | "weak" | "similar" | "breached";

/** One seeded member, as the dashboard should count it. */
export interface SeededMember {
  loginId: string;
  email: string;
  /** null: never checked; "passwordless": no password at all. */
  health: Health | null | "passwordless";
  passwordAgeInDays: number;
  emailVerified: boolean;
}

const dayInMilliseconds = 86_400_000;
const healthCycle = ["ok", "weak", "similar", "breached", null, "passwordless"] as const;

/**
 * `count` members `member000`, `member001`, ... whose verdicts, password ages and e-mail states
 * follow simple rules, so the test can say what the dashboard must show without asking the
 * database. They never sign in: they share one hash of a password nobody uses.
 */
export function planMembers(count: number): SeededMember[] {
  return Array.from({ length: count }, (_, index) => {
    const loginId = `member${String(index).padStart(3, "0")}`;
    return {
      loginId,
      email: `${loginId}@example.jp`,
      health: healthCycle[index % healthCycle.length] ?? null,
      // 0 to 1,000 days, so every age bucket (90 days, a year, two years) gets members.
      passwordAgeInDays: (index * 37) % 1000,
      emailVerified: index % 3 !== 0,
    };
  });
}

export async function seedMembers(
  deps: Pick<Deps, "database" | "clock" | "passwordHasher">,
  members: SeededMember[],
  options: { password: string },
): Promise<void> {
  const passwordHash = await deps.passwordHasher.hashPassword(options.password);
  const now = deps.clock.now().getTime();
  for (const seeded of members) {
    const hasPassword = seeded.health !== "passwordless";
    await insertMember(deps.database, {
      loginId: seeded.loginId,
      email: seeded.email,
      emailVerifiedAt: seeded.emailVerified ? new Date(now) : null,
      passwordHash: hasPassword ? passwordHash : null,
      passwordChangedAt: hasPassword
        ? new Date(now - seeded.passwordAgeInDays * dayInMilliseconds)
        : null,
      passwordHealth: seeded.health === "passwordless" ? null : seeded.health,
      createdAt: new Date(now - seeded.passwordAgeInDays * dayInMilliseconds),
    });
  }
}

/** What the dashboard's figures must say about these members, counted in plain code. */
export function expectedFigures(members: SeededMember[]) {
  const count = (predicate: (member: SeededMember) => boolean) => members.filter(predicate).length;
  const withPassword = members.filter((member) => member.health !== "passwordless");
  const aged = (from: number, to: number) =>
    withPassword.filter((m) => m.passwordAgeInDays >= from && m.passwordAgeInDays < to).length;
  return {
    members: members.length,
    unverifiedEmails: count((member) => !member.emailVerified),
    health: {
      ok: count((member) => member.health === "ok"),
      weak: count((member) => member.health === "weak"),
      similar: count((member) => member.health === "similar"),
      breached: count((member) => member.health === "breached"),
      unchecked: count((member) => member.health === null),
      passwordless: count((member) => member.health === "passwordless"),
    },
    age: {
      under30: aged(0, 30),
      from30To90: aged(30, 90),
      from90To180: aged(90, 180),
      from180To365: aged(180, 365),
      from1To2Years: aged(365, 730),
      over2Years: aged(730, Number.POSITIVE_INFINITY),
    },
  };
}
