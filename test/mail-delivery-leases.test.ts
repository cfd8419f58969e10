import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { closeDatabase } from "../src/db/connection";
import { outboxMessage } from "../src/db/schema";
import { createDeliveryWorker, deliveryLeaseInSecondsFor } from "../src/mail/delivery-worker";
import { queueEmails } from "../src/mail/outbox";
import {
  createSmtpTransport,
  type MailTransport,
  smtpTimeoutsInMilliseconds,
} from "../src/mail/transport";
import { createTestPortal, type ManualClock } from "./support/harness";

/**
 * A relay that takes `secondsPerMessage` of the shared clock for each message, never more
 * than it says a send can take, and lets the other process run while it "talks".
 */
function slowRelay(
  clock: ManualClock,
  sent: string[],
  options: { secondsPerMessage: number; longestSendInMilliseconds: number },
): MailTransport {
  return {
    longestSendInMilliseconds: options.longestSendInMilliseconds,
    async send(message) {
      clock.advanceByMinutes(options.secondsPerMessage / 60);
      await new Promise((resolve) => setImmediate(resolve));
      sent.push(message.recipient);
    },
    close() {},
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("outbox leases with two processes and a slow relay", () => {
  test("a message is never handed to the relay by a worker whose lease on it ran out", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-mail-leases-"));
    const environment = { REKEY_DB: join(folder, "rekey.db"), REKEY_BREACH_CORPUS: ":memory:" };
    const first = createTestPortal(environment, { mailTransport: null });
    const second = createTestPortal(environment, { clock: first.clock, mailTransport: null });
    t.after(() => {
      closeDatabase(first.deps.database);
      closeDatabase(second.deps.database);
      rmSync(folder, { recursive: true, force: true });
    });
    const recipients = Array.from({ length: 20 }, (_, index) => `member${index}@example.jp`);
    await queueEmails(
      first.deps.database,
      first.clock,
      recipients.map((recipient, index) => ({
        idempotencyKey: `lease-test:${index}`,
        memberId: null,
        recipient,
        language: "en",
        template: { kind: "email-change-attempt", loginId: `member${index}` },
      })),
    );
    // 8 seconds a message: a batch of 20 takes 160 s, longer than any lease either worker holds.
    const sent: string[] = [];
    const relay = { secondsPerMessage: 8, longestSendInMilliseconds: 10_000 };
    const workers = [first, second].map((portal) =>
      createDeliveryWorker(portal.deps, slowRelay(first.clock, sent, relay), {
        messagesPerSecond: 10_000,
        maximumAttempts: 3,
      }),
    );

    // The first process claims the whole batch; the second polls for work all along.
    let firstDone = false;
    const firstProcess = (async () => {
      while (((await workers[0]?.deliverBatch()) ?? 0) > 0) await tick();
      firstDone = true;
    })();
    const secondProcess = (async () => {
      for (;;) {
        await tick();
        const handled = (await workers[1]?.deliverBatch()) ?? 0;
        if (firstDone && handled === 0) return;
      }
    })();
    await Promise.all([firstProcess, secondProcess]);

    const copies = new Map<string, number>();
    for (const recipient of sent) copies.set(recipient, (copies.get(recipient) ?? 0) + 1);
    const duplicated = [...copies].filter(([, count]) => count > 1).map(([recipient]) => recipient);
    assert.deepEqual(duplicated, [], "no recipient gets two copies");
    assert.deepEqual([...copies.keys()].sort(), [...recipients].sort(), "every message is sent");
    const rows = await first.deps.database.select().from(outboxMessage);
    assert.ok(rows.every((row) => row.status === "sent"));
  });

  test("the lease outlasts the longest send the SMTP transport allows", () => {
    const transport = createSmtpTransport({
      url: "smtp://127.0.0.1:2525",
      from: "no-reply@localhost",
      originHostname: "localhost",
      requireTls: false,
    });
    const longestSendInSeconds =
      (smtpTimeoutsInMilliseconds.connectionTimeout +
        smtpTimeoutsInMilliseconds.greetingTimeout +
        smtpTimeoutsInMilliseconds.socketTimeout) /
      1000;
    assert.ok(deliveryLeaseInSecondsFor(transport) > longestSendInSeconds);
    transport.close();
  });
});
