import { parseArgs } from "node:util";
import type { Deps } from "../deps";
import { type SettingName, settingDefinitions, settingNames } from "../settings/definitions";
import { resetSettings } from "../settings/store";
import type { CommandIo } from "./main";
import { withDeps } from "./with-deps";

export const settingsUsage = `  settings list
      Show every setting of the Settings page: the value in force, and its default when an
      administrator changed it.
  settings reset <name>... | --all
      Put settings back to their environment defaults (audited). The way back when a setting
      locks administrators out of the console, for example a throttle set too tight.
`;

/** `rekey settings list` and `rekey settings reset`. */
export async function settingsCommand(
  argv: string[],
  io: CommandIo,
  usage: string,
): Promise<number> {
  let action: "list" | "reset";
  let names: SettingName[];
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { all: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    const [verb, ...rest] = positionals;
    if (verb === "list" && rest.length === 0 && !values.all) {
      action = "list";
      names = [];
    } else if (verb === "reset" && (values.all ? rest.length === 0 : rest.length > 0)) {
      action = "reset";
      const unknown = rest.filter((name) => !(settingNames as string[]).includes(name));
      if (unknown.length > 0) throw new Error(`Unknown setting: ${unknown.join(", ")}.`);
      names = values.all ? [...settingNames] : (rest as SettingName[]);
    } else {
      throw new Error("Use settings list, or settings reset with names or --all.");
    }
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  return withDeps(io, (deps) =>
    action === "list" ? listSettings(deps, io) : resetNamedSettings(deps, io, names),
  );
}

async function listSettings(deps: Deps, io: CommandIo): Promise<number> {
  const settings = await deps.settings.refresh();
  for (const name of settingNames) {
    const definition = settingDefinitions[name];
    const changed = settings.overridden.has(name)
      ? ` (changed; default ${settings.defaults[name]} from ${definition.environmentVariable})`
      : "";
    io.stdout.write(`${name} = ${settings.values[name]}${changed}\n`);
  }
  return 0;
}

async function resetNamedSettings(
  deps: Deps,
  io: CommandIo,
  names: SettingName[],
): Promise<number> {
  const changes = await resetSettings(deps, names, { kind: "cli" });
  const changed = Object.entries(changes);
  if (changed.length === 0) io.stdout.write("Every named setting already had its default.\n");
  for (const [name, change] of changed)
    io.stdout.write(`${name}: ${change?.from} -> ${change?.to}\n`);
  return 0;
}
