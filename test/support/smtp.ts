import type { AddressInfo } from "node:net";
import PostalMime, { type Email } from "postal-mime";
import { SMTPServer } from "smtp-server";

/** Decides the answer to each DATA command: undefined accepts, a code refuses. */
export type SmtpBehaviour = (deliveryNumber: number) => { code: number; text: string } | undefined;

export interface TestSmtpServer {
  url: string;
  received: Email[];
  envelopes: string[][];
  attempts: () => number;
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on a free loopback port. */
export async function startSmtpServer(
  behaviour: SmtpBehaviour = () => undefined,
): Promise<TestSmtpServer> {
  const received: Email[] = [];
  const envelopes: string[][] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    // STARTTLS with the package's self-signed certificate would fail verification in the client.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        attempts++;
        const refusal = behaviour(attempts);
        if (refusal) {
          callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
          return;
        }
        envelopes.push(session.envelope.rcptTo.map((recipient) => recipient.address));
        PostalMime.parse(Buffer.concat(chunks)).then((email) => {
          received.push(email);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    envelopes,
    attempts: () => attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
