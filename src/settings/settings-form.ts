import type { Messages } from "../i18n";
import {
  definitionOf,
  isAllowedSettingValue,
  type SettingName,
  type SettingValue,
  type SettingValues,
  settingNames,
} from "./definitions";

/** The form as typed: text, so a bad value is shown back as it was. Booleans are on/off. */
export type SettingsFormValues = Record<SettingName, string>;
export type SettingsFormErrors = Partial<Record<SettingName, string>>;

export type SettingsFormResult =
  | { ok: true; values: Partial<SettingValues> }
  | { ok: false; values: SettingsFormValues; errors: SettingsFormErrors };

export function formValuesOfSettings(values: SettingValues): SettingsFormValues {
  return Object.fromEntries(
    settingNames.map((name) => [name, textOf(values[name])]),
  ) as SettingsFormValues;
}

function textOf(value: SettingValue): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  return String(value);
}

/**
 * Checks every submitted field against its bounds and answers all problems at once, so
 * nothing is stored unless every field is valid. A field that was not submitted keeps the
 * value in force.
 */
export function validateSettingsForm(
  field: (name: string) => string | undefined,
  current: SettingValues,
  messages: Messages,
): SettingsFormResult {
  const typed = formValuesOfSettings(current);
  const values: Partial<Record<SettingName, SettingValue>> = {};
  const errors: SettingsFormErrors = {};
  for (const name of settingNames) {
    const raw = field(name);
    if (raw === undefined) continue;
    // NFKC: full-width digits typed with a Japanese IME are the same number.
    typed[name] = raw.normalize("NFKC").trim().slice(0, 20);
    const value = parseSettingText(name, typed[name]);
    if (value === undefined) errors[name] = describeAllowedValues(name, messages);
    else values[name] = value;
  }
  if (Object.keys(errors).length === 0)
    checkNetworkAgainstAddress(current, values, errors, messages);
  if (Object.keys(errors).length > 0) return { ok: false, values: typed, errors };
  return { ok: true, values: values as Partial<SettingValues> };
}

/**
 * A network holds many addresses, so a network limit under the per-address one would throttle
 * a whole office or carrier NAT before any single address is: refused as a likely mistake.
 */
function checkNetworkAgainstAddress(
  current: SettingValues,
  values: Partial<Record<SettingName, SettingValue>>,
  errors: SettingsFormErrors,
  messages: Messages,
): void {
  const merged = { ...current, ...values } as SettingValues;
  const pairs = [
    ["signInPerNetworkPerMinute", "signInPerAddressPerMinute"],
    ["signInPerNetworkBurst", "signInPerAddressBurst"],
  ] as const;
  for (const [network, address] of pairs) {
    if (merged[network] < merged[address])
      errors[network] = messages.settingsErrorNetworkBelowAddress(String(merged[address]));
  }
}

function parseSettingText(name: SettingName, text: string): SettingValue | undefined {
  const definition = definitionOf(name);
  let value: SettingValue | undefined;
  if (definition.kind === "boolean") {
    value = text === "on" ? true : text === "off" ? false : undefined;
  } else {
    const pattern = definition.kind === "integer" ? /^[0-9]+$/ : /^[0-9]+(\.[0-9]+)?$/;
    value = pattern.test(text) ? Number(text) : undefined;
  }
  return isAllowedSettingValue(name, value) ? value : undefined;
}

function describeAllowedValues(name: SettingName, messages: Messages): string {
  const definition = definitionOf(name);
  if (definition.kind === "boolean") return messages.settingsErrorChoice;
  const minimum = String(definition.minimum);
  const maximum = String(definition.maximum);
  return definition.kind === "integer"
    ? messages.settingsErrorWholeNumber(minimum, maximum)
    : messages.settingsErrorNumber(minimum, maximum);
}
