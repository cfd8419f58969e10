import { Hono } from "hono";
import { DevMailListPage, DevMailMessagePage } from "../../views/pages/dev-mail";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { isLocalDevMailRequest } from "./dev-mail-access";
import { findMessage, listRecentMessages, renderOutboxMessage } from "./outbox";

/**
 * /dev/mail: the outbox as a mail client, so a new user without SMTP can follow every e-mail
 * link. Mounted only when `config.mail.devViewer` (a loopback origin without SMTP), and answers
 * only requests from this machine; any other gets the ordinary 404.
 */
const messagesPerPage = 50;

export function devMailRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("/dev/mail/*", async (c, next) => {
    const local = isLocalDevMailRequest({
      socketAddress: c.env?.incoming?.socket?.remoteAddress,
      headers: c.req.raw.headers,
      url: new URL(c.req.url),
    });
    if (!local) return c.notFound();
    await next();
  });

  app.get("/dev/mail", async (c) => {
    const recipient = (c.req.query("to") ?? "").trim().slice(0, 254);
    const before = Number(c.req.query("before"));
    const beforeId = Number.isSafeInteger(before) && before > 0 ? before : undefined;
    const rows = await listRecentMessages(deps.database, messagesPerPage + 1, {
      recipient,
      beforeId,
    });
    const messages = rows.slice(0, messagesPerPage);
    const last = messages.at(-1);
    const olderHref =
      rows.length > messagesPerPage && last
        ? `/dev/mail?${new URLSearchParams({ ...(recipient ? { to: recipient } : {}), before: String(last.id) })}`
        : null;
    return c.html(
      <DevMailListPage
        page={pageContext(c, assets)}
        messages={messages}
        recipient={recipient}
        olderHref={olderHref}
        newestHref={
          beforeId
            ? `/dev/mail${recipient ? `?${new URLSearchParams({ to: recipient })}` : ""}`
            : null
        }
      />,
    );
  });

  app.get("/dev/mail/:id{[0-9]+}", async (c) => {
    const message = await findMessage(deps.database, Number(c.req.param("id")));
    if (!message) return c.notFound();
    return c.html(
      <DevMailMessagePage
        page={pageContext(c, assets)}
        message={{
          ...message,
          text: renderOutboxMessage(message)?.text ?? null,
          hasHtml: message.template !== null,
        }}
      />,
    );
  });

  app.get("/dev/mail/:id{[0-9]+}/html", async (c) => {
    const message = await findMessage(deps.database, Number(c.req.param("id")));
    const rendered = message ? renderOutboxMessage(message) : null;
    if (!rendered) return c.notFound();
    // Served as its own document under the portal's CSP: no script can run in it.
    return c.html(rendered.html);
  });

  return app;
}
