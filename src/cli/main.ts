import { parseArgs } from "node:util";
import { adminCreateCommand } from "./admin-create";
import { adminRolesCommand, adminRolesUsage } from "./admin-roles-command";
import { blockImportCommand } from "./block-import";
import { breachCommand, breachUsage } from "./breach";
import { incidentCommand, incidentUsage } from "./incident-commands";
import { membersImportCommand, membersImportUsage } from "./members-import-command";
import { oidcCommand, oidcUsage } from "./oidc-command";
import { operatorCommand, operatorUsage } from "./operator-commands";
import { remindersCommand, remindersUsage } from "./reminders-command";
import { scanCommand, scanUsage } from "./scan-command";
import { settingsCommand, settingsUsage } from "./settings-command";
import { withDeps } from "./with-deps";

export interface CommandIo {
  stdin: NodeJS.ReadStream | (NodeJS.ReadableStream & { isTTY?: boolean });
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  environment: Record<string, string | undefined>;
}

const usage = `Usage: rekey <command>

Commands:
  admin create --login-id <id> --email <address>
      Create an administrator. The password is read from the terminal (not echoed)
      or from the first line of standard input; never from the command line.
${adminRolesUsage}${operatorUsage}${incidentUsage}${membersImportUsage}${scanUsage}${oidcUsage}${remindersUsage}${settingsUsage}${breachUsage}  block import <file> [--reason <text>] [--expires-in-hours <n> | --permanent]
      Block every address or CIDR range listed in the file (one per line; text after
      the address and lines starting with # or ; are ignored). The blocks expire after
      24 hours unless --expires-in-hours (1 to 8760) or --permanent says otherwise.

Configuration comes from the same environment variables as the server (REKEY_DB, REKEY_BREACH_CORPUS, ...).
`;

/** Runs one CLI command and answers its exit code (0 ok, 1 refused, 2 usage). */
export async function runCommandLine(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === "admin" && command === "create") {
    let values: { "login-id"?: string; email?: string };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { "login-id": { type: "string" }, email: { type: "string" } },
        strict: true,
      }));
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (!values["login-id"] || !values.email) {
      io.stderr.write(`Both --login-id and --email are required.\n\n${usage}`);
      return 2;
    }
    return withDeps(io, (deps) =>
      adminCreateCommand(deps, io, {
        loginId: values["login-id"] ?? "",
        email: values.email ?? "",
      }),
    );
  }
  const rolesResult = await adminRolesCommand(argv, io, usage);
  if (rolesResult !== null) return rolesResult;
  if (group === "breach") return breachCommand(command, rest, io);
  if (group === "members" && command === "import") return membersImportCommand(rest, io, usage);
  if (group === "scan") return scanCommand(argv.slice(1), io, usage);
  if (group === "reminders") return remindersCommand(argv.slice(1), io, usage);
  if (group === "settings") return settingsCommand(argv.slice(1), io, usage);
  if (group === "oidc") return oidcCommand(argv.slice(1), io, usage);
  const operatorResult = await operatorCommand(argv, io, usage);
  if (operatorResult !== null) return operatorResult;
  const incidentResult = await incidentCommand(argv, io, usage);
  if (incidentResult !== null) return incidentResult;
  if (group === "block" && command === "import") return runBlockImport(rest, io);
  const helpWanted =
    group === undefined || group === "help" || group === "--help" || group === "-h";
  (helpWanted ? io.stdout : io.stderr).write(usage);
  return helpWanted ? 0 : 2;
}

async function runBlockImport(args: string[], io: CommandIo): Promise<number> {
  let parsed: ReturnType<typeof parseBlockImportArguments>;
  try {
    parsed = parseBlockImportArguments(args);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.stderr.write(`Name exactly one file to import.\n\n${usage}`);
    return 2;
  }
  return withDeps(io, (deps) =>
    blockImportCommand(deps, io, {
      file,
      reason: parsed.values.reason,
      expiresInHours: parsed.values["expires-in-hours"],
      permanent: parsed.values.permanent ?? false,
    }),
  );
}

function parseBlockImportArguments(args: string[]) {
  return parseArgs({
    args,
    options: {
      reason: { type: "string" },
      "expires-in-hours": { type: "string" },
      permanent: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
}

function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    environment: process.env,
  };
}
