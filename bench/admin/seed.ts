import type { Database } from "../../src/db/connection";

const day = 86_400_000;

/**
 * A member base with the spread the dashboard charts show: every password verdict, ages over
 * three years, passkeys added over a year, sessions, a day of sign-in counts and a backlog of
 * sent e-mail. Written straight through the driver: the bench measures reads, not hashing.
 */
export function seedAdminData(
  database: Database,
  options: { members: number; passwordHash: string; now: number },
): void {
  const client = database.$client;
  const verdicts = ["ok", "ok", "ok", "ok", "weak", "similar", "breached", null];
  const insertMember = client.prepare(
    `insert into member (login_id, email, email_verified_at, password_hash, password_changed_at,
       role, language, created_at, password_health, password_checked_at, reset_required_at)
     values (?, ?, ?, ?, ?, 'member', ?, ?, ?, ?, ?)`,
  );
  const insertPasskey = client.prepare(
    `insert into passkey (member_id, credential_id, public_key, counter, transports, device_type,
       backed_up, aaguid, name, created_at) values (?, ?, x'00', 0, 'internal', 'multiDevice', 1,
       '00000000-0000-0000-0000-000000000000', 'Passkey', ?)`,
  );
  const insertSession = client.prepare(
    `insert into session (id, member_id, secret_hash, created_at, last_seen_at, authenticated_at,
       expires_at, ip_address, user_agent) values (?, ?, x'00', ?, ?, ?, ?, '192.0.2.1', 'bench')`,
  );
  const insertRange = client.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) {
      const id = index + 1;
      const passwordless = index % 40 === 0;
      insertMember.run(
        `member${index}`,
        `member${index}@example.jp`,
        index % 13 === 0 ? null : options.now,
        passwordless ? null : options.passwordHash,
        passwordless ? null : options.now - ((index * 7919) % 1100) * day,
        index % 5 === 0 ? "ja" : "en",
        options.now - ((index * 104_729) % 1500) * day,
        passwordless ? null : verdicts[index % verdicts.length],
        passwordless || index % 8 === 7 ? null : options.now,
        index % 97 === 0 ? options.now : null,
      );
      if (index % 6 === 0)
        insertPasskey.run(id, Buffer.from(`credential-${id}`), options.now - (index % 365) * day);
      if (index % 20 === 0)
        insertSession.run(
          `session-${id}`,
          id,
          options.now,
          options.now,
          options.now,
          options.now + day,
        );
    }
  });
  for (let start = 0; start < options.members; start += 50_000)
    insertRange(start, Math.min(start + 50_000, options.members));

  const insertMinute = client.prepare(
    "insert or replace into sign_in_minute (minute, attempts, successes, rejected) values (?, ?, ?, ?)",
  );
  const lastMinute = Math.floor(options.now / 60_000);
  client.transaction(() => {
    for (let minute = lastMinute - 1440; minute <= lastMinute; minute++)
      insertMinute.run(minute, 40 + (minute % 60), 35, minute % 7);
  })();

  const insertMessage = client.prepare(
    `insert into outbox_message (idempotency_key, kind, member_id, recipient, language, subject,
       status, attempts, next_attempt_at, created_at, sent_at) values (?, 'reset', ?, ?, 'en', 'Reset', ?, 1, ?, ?, ?)`,
  );
  client.transaction(() => {
    for (let index = 0; index < 200_000; index++) {
      const status = index % 100 === 0 ? "pending" : index % 1000 === 1 ? "failed" : "sent";
      insertMessage.run(
        `bench-${index}`,
        (index % options.members) + 1,
        `member${index}@example.jp`,
        status,
        options.now,
        options.now,
        status === "sent" ? options.now : null,
      );
    }
  })();
}
