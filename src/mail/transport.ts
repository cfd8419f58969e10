import { createHash } from "node:crypto";
import { createTransport } from "nodemailer";
import { type OutboxMessage, renderOutboxMessage } from "./outbox";

/** Sends one message; throws DeliveryError so the worker knows whether to try again. */
export interface MailTransport {
  send(message: OutboxMessage): Promise<void>;
  close(): void;
  /**
   * The longest one `send` can take before the transport gives up on its own; the delivery
   * worker's lease on a message is sized from it. Unset: the worker's default applies.
   */
  readonly longestSendInMilliseconds?: number;
}

/**
 * nodemailer's own limits, set explicitly because the outbox lease is derived from them: a
 * TCP (and TLS) connection, the relay's greeting, then inactivity on the socket while the
 * message is handed over.
 */
export const smtpTimeoutsInMilliseconds = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 60_000,
} as const;

export class DeliveryError extends Error {
  override name = "DeliveryError";
  /** A 5xx answer about the message: trying again will not help (RFC 5321 s4.2.1). */
  readonly permanent: boolean;
  /**
   * What failed, from a small set an operator can alert on: the relay's reply code ("550",
   * "421"), or nodemailer's kind of failure when there is none or it says more ("ETLS",
   * "EAUTH", "ETIMEDOUT", "ECONNECTION"); "unknown" otherwise.
   */
  readonly code: string;

  constructor(message: string, options: { permanent: boolean; code?: string }) {
    super(message);
    this.permanent = options.permanent;
    this.code = options.code ?? "unknown";
  }
}

/**
 * SMTP through nodemailer. `smtp://` upgrades with STARTTLS whenever the relay offers it, and
 * with `requireTls` refuses to send at all when it does not (a stripped STARTTLS offer must not
 * turn into clear text); `smtps://` uses implicit TLS. Credentials go in the URL (SMTP_URL).
 */
export function createSmtpTransport(options: {
  url: string;
  from: string;
  originHostname: string;
  requireTls: boolean;
}): MailTransport {
  const transporter = createTransport({
    url: options.url,
    ...smtpTimeoutsInMilliseconds,
    requireTLS: options.requireTls,
  });
  return {
    longestSendInMilliseconds:
      smtpTimeoutsInMilliseconds.connectionTimeout +
      smtpTimeoutsInMilliseconds.greetingTimeout +
      smtpTimeoutsInMilliseconds.socketTimeout,
    async send(message) {
      const rendered = renderOutboxMessage(message);
      if (!rendered) throw new DeliveryError("the message has no content", { permanent: true });
      try {
        await transporter.sendMail({
          from: options.from,
          to: message.recipient,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          // A stable Message-ID lets a receiver drop the copy a crashed worker sent twice.
          messageId: `<${createHash("sha256").update(message.idempotencyKey).digest("hex").slice(0, 32)}@${options.originHostname}>`,
          headers: {
            "Auto-Submitted": "auto-generated",
            ...(message.headers ? (JSON.parse(message.headers) as Record<string, string>) : {}),
          },
        });
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * Failures of the channel, not of the message: the relay refused TLS or the credentials. Every
 * message would fail the same way until the operator fixes the relay, so they are retried (and
 * raise the relay alert) instead of failing each message at its first attempt.
 */
const channelFailureCodes = new Set(["ETLS", "EAUTH"]);

function toDeliveryError(error: unknown): DeliveryError {
  const { responseCode, code, response } = error as {
    responseCode?: number;
    code?: string;
    response?: string;
  };
  const kind = typeof code === "string" && /^E[A-Z]{2,15}$/.test(code) ? code : undefined;
  const label =
    kind && channelFailureCodes.has(kind)
      ? kind
      : typeof responseCode === "number" && responseCode >= 200 && responseCode < 600
        ? String(responseCode)
        : (kind ?? "unknown");
  const permanent = /^5\d\d$/.test(label);
  const explanation = error instanceof Error ? error.message : String(error);
  // The relay's own reply line says most about a refused message; nodemailer's message says
  // which step of the dialogue failed (STARTTLS, AUTH), which matters more for the channel.
  const text = describeRelayAnswer(label === kind ? explanation : (response ?? explanation));
  return new DeliveryError(text.startsWith(label) ? text : `${label} ${text}`, {
    permanent,
    code: label,
  });
}

/**
 * The relay's answer as an administrator may see it: one line, at most 200 characters, with
 * anything shaped like a link removed, since a relay may quote what it was sent.
 */
function describeRelayAnswer(answer: string): string {
  return answer
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[link]")
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}
