import { recordAlert } from "../defence/alerts";
import type { Deps } from "../deps";

/** Stored with a "mail-relay" alert, for the banner's sentence. */
export interface MailRelayAlertDetails {
  failingSince: string;
  failingForMinutes: number;
  /** The latest failure's code ("421", "ETLS"); never its text, which the banner does not need. */
  lastCode: string;
}

export interface RelayHealth {
  /** Every delivery since `since` failed, the latest with `code`: alerts once long enough. */
  recordFailure(code: string): Promise<void>;
  recordSuccess(): void;
}

/**
 * Watches this worker's deliveries: once every attempt has failed (for reasons that retrying
 * may fix) for MAIL_RELAY_ALERT_MINUTES, administrators get an alert on every admin page and
 * in /metrics, long before the messages run out of attempts (about an hour). No e-mail: it
 * would wait behind the relay that is failing.
 */
export function watchRelayHealth(
  deps: Pick<Deps, "database" | "clock" | "metrics" | "logger" | "config">,
): RelayHealth {
  let failingSince: Date | null = null;
  return {
    async recordFailure(code) {
      const now = deps.clock.now();
      failingSince ??= now;
      const failingForMinutes = Math.floor((now.getTime() - failingSince.getTime()) / 60_000);
      if (failingForMinutes < deps.config.mail.relayAlertAfterMinutes) return;
      const details: MailRelayAlertDetails = {
        failingSince: failingSince.toISOString(),
        failingForMinutes,
        lastCode: code,
      };
      const outcome = await recordAlert(deps, { kind: "mail-relay", details });
      if (outcome === "raised") {
        deps.logger.error({ ...details, alert: "mail-relay" }, "the mail relay keeps failing");
      }
    },
    recordSuccess() {
      failingSince = null;
    },
  };
}
