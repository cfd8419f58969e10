import { emailChangeEn, emailChangeJa } from "../accounts/messages";
import { consoleEn, consoleJa } from "../admin/console-messages";
import { dashboardEn, dashboardJa } from "../admin/dashboard-messages";
import { memberPageEn, memberPageJa } from "../admin/member-page-messages";
import { adminEn, adminJa } from "../admin/messages";
import { adminSafetyEn, adminSafetyJa } from "../admin/safety-messages";
import { auditEn, auditJa } from "../audit/messages";
import { comboScansEn, comboScansJa } from "../combo-scans/messages";
import { defenceEn, defenceJa } from "../defence/messages";
import { wavesEn, wavesJa } from "../defence/waves/messages";
import { importsEn, importsJa } from "../imports/messages";
import { investigationEn, investigationJa } from "../investigation/messages";
import { mailEn, mailJa } from "../mail/messages";
import { oidcEn, oidcJa } from "../oidc/messages";
import { operatorEn, operatorJa } from "../operator/messages";
import { passkeysEn, passkeysJa } from "../passkeys/messages";
import { passkeyTrustEn, passkeyTrustJa } from "../passkeys/trust-messages";
import { checkupEn, checkupJa } from "../passwords/checkup-messages";
import { passwordsEn, passwordsJa } from "../passwords/messages";
import { strengthEn, strengthJa } from "../passwords/strength/messages";
import { remindersEn, remindersJa } from "../reminders/messages";
import { resetsEn, resetsJa } from "../resets/messages";
import { settingsEn, settingsJa } from "../settings/messages";
import { webhooksEn, webhooksJa } from "../webhooks/messages";
import { coreEn } from "./en";
import { coreJa } from "./ja";
import type { Translation } from "./types";

// Each capability keeps its messages beside its code (src/<capability>/messages.ts) and adds
// them here, English first; the type makes a missing Japanese message a compile error.
const en = {
  ...coreEn,
  ...mailEn,
  ...emailChangeEn,
  ...resetsEn,
  ...adminEn,
  ...dashboardEn,
  ...memberPageEn,
  ...passkeysEn,
  ...passkeyTrustEn,
  ...passwordsEn,
  ...defenceEn,
  ...remindersEn,
  ...strengthEn,
  ...investigationEn,
  ...settingsEn,
  ...adminSafetyEn,
  ...wavesEn,
  ...webhooksEn,
  ...importsEn,
  ...comboScansEn,
  ...oidcEn,
  ...operatorEn,
  ...auditEn,
  ...consoleEn,
  ...checkupEn,
} as const;

export type Messages = Translation<typeof en>;

const ja: Messages = {
  ...coreJa,
  ...mailJa,
  ...emailChangeJa,
  ...resetsJa,
  ...adminJa,
  ...dashboardJa,
  ...memberPageJa,
  ...passkeysJa,
  ...passkeyTrustJa,
  ...passwordsJa,
  ...defenceJa,
  ...remindersJa,
  ...strengthJa,
  ...investigationJa,
  ...settingsJa,
  ...adminSafetyJa,
  ...wavesJa,
  ...webhooksJa,
  ...importsJa,
  ...comboScansJa,
  ...oidcJa,
  ...operatorJa,
  ...auditJa,
  ...consoleJa,
  ...checkupJa,
};

export const catalogues = { en, ja } satisfies Record<string, Messages>;
