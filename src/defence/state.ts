import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../db/connection";
import { defenceState } from "../db/schema";
import type { Deps } from "../deps";

export type UnderAttackSetting = (typeof defenceState.$inferSelect)["underAttackMode"];

const stateId = 1;
const secrets = new WeakMap<Database, Buffer>();
const derivedKeys = new WeakMap<Database, Map<string, Buffer>>();
// Read on every sign-in attempt, so prepared once per database.
const readStatements = new WeakMap<Database, ReturnType<typeof prepareRead>>();

function prepareRead(database: Database) {
  return database.select().from(defenceState).where(eq(defenceState.id, stateId)).prepare();
}

async function readState(database: Database): Promise<typeof defenceState.$inferSelect> {
  let statement = readStatements.get(database);
  if (!statement) {
    statement = prepareRead(database);
    readStatements.set(database, statement);
  }
  const [existing] = await statement.execute();
  if (existing) return existing;
  // The first instance to need it creates the row; a concurrent one keeps the winner's.
  await database
    .insert(defenceState)
    .values({ id: stateId, secret: randomBytes(32) })
    .onConflictDoNothing();
  return readState(database);
}

/**
 * A key for one purpose, derived from the secret every instance shares through the database,
 * so a device cookie or challenge issued by one instance is accepted by the others. The secret
 * never changes, so it is read once per process and each key derived once.
 */
export async function deriveDefenceKey(database: Database, purpose: string): Promise<Buffer> {
  let keys = derivedKeys.get(database);
  if (!keys) {
    keys = new Map();
    derivedKeys.set(database, keys);
  }
  const known = keys.get(purpose);
  if (known) return known;
  let secret = secrets.get(database);
  if (!secret) {
    secret = (await readState(database)).secret;
    secrets.set(database, secret);
  }
  const key = createHmac("sha256", secret).update(purpose).digest();
  keys.set(purpose, key);
  return key;
}

export interface UnderAttackState {
  setting: UnderAttackSetting;
  /** Whether throttles are tightened and the sign-in form asks for a proof of work. */
  active: boolean;
  automaticUntil: Date | null;
}

/**
 * Every sign-in attempt asks whether the portal is under attack, refused ones included, so
 * this process reuses what it read for a second: a change made on another instance (an
 * administrator's switch, an alert's automatic mode) applies here within that second, and one
 * made here at once.
 */
const stateFreshForMilliseconds = 1000;
const recentStates = new WeakMap<
  Database,
  { state: typeof defenceState.$inferSelect; readAt: number }
>();

async function readRecentState(database: Database, now: number) {
  const recent = recentStates.get(database);
  if (recent && now >= recent.readAt && now - recent.readAt < stateFreshForMilliseconds) {
    return recent.state;
  }
  const state = await readState(database);
  recentStates.set(database, { state, readAt: now });
  return state;
}

export async function readUnderAttackState(
  deps: Pick<Deps, "database" | "clock">,
): Promise<UnderAttackState> {
  const state = await readRecentState(deps.database, deps.clock.now().getTime());
  const automaticActive =
    state.underAttackUntil !== null && state.underAttackUntil > deps.clock.now();
  return {
    setting: state.underAttackMode,
    active:
      state.underAttackMode === "on" || (state.underAttackMode === "automatic" && automaticActive),
    automaticUntil: automaticActive ? state.underAttackUntil : null,
  };
}

/** The administrator's choice: follow alerts automatically, or force the mode on or off. */
export async function setUnderAttackSetting(
  database: Database,
  setting: UnderAttackSetting,
): Promise<void> {
  await readState(database);
  await database
    .update(defenceState)
    .set({ underAttackMode: setting })
    .where(eq(defenceState.id, stateId));
  recentStates.delete(database);
}

/** An alert keeps automatic under-attack mode on until `until` (never shortens it). */
export async function extendAutomaticUnderAttack(database: Database, until: Date): Promise<void> {
  const state = await readState(database);
  if (state.underAttackUntil && state.underAttackUntil >= until) return;
  await database
    .update(defenceState)
    .set({ underAttackUntil: until })
    .where(eq(defenceState.id, stateId));
  recentStates.delete(database);
}
