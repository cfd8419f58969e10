import type { Messages } from "../../src/i18n";
import {
  type SettingName,
  type SettingUnit,
  type SettingValue,
  settingDefinitions,
} from "../../src/settings/definitions";
import type { PageContext } from "../page-context";

/** The form that the per-field "reset to default" buttons submit (they sit in the main form). */
export const settingsResetFormId = "settings-reset";

type CapitalizedName = Capitalize<SettingName>;

function capitalize(name: SettingName): CapitalizedName {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}` as CapitalizedName;
}

export function settingLabel(messages: Messages, name: SettingName): string {
  return messages[`setting${capitalize(name)}Label`];
}

const unitMessages: Record<SettingUnit, keyof Messages & `settingUnit${string}`> = {
  characters: "settingUnitCharacters",
  "attempts-per-minute": "settingUnitAttemptsPerMinute",
  attempts: "settingUnitAttempts",
  minutes: "settingUnitMinutes",
  days: "settingUnitDays",
  "times-baseline": "settingUnitTimesBaseline",
  accounts: "settingUnitAccounts",
  "tries-per-account": "settingUnitTriesPerAccount",
  divisor: "settingUnitDivisor",
  iterations: "settingUnitIterations",
  bits: "settingUnitBits",
  deviations: "settingUnitDeviations",
  signals: "settingUnitSignals",
};

export interface SettingFieldProps {
  page: PageContext;
  name: SettingName;
  /** As typed, or the value in force. */
  value: string;
  defaultValue: SettingValue;
  overridden: boolean;
  error: string | undefined;
}

/** One policy: its value and unit, why it exists, its default, and a way back to the default. */
export function SettingField(props: SettingFieldProps) {
  const t = props.page.messages;
  const { name } = props;
  const definition = settingDefinitions[name];
  const label = settingLabel(t, name);
  const unit = "unit" in definition ? t[unitMessages[definition.unit]] : null;
  const defaultText =
    typeof props.defaultValue === "boolean"
      ? props.defaultValue
        ? t.settingsOn
        : t.settingsOff
      : t.settingsValueWithUnit(String(props.defaultValue), unit ?? "");
  const describedBy = [`${name}-hint`, props.error && `${name}-error`, unit && `${name}-unit`]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={props.error ? "field field-error" : "field"}>
      <label for={name}>
        {label}
        {props.overridden && <span class="badge warn">{t.settingsChanged}</span>}
      </label>
      <p class="hint" id={`${name}-hint`}>
        {t[`setting${capitalize(name)}Why`]}{" "}
        {t.settingsDefault(defaultText, definition.environmentVariable)}
      </p>
      {props.error && (
        <p class="error" id={`${name}-error`}>
          {props.error}
        </p>
      )}
      {definition.kind === "boolean" ? (
        <select id={name} name={name} aria-describedby={describedBy}>
          <option value="on" selected={props.value === "on"}>
            {t.settingsOn}
          </option>
          <option value="off" selected={props.value === "off"}>
            {t.settingsOff}
          </option>
        </select>
      ) : (
        <>
          <input
            id={name}
            name={name}
            type="text"
            inputmode={definition.kind === "decimal" ? "decimal" : "numeric"}
            class="short-number"
            value={props.value}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={describedBy}
          />{" "}
          <span id={`${name}-unit`}>{unit}</span>
        </>
      )}
      {props.overridden && (
        <p>
          <button
            type="submit"
            form={settingsResetFormId}
            name="reset"
            value={name}
            class="link-button"
          >
            {t.settingsResetField}
            <span class="visually-hidden">{`: ${label}`}</span>
          </button>
        </p>
      )}
    </div>
  );
}
