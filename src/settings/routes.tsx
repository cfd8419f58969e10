import { Hono } from "hono";
import { AdminSettingsPage } from "../../views/pages/admin-settings";
import type { Deps } from "../deps";
import { loadReminderPolicy, saveReminderPolicy } from "../reminders/policy";
import {
  formValuesOf,
  type ReminderPolicyFormErrors,
  type ReminderPolicyFormValues,
  validateReminderPolicyForm,
} from "../reminders/policy-form";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { isSettingName, settingNames } from "./definitions";
import {
  formValuesOfSettings,
  type SettingsFormErrors,
  type SettingsFormValues,
  validateSettingsForm,
} from "./settings-form";
import { resetSettings, saveSettings } from "./store";

interface PageState {
  settings?: { values: SettingsFormValues; errors: SettingsFormErrors };
  reminders?: { values: ReminderPolicyFormValues; errors: ReminderPolicyFormErrors };
}

/**
 * The Settings page: every policy an operator may change at run time, and the reminder
 * policy, each form validated as a whole (nothing is stored while any field is wrong) and
 * every change audited. requireAdministrator asks for a sign-in within 10 minutes.
 */
export function settingsRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/settings", requireAdministrator(deps));
  app.use("/admin/settings/*", requireAdministrator(deps));

  const render = async (c: AppContext, state: PageState) => {
    // From the database, not the cache: another instance may have just saved.
    const current = await deps.settings.refresh();
    const settings = state.settings ?? {
      values: formValuesOfSettings(current.values),
      errors: {},
    };
    const reminders = state.reminders ?? {
      values: formValuesOf(await loadReminderPolicy(deps.database)),
      errors: {},
    };
    const failed =
      Object.keys(settings.errors).length > 0 || Object.keys(reminders.errors).length > 0;
    return c.html(
      <AdminSettingsPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        notice={failed ? null : noticeOf(c)}
        settings={{ ...settings, defaults: current.defaults, overridden: current.overridden }}
        reminders={{ ...reminders, timeZone: deps.config.timeZone }}
      />,
      failed ? 400 : 200,
    );
  };

  app.get("/admin/settings", (c) => render(c, {}));

  app.post("/admin/settings", async (c) => {
    const form = c.get("form");
    const { values } = await deps.settings.refresh();
    const input = validateSettingsForm((name) => form.get(name), values, c.get("messages"));
    if (!input.ok) return render(c, { settings: input });
    const changes = await saveSettings(deps, input.values, memberActor(c));
    return c.redirect(`/admin/settings?saved=${Object.keys(changes).length}`, 303);
  });

  app.post("/admin/settings/reset", async (c) => {
    const target = formText(c.get("form"), "reset");
    const names = target === "all" ? settingNames : isSettingName(target) ? [target] : null;
    if (!names) throw new RequestProblem(400, "errorBadRequest");
    const changes = await resetSettings(deps, names, memberActor(c));
    return c.redirect(`/admin/settings?reset=${Object.keys(changes).length}`, 303);
  });

  app.post("/admin/settings/reminders", async (c) => {
    const form = c.get("form");
    const input = validateReminderPolicyForm((name) => formText(form, name), c.get("messages"));
    if (!input.ok) return render(c, { reminders: input });
    await saveReminderPolicy(deps, input.policy, memberActor(c));
    return c.redirect("/admin/settings?saved=reminders#reminders", 303);
  });

  return app;
}

/** The notice after a redirect: how many settings changed, or that reminders were saved. */
function noticeOf(c: AppContext): string | null {
  const messages = c.get("messages");
  const saved = c.req.query("saved");
  if (saved === "reminders") return messages.adminRemindersSaved;
  const counted = saved ?? c.req.query("reset");
  if (!counted || !/^[0-9]{1,3}$/.test(counted)) return null;
  const count = Number(counted);
  if (count === 0) return messages.settingsUnchanged;
  return saved !== undefined ? messages.settingsSaved(count) : messages.settingsResetDone(count);
}
