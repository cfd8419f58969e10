import { type OutboxMessage, renderOutboxMessage } from "../../src/mail/outbox";

/** The text part of a queued message, as it will be sent ("" for none). */
export function messageText(
  message: Pick<OutboxMessage, "template" | "language"> | undefined,
): string {
  return message ? (renderOutboxMessage(message)?.text ?? "") : "";
}
