import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { registerMember } from "../src/accounts/registration";
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
