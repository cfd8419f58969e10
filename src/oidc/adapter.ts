import { createHash } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Database } from "../db/connection";
import { oidcStoredObject, oidcSubject } from "../db/schema";
import type { Deps } from "../deps";

/** Kinds whose rows belong to a grant and die with it (refresh-token reuse, revocation). */
const grantBoundKinds = ["AccessToken", "AuthorizationCode", "RefreshToken", "Grant"];

/**
 * For opaque tokens oidc-provider's ID *is* the bearer token: only its SHA-256 is stored, so a
 * copy of the database yields no usable token (README, security model: tokens stored as hashes).
 * A token has >= 128 bits of randomness, so a fast hash is enough (no salt, no stretching).
 */
function hashIdentifier(id: string): string {
  return createHash("sha256").update(id).digest("base64url");
}

function subjectOf(payload: AdapterPayload): string | undefined {
  const session = payload.session as { accountId?: string } | undefined;
  return payload.accountId ?? session?.accountId;
}

/**
 * oidc-provider's storage in rekey's database (its Adapter interface, one class per model).
 * Clients are not stored here: see clients.ts, which the "Client" adapter reads.
 */
export function createStoredObjectAdapter(
  deps: Pick<Deps, "database" | "clock">,
  kind: string,
): Adapter {
  const { database } = deps;
  const byId = (id: string) =>
    and(eq(oidcStoredObject.kind, kind), eq(oidcStoredObject.idHash, hashIdentifier(id)));
  const read = async (condition: ReturnType<typeof byId>, id?: string) => {
    const [row] = await database.select().from(oidcStoredObject).where(condition).limit(1);
    if (!row || row.expiresAt.getTime() <= deps.clock.now().getTime()) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    // The ID was never stored (only its hash); the provider reads it back from `jti`.
    if (id !== undefined) payload.jti = id;
    if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
    return payload;
  };
  return {
    async upsert(id, payload, expiresInSeconds) {
      const { jti: _omitted, ...stored } = payload;
      const subject = subjectOf(payload);
      const values = {
        kind,
        idHash: hashIdentifier(id),
        grantId: payload.grantId ?? null,
        sessionUid: kind === "Session" ? (payload.uid ?? null) : null,
        // Resolved here once, so ending a member's grants is one indexed delete (sign-out.ts).
        memberId: subject
          ? sql`(select ${oidcSubject.memberId} from ${oidcSubject} where ${oidcSubject.subject} = ${subject})`
          : null,
        payload: JSON.stringify(stored),
        expiresAt: new Date(deps.clock.now().getTime() + expiresInSeconds * 1000),
      };
      await database
        .insert(oidcStoredObject)
        .values(values)
        .onConflictDoUpdate({
          target: [oidcStoredObject.kind, oidcStoredObject.idHash],
          set: {
            grantId: values.grantId,
            sessionUid: values.sessionUid,
            memberId: values.memberId,
            payload: values.payload,
            expiresAt: values.expiresAt,
          },
        });
    },
    async find(id) {
      return read(byId(id), id);
    },
    async findByUid(uid) {
      const [row] = await database
        .select({ payload: oidcStoredObject.payload })
        .from(oidcStoredObject)
        .where(and(eq(oidcStoredObject.kind, kind), eq(oidcStoredObject.sessionUid, uid)))
        .limit(1);
      // Sessions are looked up by uid only to end them; their cookie ID stays unknown here.
      return row ? (JSON.parse(row.payload) as AdapterPayload) : undefined;
    },
    async findByUserCode() {
      // The device flow is not enabled (README, "Protect your service": conformance list).
      return undefined;
    },
    async consume(id) {
      await database.update(oidcStoredObject).set({ consumedAt: deps.clock.now() }).where(byId(id));
    },
    async destroy(id) {
      await database.delete(oidcStoredObject).where(byId(id));
    },
    async revokeByGrantId(grantId) {
      // The whole family: every token of the grant and the grant itself.
      await database
        .delete(oidcStoredObject)
        .where(
          and(
            eq(oidcStoredObject.grantId, grantId),
            inArray(oidcStoredObject.kind, grantBoundKinds),
          ),
        );
      await database
        .delete(oidcStoredObject)
        .where(
          and(
            eq(oidcStoredObject.kind, "Grant"),
            eq(oidcStoredObject.idHash, hashIdentifier(grantId)),
          ),
        );
    },
  };
}

/** Housekeeping: expired rows of every kind. */
export async function deleteExpiredOidcObjects(
  deps: Pick<Deps, "database" | "clock">,
): Promise<number> {
  const removed = await deps.database
    .delete(oidcStoredObject)
    .where(lt(oidcStoredObject.expiresAt, deps.clock.now()))
    .returning({ kind: oidcStoredObject.kind });
  return removed.length;
}

export type { Database };
