import type { Messages } from "../i18n";
import type { MailRelayAlertDetails } from "../mail/relay-alert";
import type { AlertFigures, DefenceAlert } from "./alerts";

/** One sentence per alert, for the banner on admin pages and the attack view. */
export function describeAlert(alert: DefenceAlert, messages: Messages): string {
  if (alert.kind === "webhook-endpoint") {
    const endpoint = JSON.parse(alert.details) as { url: string };
    return messages.webhooksAlertText(endpoint.url);
  }
  if (alert.kind === "mail-relay") {
    const relay = JSON.parse(alert.details) as MailRelayAlertDetails;
    return messages.mailRelayAlertText(relay.failingForMinutes, relay.lastCode);
  }
  if (alert.kind === "slow-wave") {
    const wave = JSON.parse(alert.details) as { signals: string[] };
    return messages.wavesAlertText(wave.signals.length);
  }
  const figures = JSON.parse(alert.details) as AlertFigures;
  return alert.kind === "attempt-rate"
    ? messages.alertKindAttemptRate(figures.attemptsPerMinute, figures.baselineAttemptsPerMinute)
    : messages.alertKindFailureRatio(figures.failureRatio, figures.baselineFailureRatio);
}
