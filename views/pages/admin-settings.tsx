import type { Messages } from "../../src/i18n";
import {
  type SettingName,
  type SettingSection,
  type SettingValues,
  settingDefinitions,
  settingNames,
  settingSections,
} from "../../src/settings/definitions";
import type { SettingsFormErrors, SettingsFormValues } from "../../src/settings/settings-form";
import { AdminNav } from "../components/admin-nav";
import { CsrfField, ErrorSummary, FormActions } from "../components/form";
import { type PolicyFormProps, ReminderPolicyForm } from "../components/reminder-policy-form";
import { SettingField, settingLabel, settingsResetFormId } from "../components/setting-field";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface SettingsFormView {
  values: SettingsFormValues;
  errors: SettingsFormErrors;
  defaults: SettingValues;
  overridden: ReadonlySet<SettingName>;
}

const sectionTitles: Record<SettingSection, keyof Messages & `settingsSection${string}`> = {
  passwords: "settingsSectionPasswords",
  throttles: "settingsSectionThrottles",
  detection: "settingsSectionDetection",
  waves: "settingsSectionWaves",
  "under-attack": "settingsSectionUnderAttack",
  retention: "settingsSectionRetention",
};

/** Every policy in one place: the environment's defaults, the overrides, the reminder policy. */
export function AdminSettingsPage(props: {
  page: PageContext;
  csrfToken: string;
  notice: string | null;
  settings: SettingsFormView;
  reminders: Omit<PolicyFormProps, "page" | "csrfToken" | "action">;
}) {
  const t = props.page.messages;
  const { settings } = props;
  const labels = Object.fromEntries(settingNames.map((name) => [name, settingLabel(t, name)]));
  return (
    <Layout page={props.page} title={t.settingsTitle}>
      <AdminNav page={props.page} />
      <h1>{t.settingsTitle}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p class="advice">{t.settingsIntro}</p>
      <form method="post" action="/admin/settings" novalidate>
        <ErrorSummary title={t.errorSummary} errors={settings.errors} labels={labels} />
        <CsrfField token={props.csrfToken} />
        {settingSections.map((section) => (
          <fieldset class="options" id={`section-${section}`}>
            <legend>
              <h2>{t[sectionTitles[section]]}</h2>
            </legend>
            {settingNames
              .filter((name) => settingDefinitions[name].section === section)
              .map((name) => (
                <SettingField
                  page={props.page}
                  name={name}
                  value={settings.values[name]}
                  defaultValue={settings.defaults[name]}
                  overridden={settings.overridden.has(name)}
                  error={settings.errors[name]}
                />
              ))}
          </fieldset>
        ))}
        <FormActions>
          <button type="submit">{t.settingsSave}</button>{" "}
          {settings.overridden.size > 0 && (
            <button
              type="submit"
              form={settingsResetFormId}
              name="reset"
              value="all"
              class="secondary"
            >
              {t.settingsResetAll}
            </button>
          )}
        </FormActions>
      </form>
      {/* Outside the main form (forms do not nest); its buttons live beside each field. */}
      <form id={settingsResetFormId} method="post" action="/admin/settings/reset">
        <CsrfField token={props.csrfToken} />
      </form>
      <section id="reminders" aria-labelledby="reminders-title">
        <h2 id="reminders-title">{t.settingsSectionReminders}</h2>
        <p class="hint">{t.adminRemindersIntro}</p>
        <ReminderPolicyForm
          page={props.page}
          csrfToken={props.csrfToken}
          action="/admin/settings/reminders"
          {...props.reminders}
        />
      </section>
    </Layout>
  );
}
