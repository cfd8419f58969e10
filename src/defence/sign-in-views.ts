import type { SignInView } from "../../views/components/sign-in-table";
import { describeDevice } from "../sessions/device";
import type { SignInEvent } from "./sign-in-events";

const refusedResults: readonly string[] = ["throttled", "blocked", "challenge-failed"];

/** A logged attempt as the member and the admin see it: outcome, device, address. */
export function toSignInView(event: SignInEvent): SignInView {
  return {
    occurredAt: event.occurredAt,
    outcome:
      event.result === "success"
        ? "success"
        : event.result === "reset-required"
          ? "reset-pending"
          : refusedResults.includes(event.result)
            ? "refused"
            : "failure",
    passkey: event.method === "passkey" || event.method === "passkey-reauthentication",
    reauthentication:
      event.method === "reauthentication" || event.method === "passkey-reauthentication",
    resetLink: event.method === "reset-link",
    device: describeDevice(event.userAgent),
    ipAddress: event.ipAddress,
  };
}
