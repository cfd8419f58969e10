import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { registerMember } from "../src/accounts/registration";
import { outboxMessage } from "../src/db/schema";
import {
  isRecentlyUsedPassword,
  rememberedPasswords,
  rememberPassword,
} from "../src/passwords/history";
import {
  editDistance,
  findSimilarIdentifier,
  longestCommonSubstring,
} from "../src/passwords/similarity";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal } from "./support/harness";

const taro = [
  { kind: "login-id" as const, value: "taro_y" },
  { kind: "email" as const, value: "taro.yamada@example.jp" },
];

describe("similarity to the member's own identifiers", () => {
  const similar: [string, string][] = [
    ["TaroYamada2024", "email"],
    ["taro.yamada@example.jp", "email"],
    ["t4r0.y4m4d4!", "email"],
    ["yamada-taro-1985", "email"],
    ["taro_y", "login-id"],
    ["Taro_Y12345", "login-id"],
  ];
  for (const [password, target] of similar) {
    test(`${password} is too similar to the ${target}`, () => {
      assert.equal(findSimilarIdentifier(password, taro), target);
    });
  }
  for (const password of [
    "correct horse battery staple",
    "ilovesushi123",
    "Tr0ub4dor&3 horse",
    "夏の夜の夢を見た二人",
  ]) {
    test(`${password} is not similar`, () => {
      assert.equal(findSimilarIdentifier(password, taro), null);
    });
  }
  test("the string measures give known answers", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(longestCommonSubstring("taroyamada2024", "taroyamada"), 10);
    assert.equal(longestCommonSubstring("abc", "xyz"), 0);
  });
});

describe("password history", () => {
  test("any of the last five passwords is refused, the sixth back is accepted", async () => {
    const portal = createTestPortal();
    const { deps } = portal;
    const registered = await registerMember(deps, {
      loginId: "taro",
      email: "taro@example.jp",
      password: "password number 0",
    });
    assert.equal(registered.outcome, "created");
    const memberId = registered.outcome === "created" ? registered.member.id : 0;
    let currentHash = "";
    for (let index = 1; index <= rememberedPasswords; index++) {
      currentHash = await deps.passwordHasher.hashPassword(`password number ${index}`);
      await rememberPassword(deps.database, deps.clock, { memberId, passwordHash: currentHash });
    }
    const used = (index: number) =>
      isRecentlyUsedPassword(deps.database, deps.passwordHasher, {
        memberId,
        password: `password number ${index}`,
        currentHash,
      });
    for (let index = 1; index <= rememberedPasswords; index++)
      assert.equal(await used(index), true, `number ${index}`);
    assert.equal(await used(0), false, "the sixth back has been forgotten");
    assert.equal(await used(99), false);
  });
});

describe("changing the password", () => {
  test("needs the current password, refuses a recent one, signs other sessions out and e-mails a notice", async () => {
    const portal = createTestPortal();
    const laptop = await registerAndSignIn(portal, { loginId: "taro" });
    const phone = new TestBrowser(portal);
    await phone.post("/login", { loginId: "taro", password: memberPassword });

    const wrong = await laptop.post("/account/password", {
      currentPassword: "not it at all",
      password: "a new long passphrase",
      signOutOthers: "on",
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /current password is not right/);
    const reused = await laptop.post("/account/password", {
      currentPassword: memberPassword,
      password: memberPassword,
      signOutOthers: "on",
    });
    assert.equal(reused.status, 400);

    const changed = await laptop.post("/account/password", {
      currentPassword: memberPassword,
      password: "a new long passphrase",
      signOutOthers: "on",
    });
    assert.equal(changed.location, "/account?notice=password-changed");
    assert.equal((await phone.get("/account")).status, 303, "the other session ended");
    assert.equal((await laptop.get("/account")).status, 200, "this one stays");
    const notices = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "password-changed"));
    assert.equal(notices.length, 1);
    assert.equal(
      (
        await new TestBrowser(portal).post("/login", {
          loginId: "taro",
          password: "a new long passphrase",
        })
      ).status,
      303,
    );
  });
});
