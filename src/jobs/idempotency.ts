import { createHash } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/connection";
import { idempotencyKey } from "../db/schema";

/** How long a key answers with its job; after that the same key starts a new one. */
export const idempotencyKeyLifetimeInHours = 24;
/** A claim whose job was never recorded (the process died while storing it) is free again. */
const abandonedClaimInMinutes = 10;

export type IdempotencyClaim =
  | { kind: "new"; claimId: number }
  | { kind: "replay"; jobId: number }
  /** The same key was used with a different request body (422 in the draft, s2.7). */
  | { kind: "mismatch" }
  /** The first request with this key is still storing its job (409 in the draft). */
  | { kind: "in-progress" };

export interface IdempotencyScope {
  apiKeyId: string;
  jobKind: string;
  key: string;
}

/** The request fingerprint: SHA-256 of the request as the handler understood it. */
export function fingerprintRequest(request: unknown): Buffer {
  return createHash("sha256").update(JSON.stringify(request)).digest();
}

/**
 * Claims `key` for one job of this API key (draft-ietf-httpapi-idempotency-key-header-06):
 * the first request gets "new" and must record its job or release the claim; later requests
 * get that job back, or a conflict. One conditional insert decides between two instances.
 */
export async function claimIdempotencyKey(
  database: Database,
  scope: IdempotencyScope,
  requestHash: Buffer,
  now: Date,
): Promise<IdempotencyClaim> {
  const inScope = and(
    eq(idempotencyKey.apiKeyId, scope.apiKeyId),
    eq(idempotencyKey.jobKind, scope.jobKind),
    eq(idempotencyKey.key, scope.key),
  );
  // Expired keys and abandoned claims no longer hold the key.
  await database
    .delete(idempotencyKey)
    .where(
      and(
        inScope,
        or(
          lt(idempotencyKey.createdAt, hoursBefore(now, idempotencyKeyLifetimeInHours)),
          and(
            isNull(idempotencyKey.jobId),
            lt(
              idempotencyKey.createdAt,
              new Date(now.getTime() - abandonedClaimInMinutes * 60_000),
            ),
          ),
        ),
      ),
    );
  const [inserted] = await database
    .insert(idempotencyKey)
    .values({ ...scope, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: idempotencyKey.id });
  if (inserted) return { kind: "new", claimId: inserted.id };
  const [existing] = await database.select().from(idempotencyKey).where(inScope).limit(1);
  if (!existing) return { kind: "in-progress" };
  if (!existing.requestHash.equals(requestHash)) return { kind: "mismatch" };
  return existing.jobId === null
    ? { kind: "in-progress" }
    : { kind: "replay", jobId: existing.jobId };
}

export async function recordIdempotentJob(
  database: Database,
  claimId: number,
  jobId: number,
): Promise<void> {
  await database.update(idempotencyKey).set({ jobId }).where(eq(idempotencyKey.id, claimId));
}

/** The job could not be created: the key is free for the client's retry. */
export async function releaseIdempotencyKey(database: Database, claimId: number): Promise<void> {
  await database.delete(idempotencyKey).where(eq(idempotencyKey.id, claimId));
}

export async function deleteExpiredIdempotencyKeys(database: Database, now: Date): Promise<void> {
  await database
    .delete(idempotencyKey)
    .where(lt(idempotencyKey.createdAt, hoursBefore(now, idempotencyKeyLifetimeInHours)));
}

function hoursBefore(now: Date, hours: number): Date {
  return new Date(now.getTime() - hours * 3_600_000);
}

/**
 * The `Idempotency-Key` header's value: a structured-field string (RFC 8941 s3.3.3, as the
 * draft asks, e.g. `"8e03978e-40d5"`) or, leniently, the same characters unquoted. Undefined
 * when the header is absent; "invalid" when it is not a key of 1 to 255 visible characters.
 */
export function parseIdempotencyKeyHeader(
  value: string | undefined,
): string | undefined | "invalid" {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const quoted = /^"([\x20-\x21\x23-\x5b\x5d-\x7e]{1,255})"$/.exec(trimmed);
  if (quoted) return quoted[1];
  return /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]{1,255}$/.test(trimmed) ? trimmed : "invalid";
}
