import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, describe, test } from "node:test";
import { pino } from "pino";
import { outboxMessage } from "../src/db/schema";
import { createDeliveryWorker } from "../src/mail/delivery-worker";
import { createTestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";
import { type SmtpBehaviour, startSmtpServer, type TestSmtpServer } from "./support/smtp";

const metricsToken = "m".repeat(40);
const servers: TestSmtpServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** A portal whose relay answers with `behaviour`, an administrator, and the log lines. */
async function portalWithFailingRelay(
  behaviour: SmtpBehaviour,
  environment: Record<string, string> = {},
) {
  const smtp = await startSmtpServer(behaviour);
  servers.push(smtp);
  const logLines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(JSON.parse(String(chunk)));
        callback();
      },
    }),
  );
  const portal = createTestPortal(
    { SMTP_URL: smtp.url, REKEY_METRICS_TOKEN: metricsToken, ...environment },
    { logger },
  );
  const transport = portal.deps.mailTransport;
  assert.ok(transport);
  const worker = createDeliveryWorker(portal.deps, transport, {
    messagesPerSecond: 1000,
    maximumAttempts: 8,
  });
  const { administrator } = await createPersonas(portal);
  return { portal, worker, administrator, logLines };
}

async function scrapeMetrics(portal: ReturnType<typeof createTestPortal>): Promise<string> {
  const scraped = await portal.app.request("http://localhost:3000/metrics", {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  return scraped.text();
}

const greylisting: SmtpBehaviour = () => ({
  code: 451,
  text: "4.7.1 Greylisted, see https://relay.example.jp/why?token=abc",
});

describe("mail failures are visible before the retries run out", () => {
  test("/admin/mail shows each waiting message's last error and next attempt, without links", async () => {
    const { portal, worker, administrator } = await portalWithFailingRelay(greylisting);
    await worker.deliverBatch();
    const waiting = (await portal.deps.database.select().from(outboxMessage)).filter(
      (message) => message.status === "pending",
    );
    assert.ok(waiting.length > 0);

    const page = await administrator.get("/admin/mail");
    assert.equal(page.status, 200);
    for (const message of waiting) {
      assert.match(
        page.text,
        new RegExp(
          `data-message-id="${message.id}">[\\s\\S]*?<td data-last-error[^>]*>451 4\\.7\\.1 Greylisted, see \\[link\\]</td>` +
            `<td data-next-attempt="${message.nextAttemptAt.toISOString()}">`,
        ),
      );
    }
    assert.doesNotMatch(page.text, /relay\.example\.jp|token=abc/, "no link from the answer");
    assert.doesNotMatch(page.text, /verify-email\//, "nothing of the message itself");
  });

  test("the log line of a failed delivery carries the relay's code and answer", async () => {
    const { worker, logLines } = await portalWithFailingRelay(greylisting);
    await worker.deliverBatch();
    const failed = logLines.find((line) => line.msg === "mail delivery failed");
    assert.equal(failed?.code, "451");
    assert.equal(failed?.error, "451 4.7.1 Greylisted, see [link]");
    assert.equal(typeof failed?.retryAt, "string");
  });

  test("/metrics counts failed deliveries by the relay's code", async () => {
    const { portal, worker } = await portalWithFailingRelay((attempt) =>
      attempt === 1 ? { code: 550, text: "5.1.1 No such user" } : { code: 421, text: "Busy" },
    );
    await worker.deliverBatch();
    const metrics = await scrapeMetrics(portal);
    assert.match(metrics, /rekey_mail_delivery_failures_total\{code="550"\} 1\n/);
    assert.match(metrics, /rekey_mail_delivery_failures_total\{code="421"\} [1-9]/);
  });

  test("administrators are alerted once the relay has failed for MAIL_RELAY_ALERT_MINUTES", async () => {
    const { portal, worker, administrator } = await portalWithFailingRelay(
      () => ({ code: 421, text: "4.3.2 Service shutting down" }),
      { MAIL_RELAY_ALERT_MINUTES: "5" },
    );
    await worker.deliverBatch();
    portal.clock.advanceByMinutes(4);
    await worker.deliverBatch();
    assert.doesNotMatch((await administrator.get("/admin")).text, /data-alert="mail-relay"/);

    portal.clock.advanceByMinutes(2);
    await worker.deliverBatch();
    const banner = /data-alert="mail-relay">[\s\S]*?<\/div>/.exec(
      (await administrator.get("/admin")).text,
    )?.[0];
    assert.match(banner ?? "", /E-mail is not being delivered/);
    assert.match(banner ?? "", /for at least 6 minutes \(last error: 421\)/);
    assert.match(banner ?? "", /href="\/admin\/mail"/);
    assert.match(await scrapeMetrics(portal), /rekey_defence_alerts_total\{kind="mail-relay"\} 1/);
  });
});
