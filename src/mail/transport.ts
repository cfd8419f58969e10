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
  /** A 5xx answer: trying again will not help (RFC 5321 s4.2.1). */
  readonly permanent: boolean;

  constructor(message: string, options: { permanent: boolean }) {
    super(message);
    this.permanent = options.permanent;
  }
}

/**
 * SMTP through nodemailer. `smtp://` upgrades with STARTTLS whenever the relay offers it,
 * `smtps://` uses implicit TLS; credentials go in the URL (SMTP_URL).
 */
export function createSmtpTransport(options: {
  url: string;
  from: string;
  originHostname: string;
}): MailTransport {
  const transporter = createTransport({ url: options.url, ...smtpTimeoutsInMilliseconds });
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

function toDeliveryError(error: unknown): DeliveryError {
  const responseCode = (error as { responseCode?: number }).responseCode;
  const text = error instanceof Error ? error.message : String(error);
  const permanent = typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
  return new DeliveryError(responseCode ? `${responseCode} ${text}` : text, { permanent });
}
