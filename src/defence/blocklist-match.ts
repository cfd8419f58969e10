import { eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { sourceBlock } from "../db/schema";
import type { Deps } from "../deps";
import {
  type AddressMatcher,
  type CidrRange,
  createAddressMatcher,
  ipAddressToBytes,
  parseCidr,
  rangeContains,
} from "./ip-address";

interface LoadedEntry {
  id: number;
  range: CidrRange;
  origin: BlockOrigin;
  expiresAt: Date | null;
}

type BlockOrigin = (typeof sourceBlock.$inferSelect)["origin"];

interface LoadedBlocklist {
  loadedAt: number;
  /** Single-address blocks (most automatic ones) by their 16 bytes, found without a scan. */
  byAddress: Map<string, LoadedEntry>;
  /** Wider blocks, and a matcher over them alone: net.BlockList checks rule by rule. */
  ranges: LoadedEntry[];
  rangeMatcher: AddressMatcher;
}

/**
 * The database is the blocklist; each process keeps a copy for matching with net.BlockList
 * and reloads it every few seconds, so a block added on one instance reaches the others
 * within that time without a query per request.
 */
const reloadAfterInMilliseconds = 5_000;
const loaded = new WeakMap<Database, LoadedBlocklist>();

/** After a change on this instance, the next check reloads at once. */
export function forgetLoadedBlocklist(database: Database): void {
  loaded.delete(database);
}

/** Blocks in force at `now`: without an expiry, or expiring later. */
export function activeCondition(now: Date) {
  return or(isNull(sourceBlock.expiresAt), gt(sourceBlock.expiresAt, now));
}

async function loadBlocklist(deps: Pick<Deps, "database" | "clock">): Promise<LoadedBlocklist> {
  const now = deps.clock.now();
  const current = loaded.get(deps.database);
  if (
    current &&
    now.getTime() - current.loadedAt < reloadAfterInMilliseconds &&
    now.getTime() >= current.loadedAt
  ) {
    return current;
  }
  const rows = await deps.database.select().from(sourceBlock).where(activeCondition(now));
  const entries = rows.flatMap((row) => {
    const range = parseCidr(row.cidr);
    return range ? [{ id: row.id, range, origin: row.origin, expiresAt: row.expiresAt }] : [];
  });
  const isSingle = (entry: LoadedEntry) => entry.range.start.equals(entry.range.end);
  const ranges = entries.filter((entry) => !isSingle(entry));
  const fresh = {
    loadedAt: now.getTime(),
    byAddress: new Map(
      entries.filter(isSingle).map((entry) => [entry.range.start.toString("hex"), entry]),
    ),
    ranges,
    rangeMatcher: createAddressMatcher(ranges.map((entry) => entry.range)),
  };
  loaded.set(deps.database, fresh);
  return fresh;
}

// Hits of every blocked request are added up in memory and written in batches (see
// refusal-buffer.ts), with this statement prepared once per database.
const hitStatements = new WeakMap<Database, ReturnType<typeof prepareHits>>();

function prepareHits(database: Database) {
  return database
    .update(sourceBlock)
    .set({
      hits: sql`${sourceBlock.hits} + ${sql.placeholder("count")}`,
      lastHitAt: sql`max(coalesce(${sourceBlock.lastHitAt}, 0), ${sql.placeholder("at")})`,
    })
    .where(eq(sourceBlock.id, sql.placeholder("id")))
    .prepare();
}

export interface BlockHits {
  count: number;
  lastHitAt: Date;
}

/** Adds hits to blocks (one that was removed meanwhile is skipped). */
export async function countBlockHits(
  database: Database,
  hits: ReadonlyMap<number, BlockHits>,
): Promise<void> {
  let statement = hitStatements.get(database);
  if (!statement) {
    statement = prepareHits(database);
    hitStatements.set(database, statement);
  }
  for (const [id, { count, lastHitAt }] of hits) {
    await statement.execute({ id, count, at: lastHitAt.getTime() });
  }
}

/**
 * The block that covers an address, with its hit counted; null when the source may pass. Its
 * origin tells whether a recognised device may still pass (see device-allowance.ts).
 */
export async function findBlockCovering(
  deps: Pick<Deps, "database" | "clock" | "refusalBuffer">,
  ipAddress: string | null,
): Promise<{ id: number; origin: BlockOrigin } | null> {
  const bytes = ipAddress ? ipAddressToBytes(ipAddress) : null;
  if (!ipAddress || !bytes) return null;
  const blocklist = await loadBlocklist(deps);
  const now = deps.clock.now();
  const inForce = (candidate: LoadedEntry) => !candidate.expiresAt || candidate.expiresAt > now;
  const exact = blocklist.byAddress.get(bytes.toString("hex"));
  const entry =
    exact && inForce(exact)
      ? exact
      : blocklist.rangeMatcher.matches(ipAddress)
        ? blocklist.ranges.find(
            (candidate) => rangeContains(candidate.range, bytes) && inForce(candidate),
          )
        : undefined;
  if (!entry) return null;
  if (deps.refusalBuffer.addBlockHit(entry.id, now)) await deps.refusalBuffer.flush();
  return { id: entry.id, origin: entry.origin };
}
