import { parseArgs } from "node:util";
import { createApiKey, isValidApiKeyName } from "../admin/api-keys";
import { recordAuditEvent } from "../audit/audit-log";
import { createDeps } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { closeDatabase } from "../db/connection";
import { runInTransaction } from "../db/transaction";
import { retryFailedMessages } from "../mail/outbox";
import { adminCreateCommand } from "./admin-create";
import { resetCommand } from "./reset-command";

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

  mail retry
      Queue every failed e-mail again with a fresh attempt budget.
  reset --file <ids.txt> --reason <text> [--column <name|number>] [--dry-run] [--no-email]
      Force a password reset for every login ID or e-mail address in the file (one per line,
      or CSV with --column), showing progress. --dry-run only counts what would happen.
  api-key create --name <name>
      Create a key for the bulk-reset API; it is printed once.

Configuration comes from the same environment variables as the server (REKEY_DB, ...).
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
  if (group === "mail" && command === "retry" && rest.length === 0) {
    return withDeps(io, async (deps) => {
      const count = await retryFailedMessages(deps.database, deps.clock.now());
      io.stdout.write(`${count} failed message(s) queued again.\n`);
      return 0;
    });
  }
  if (group === "reset") {
    let values: {
      file?: string;
      reason?: string;
      column?: string;
      "dry-run"?: boolean;
      "no-email"?: boolean;
    };
    try {
      ({ values } = parseArgs({
        args: argv.slice(1),
        options: {
          file: { type: "string" },
          reason: { type: "string" },
          column: { type: "string" },
          "dry-run": { type: "boolean" },
          "no-email": { type: "boolean" },
        },
        strict: true,
      }));
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (!values.file || !values.reason?.trim()) {
      io.stderr.write(`Both --file and --reason are required.\n\n${usage}`);
      return 2;
    }
    const options = {
      file: values.file,
      reason: values.reason.trim().slice(0, 500),
      column: values.column,
      dryRun: values["dry-run"] ?? false,
      notify: !values["no-email"],
    };
    return withDeps(io, (deps) => resetCommand(deps, io, options));
  }
  if (group === "api-key" && command === "create") {
    let name: string | undefined;
    try {
      name = parseArgs({
        args: rest,
        options: { name: { type: "string" } },
        strict: true,
      }).values.name?.trim();
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (!name || !isValidApiKeyName(name)) {
      io.stderr.write(
        `--name is required: 1 to 64 letters, digits, spaces, dots, hyphens or underscores.\n\n${usage}`,
      );
      return 2;
    }
    return withDeps(io, async (deps) => {
      const created = await runInTransaction(deps.database, async (database) => {
        const result = await createApiKey(database, deps.clock, { name, createdByMemberId: null });
        await recordAuditEvent(database, deps.clock, {
          actor: { kind: "cli" },
          action: "api-key.created",
          details: { apiKeyId: result.key.id, name },
        });
        return result;
      });
      io.stderr.write("Store this key now; it is shown once and only its hash is kept:\n");
      io.stdout.write(`${created.value}\n`);
      return 0;
    });
  }
  const helpWanted =
    group === undefined || group === "help" || group === "--help" || group === "-h";
  (helpWanted ? io.stdout : io.stderr).write(usage);
  return helpWanted ? 0 : 2;
}

async function withDeps(
  io: CommandIo,
  run: (deps: ReturnType<typeof createDeps>) => Promise<number>,
): Promise<number> {
  let deps: ReturnType<typeof createDeps>;
  try {
    deps = createDeps(loadConfig({ LOG_LEVEL: "warn", ...io.environment }));
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    return await run(deps);
  } finally {
    closeDatabase(deps.database);
  }
}

function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    environment: process.env,
  };
}
