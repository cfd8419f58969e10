import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { eq, like } from "drizzle-orm";
import { loadConfig } from "../src/config";
import { closeDatabase, openDatabase } from "../src/db/connection";
import { auditEvent, setting, settingRevision } from "../src/db/schema";
import { evaluateDefenceNow } from "../src/defence/monitor";
import {
  definitionOf,
  isAllowedSettingValue,
  type SettingName,
  settingNames,
} from "../src/settings/definitions";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

/** Twenty characters, strong, unrelated to the member; one shorter is the same minus a digit. */
const twentyCharacters = "sakura-umbrella-1984";
const nineteenCharacters = "sakura-umbrella-198";

async function portalWithAdministrator(environment: Record<string, string> = {}) {
  const portal = createTestPortal(environment);
  const personas = await createPersonas(portal);
  return { portal, ...personas };
}

async function auditEntries(portal: TestPortal) {
  const rows = await portal.deps.database
    .select()
    .from(auditEvent)
    .where(like(auditEvent.action, "settings.%"));
  return rows.map((row) => ({
    actor: row.actorLabel,
    action: row.action,
    details: JSON.parse(row.details),
  }));
}

/** Password sign-ins from one address with a wrong password: their statuses in order. */
async function signInStatuses(portal: TestPortal, ipAddress: string, count: number) {
  const browser = new TestBrowser(portal, { ipAddress });
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) {
    const response = await browser.post("/login", {
      loginId: `nobody${index}`,
      password: "wrong password 1",
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe("the settings page", () => {
  test("shows every policy with its value, default, unit and why, in English and Japanese", async () => {
    const { administrator } = await portalWithAdministrator({ REKEY_SPIKE_FACTOR: "3.5" });
    const page = await administrator.get("/admin/settings");
    assert.equal(page.status, 200);
    for (const name of settingNames) {
      assert.match(page.text, new RegExp(`name="${name}"`), name);
      assert.match(page.text, new RegExp(definitionOf(name).environmentVariable), name);
    }
    assert.match(page.text, /id="spikeFactor"[^>]*value="3.5"/);
    assert.match(page.text, /Default: 3.5 times the baseline \(REKEY_SPIKE_FACTOR\)/);
    assert.match(page.text, /NIST SP 800-63B asks for 15 characters/);
    assert.match(page.text, /Default: 12 characters \(REKEY_PASSWORD_MIN_LENGTH\)/);
    assert.match(page.text, /<a href="\/admin\/settings" aria-current="page">Settings<\/a>/);
    assert.match(page.text, /action="\/admin\/settings\/reminders"/);
    assert.doesNotMatch(page.text, /\sstyle=|<script/, "nothing the CSP would block");

    const japanese = await administrator.get("/admin/settings", { "accept-language": "ja" });
    assert.match(japanese.text, /パスワードの最小文字数/);
    assert.match(japanese.text, /既定値：12文字（REKEY_PASSWORD_MIN_LENGTH）/);
  });

  test("changes need a sign-in within 10 minutes (the page stays readable), and members are refused", async () => {
    const { portal, administrator, member } = await portalWithAdministrator();
    assert.equal((await member.get("/admin/settings")).status, 403);
    assert.equal(
      (await member.post("/admin/settings", { passwordMinimumLength: "20" })).status,
      403,
    );
    portal.clock.advanceByMinutes(11);
    const page = await administrator.get("/admin/settings");
    assert.equal(page.status, 200);
    const post = await administrator.post("/admin/settings", { passwordMinimumLength: "20" });
    assert.match(post.location ?? "", /^\/reauthenticate/);
    assert.deepEqual(await portal.deps.database.select().from(setting), []);
  });
});

describe("a change applies without a restart", () => {
  test("a new minimum password length applies to the very next registration and password change", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    const saved = await administrator.post("/admin/settings", { passwordMinimumLength: "20" });
    assert.equal(saved.location, "/admin/settings?saved=1");

    const form = await new TestBrowser(portal).get("/register");
    assert.match(form.text, /At least 20 characters/, "the form and its meter say 20");
    const refused = await taro.post("/account/password", {
      currentPassword: memberPassword,
      password: nineteenCharacters,
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /Use at least 20 characters\./);
    const changed = await taro.post("/account/password", {
      currentPassword: memberPassword,
      password: twentyCharacters,
    });
    assert.equal(changed.status, 303);

    const registration = await registerAndSignIn(portal, {
      loginId: "hanako",
      password: nineteenCharacters,
    }).catch((error: Error) => error.message);
    assert.match(String(registration), /registration failed: 400 .*Use at least 20 characters/s);
  });

  test("a lower per-address sign-in rate applies to the next attempts; its default comes back on reset", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    await administrator.post("/admin/settings", {
      signInPerAddressPerMinute: "3",
      signInPerAddressBurst: "3",
    });
    const before = portal.hasher.calls();
    assert.deepEqual(await signInStatuses(portal, "198.51.100.7", 4), [401, 401, 401, 429]);
    assert.equal(portal.hasher.calls() - before, 3, "the refused attempt reached no argon2");

    const reset = await administrator.post("/admin/settings/reset", { reset: "all" });
    assert.equal(reset.location, "/admin/settings?reset=2");
    portal.clock.advanceByMinutes(1);
    assert.deepEqual(await signInStatuses(portal, "198.51.100.7", 6), Array(6).fill(401));
  });

  test("spike thresholds apply to the next detection pass", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    const before = await evaluateDefenceNow(portal.deps);
    assert.deepEqual(before?.thresholds, { attemptsPerMinute: 60, failureRatio: 0.4 });
    await administrator.post("/admin/settings", {
      spikeFactor: "2.5",
      spikeMinimumAttemptsPerMinute: "7",
    });
    const after = await evaluateDefenceNow(portal.deps);
    assert.deepEqual(after?.thresholds, { attemptsPerMinute: 7, failureRatio: 0.25 });
  });

  test("a second instance on the same database file follows a change within a second", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-settings-"));
    const environment = { REKEY_DB: join(folder, "rekey.db"), REKEY_BREACH_CORPUS: ":memory:" };
    const first = createTestPortal(environment);
    const second = createTestPortal(environment, { clock: first.clock });
    t.after(() => {
      closeDatabase(first.deps.database);
      closeDatabase(second.deps.database);
      rmSync(folder, { recursive: true, force: true });
    });
    const { administrator } = await createPersonas(first);
    const visitor = new TestBrowser(second);
    assert.match((await visitor.get("/register")).text, /At least 12 characters/);

    await administrator.post("/admin/settings", {
      passwordMinimumLength: "20",
      signInPerAddressPerMinute: "2",
      signInPerAddressBurst: "2",
    });
    assert.match(
      (await visitor.get("/register")).text,
      /At least 12 characters/,
      "within the second, the other instance may still use its cached values",
    );
    first.clock.advanceByMinutes(1 / 60);
    assert.match((await visitor.get("/register")).text, /At least 20 characters/);
    const registration = await visitor.post("/register", {
      loginId: "hanako",
      email: "hanako@example.jp",
      password: nineteenCharacters,
    });
    assert.equal(registration.status, 400);
    assert.match(registration.text, /Use at least 20 characters\./);
    assert.deepEqual(await signInStatuses(second, "198.51.100.8", 3), [401, 401, 429]);
  });
});

describe("validation, reset and audit", () => {
  test("a network allowed fewer attempts than one address is refused as a mistake", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    const refused = await administrator.post("/admin/settings", {
      signInPerAddressPerMinute: "30",
      signInPerNetworkPerMinute: "20",
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /allow it at least as many as one address \(30\)/);
    assert.deepEqual(await portal.deps.database.select().from(setting), []);
    const saved = await administrator.post("/admin/settings", {
      signInPerAddressPerMinute: "30",
      signInPerNetworkPerMinute: "30",
      signInPerAddressBurst: "30",
      signInPerNetworkBurst: "60",
    });
    assert.equal(saved.status, 303);
  });

  test("invalid values are refused with a message per field, and nothing is stored", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    const refused = await administrator.post("/admin/settings", {
      passwordMinimumLength: "65",
      signInPerAddressPerMinute: "0",
      spikeFactor: "1",
      autoBlockMaximumTriesPerAccount: "two",
      proofOfWorkCost: "1.5",
      underAttackAutomatic: "maybe",
      accountFreeFailures: "3",
    });
    assert.equal(refused.status, 400);
    // Each message once, beside its field; the summary names the field and links to it.
    for (const [field, label, message] of [
      ["passwordMinimumLength", "Minimum password length", "Enter a whole number from 8 to 64."],
      [
        "signInPerAddressPerMinute",
        "Sign-ins per address",
        "Enter a whole number from 1 to 10000.",
      ],
      ["spikeFactor", "Spike factor", "Enter a number from 1.5 to 1000."],
      ["autoBlockMaximumTriesPerAccount", "Tries per ID, at most", "Enter a number from 1 to 100."],
      ["proofOfWorkCost", "Proof-of-work cost", "Enter a whole number from 1 to 100000."],
    ]) {
      assert.ok(refused.text.includes(`<li><a href="#${field}">${label}</a></li>`), field);
      assert.ok(
        refused.text.includes(`<p class="error" id="${field}-error">${message}</p>`),
        field,
      );
    }
    assert.match(refused.text, /Choose on or off\./);
    assert.match(refused.text, /id="passwordMinimumLength"[^>]*value="65"/, "typed value kept");
    assert.match(refused.text, /id="accountFreeFailures"[^>]*value="3"/);
    assert.doesNotMatch(refused.text, /id="accountFreeFailures"[^>]*aria-invalid/);

    assert.deepEqual(await portal.deps.database.select().from(setting), []);
    assert.deepEqual(await portal.deps.database.select().from(settingRevision), []);
    assert.deepEqual(await auditEntries(portal), []);
    assert.equal((await portal.deps.settings.current()).values.accountFreeFailures, 5);
  });

  test("each change is audited with who, which settings and the old and new values", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    // Full-width digits from a Japanese IME are the same number.
    await administrator.post("/admin/settings", {
      passwordMinimumLength: "１４",
      spikeFactor: "2.5",
      underAttackAutomatic: "off",
      accountFreeFailures: "5",
    });
    const again = await administrator.post("/admin/settings", { passwordMinimumLength: "14" });
    assert.equal(again.location, "/admin/settings?saved=0");
    assert.match((await administrator.get(again.location ?? "")).text, /Nothing was changed\./);

    assert.deepEqual(await auditEntries(portal), [
      {
        actor: "admin",
        action: "settings.updated",
        details: {
          passwordMinimumLength: { from: 12, to: 14 },
          spikeFactor: { from: 4, to: 2.5 },
          underAttackAutomatic: { from: true, to: false },
        },
      },
    ]);
    const log = await administrator.get("/admin/audit?action=settings.");
    assert.match(log.text, /data-action="settings\.updated"/);
    assert.match(log.text, /<dt>Minimum password length<\/dt><dd>12 → 14<\/dd>/);
  });

  test("reset to default, one setting or all, goes back to the environment's value", async () => {
    const { portal, administrator } = await portalWithAdministrator({
      REKEY_PASSWORD_MIN_LENGTH: "10",
    });
    await administrator.post("/admin/settings", {
      passwordMinimumLength: "14",
      accountFreeFailures: "3",
    });
    const page = await administrator.get("/admin/settings?saved=2");
    assert.match(page.text, /2 settings were changed\./);
    assert.equal((page.text.match(/name="reset" value="[a-zA-Z]+"/g) ?? []).length, 3);
    assert.match(page.text, /form="settings-reset" name="reset" value="all"/);

    const one = await administrator.post("/admin/settings/reset", {
      reset: "passwordMinimumLength",
    });
    assert.equal(one.location, "/admin/settings?reset=1");
    const current = await portal.deps.settings.current();
    assert.equal(current.values.passwordMinimumLength, 10);
    assert.equal(current.values.accountFreeFailures, 3);
    assert.equal(await portal.deps.passwordPolicy.readMinimumLength(), 10);

    // Saving the default value is the same as a reset: the setting follows the environment.
    await administrator.post("/admin/settings", { accountFreeFailures: "5" });
    assert.deepEqual(await portal.deps.database.select().from(setting), []);
    assert.equal(
      (await administrator.post("/admin/settings/reset", { reset: "all" })).location,
      "/admin/settings?reset=0",
    );
    const unknown = await administrator.post("/admin/settings/reset", { reset: "everything" });
    assert.equal(unknown.status, 400);

    const entries = await auditEntries(portal);
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.details]),
      [
        [
          "settings.updated",
          { passwordMinimumLength: { from: 10, to: 14 }, accountFreeFailures: { from: 5, to: 3 } },
        ],
        ["settings.reset", { passwordMinimumLength: { from: 14, to: 10 } }],
        ["settings.updated", { accountFreeFailures: { from: 3, to: 5 } }],
      ],
    );
  });

  test("the reminder policy is set on the same page, validated and audited", async () => {
    const { portal, administrator } = await portalWithAdministrator();
    const fields = {
      riskReminders: "on",
      ageReminders: "on",
      ageReminderAfterDays: "180",
      repeatEveryDays: "14",
      maximumReminders: "2",
      sendWindowStartHour: "9",
      sendWindowEndHour: "9",
    };
    const refused = await administrator.post("/admin/settings/reminders", fields);
    assert.equal(refused.status, 400);
    assert.match(refused.text, /cannot start and end at the same hour/);
    assert.match(refused.text, /id="passwordMinimumLength"[^>]*value="12"/, "the rest is shown");

    const saved = await administrator.post("/admin/settings/reminders", {
      ...fields,
      sendWindowEndHour: "18",
    });
    assert.equal(saved.location, "/admin/settings?saved=reminders#reminders");
    const page = await administrator.get("/admin/settings?saved=reminders");
    assert.match(page.text, /Policy saved/);
    assert.match(page.text, /id="ageReminderAfterDays"[^>]*value="180"/);
    const [audit] = await portal.deps.database
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "reminder-policy.updated"));
    assert.equal(audit?.actorLabel, "admin");
    const reminders = await administrator.get("/admin/reminders");
    assert.match(reminders.text, /href="\/admin\/settings#reminders"/);
  });
});

describe("setting definitions", () => {
  test("every setting accepts exactly the range its environment variable accepts", () => {
    const accepts = (name: SettingName, text: string) => {
      try {
        loadConfig({ NODE_ENV: "test", [definitionOf(name).environmentVariable]: text });
        return true;
      } catch {
        return false;
      }
    };
    for (const name of settingNames) {
      const definition = definitionOf(name);
      if (definition.kind === "boolean") {
        assert.ok(accepts(name, "false") && !accepts(name, "maybe"), name);
        assert.ok(isAllowedSettingValue(name, false) && !isAllowedSettingValue(name, 0), name);
        continue;
      }
      const step = definition.kind === "integer" ? 1 : 0.1;
      for (const [value, allowed] of [
        [definition.minimum, true],
        [definition.maximum, true],
        [definition.minimum - step, false],
        [definition.maximum + step, false],
      ] as const) {
        assert.equal(accepts(name, String(value)), allowed, `${name}=${value} at start`);
        assert.equal(isAllowedSettingValue(name, value), allowed, `${name}=${value} saved`);
      }
    }
  });

  test("a stored value that is no longer valid is ignored and its default applies", async () => {
    const portal = createTestPortal();
    const now = portal.clock.now();
    await portal.deps.database.insert(setting).values([
      { name: "passwordMinimumLength", value: "5", updatedAt: now },
      { name: "accountFreeFailures", value: "7", updatedAt: now },
      { name: "retiredSetting", value: "1", updatedAt: now },
    ]);
    await portal.deps.database
      .insert(settingRevision)
      .values({ id: 1, revision: 1, updatedAt: now });
    const current = await portal.deps.settings.refresh();
    assert.equal(current.values.passwordMinimumLength, 12);
    assert.equal(current.values.accountFreeFailures, 7);
    assert.deepEqual([...current.overridden], ["accountFreeFailures"]);
    assert.equal(current.defence.accountFreeFailures, 7);
  });
});

describe("rekey settings", () => {
  test("lists the values in force and resets a setting that locked administrators out", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-settings-cli-"));
    try {
      const environment = { REKEY_DB: join(folder, "rekey.db") };
      const database = openDatabase(environment.REKEY_DB);
      await database.insert(setting).values({
        name: "signInPerNetworkPerMinute",
        value: "1",
        updatedAt: new Date(),
      });
      closeDatabase(database);

      const listed = await runRekey(["settings", "list"], { environment });
      assert.equal(listed.code, 0);
      assert.match(
        listed.out,
        /signInPerNetworkPerMinute = 1 \(changed; default 60 from REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE\)/,
      );
      assert.match(listed.out, /passwordMinimumLength = 12\n/);

      const reset = await runRekey(["settings", "reset", "signInPerNetworkPerMinute"], {
        environment,
      });
      assert.equal(reset.code, 0);
      assert.match(reset.out, /signInPerNetworkPerMinute: 1 -> 60/);
      assert.doesNotMatch((await runRekey(["settings", "list"], { environment })).out, /changed/);

      assert.equal(
        (await runRekey(["settings", "reset", "noSuchSetting"], { environment })).code,
        2,
      );
      assert.equal((await runRekey(["settings", "reset"], { environment })).code, 2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
