import { lt } from "drizzle-orm";
import { waveBucket, waveSuspectSignIn } from "../../db/schema";
import type { Deps } from "../../deps";
import { minuteOf } from "../sign-in-events";

/**
 * The wave tables follow the sign-in log's retention (REKEY_SIGN_IN_LOG_DAYS): counts and
 * suspect sign-ins say nothing the deleted events could no longer back up. Wave records stay,
 * like alerts, as the incident history.
 */
export async function deleteOldWaveData(
  deps: Pick<Deps, "database" | "clock" | "settings">,
): Promise<void> {
  const { signInLogRetentionInDays } = (await deps.settings.current()).defence;
  const cutoff = new Date(deps.clock.now().getTime() - signInLogRetentionInDays * 86_400_000);
  await deps.database.delete(waveBucket).where(lt(waveBucket.startMinute, minuteOf(cutoff)));
  await deps.database.delete(waveSuspectSignIn).where(lt(waveSuspectSignIn.occurredAt, cutoff));
}
