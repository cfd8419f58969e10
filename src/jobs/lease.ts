import { and, eq, lt, or } from "drizzle-orm";
import { lease } from "../db/schema";
import type { Deps } from "../deps";

/**
 * A named lease in the database: whoever holds it does the work, so two processes never do
 * the same work. A holder that dies loses it when it expires.
 */
export async function claimLease(
  deps: Pick<Deps, "database" | "clock">,
  options: { name: string; holder: string; durationInSeconds: number },
): Promise<boolean> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + options.durationInSeconds * 1000);
  const claimed = await deps.database
    .insert(lease)
    .values({ name: options.name, holder: options.holder, expiresAt })
    .onConflictDoUpdate({
      target: lease.name,
      set: { holder: options.holder, expiresAt },
      // Taken over only when free (expired) or already ours (renewal).
      setWhere: or(lt(lease.expiresAt, now), eq(lease.holder, options.holder)),
    })
    .returning({ name: lease.name });
  return claimed.length > 0;
}

export async function releaseLease(
  deps: Pick<Deps, "database">,
  options: { name: string; holder: string },
): Promise<void> {
  await deps.database
    .delete(lease)
    .where(and(eq(lease.name, options.name), eq(lease.holder, options.holder)));
}
