import { parseArgs } from "node:util";
import {
  type ApiKeyScope,
  apiKeyScopes,
  isApiKeyScope,
  parseApiKeyLifetime,
} from "../admin/api-key-scopes";
import { createApiKey, isValidApiKeyName } from "../admin/api-keys";
import { recordAuditEvent } from "../audit/audit-log";
import { runInTransaction } from "../db/transaction";
import { retryFailedMessages } from "../mail/outbox";
import type { CommandIo } from "./main";
import { resetCommand } from "./reset-command";
import { withDeps } from "./with-deps";

export const operatorUsage = `  mail retry
      Queue every failed e-mail again with a fresh attempt budget.
  reset --file <ids.txt> --reason <text> [--column <name|number>] [--dry-run] [--no-email]
        [--include-admin <id>]...
      Force a password reset for every login ID or e-mail address in the file (one per line,
      or CSV with --column), showing progress. --dry-run only counts what would happen.
      Administrators in the file are left out unless named with --include-admin.
  api-key create --name <name> --scope <scope> [--scope <scope>] [--expires-in-days <n>]
      Create a key for the admin API; it is printed once. Scopes: bulk-reset, investigation,
      read-only, combo-scan (at least one). Without --expires-in-days (1 to 3650) it never expires.
`;

/** `rekey mail retry`, `rekey reset ...`, `rekey api-key create ...`; null when not one of them. */
export async function operatorCommand(
  argv: string[],
  io: CommandIo,
  usage: string,
): Promise<number | null> {
  const [group, command, ...rest] = argv;
  const refuse = (message: string) => {
    io.stderr.write(`${message}\n\n${usage}`);
    return 2;
  };
  if (group === "mail" && command === "retry" && rest.length === 0) {
    return withDeps(io, async (deps) => {
      const count = await retryFailedMessages(deps.database, deps.clock.now());
      await recordAuditEvent(deps.database, deps.clock, {
        actor: { kind: "cli" },
        action: "mail.requeued",
        details: { count },
      });
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
      "include-admin"?: string[];
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
          "include-admin": { type: "string", multiple: true },
        },
        strict: true,
      }));
    } catch (error) {
      return refuse((error as Error).message);
    }
    const { file, reason } = values;
    if (!file || !reason?.trim()) return refuse("Both --file and --reason are required.");
    return withDeps(io, (deps) =>
      resetCommand(deps, io, {
        file,
        reason: reason.trim().slice(0, 500),
        column: values.column,
        dryRun: values["dry-run"] ?? false,
        notify: !values["no-email"],
        includeAdministrators: values["include-admin"] ?? [],
      }),
    );
  }
  if (group === "api-key" && command === "create") {
    let name: string | undefined;
    let scopeValues: string[];
    let lifetimeValue: string;
    try {
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: "string" },
          scope: { type: "string", multiple: true },
          "expires-in-days": { type: "string" },
        },
        strict: true,
      });
      name = values.name?.trim();
      scopeValues = values.scope ?? [];
      lifetimeValue = values["expires-in-days"] ?? "";
    } catch (error) {
      return refuse((error as Error).message);
    }
    if (!name || !isValidApiKeyName(name)) {
      return refuse(
        "--name is required: 1 to 64 letters, digits, spaces, dots, hyphens or underscores.",
      );
    }
    if (scopeValues.length === 0 || !scopeValues.every(isApiKeyScope)) {
      return refuse(`--scope is required, once per scope: ${apiKeyScopes.join(", ")}.`);
    }
    const scopes = scopeValues as ApiKeyScope[];
    const lifetime = parseApiKeyLifetime(lifetimeValue);
    if (!lifetime) return refuse("--expires-in-days must be a whole number from 1 to 3650.");
    const keyName = name;
    return withDeps(io, async (deps) => {
      const created = await runInTransaction(deps.database, async (database) => {
        const result = await createApiKey(database, deps.clock, {
          name: keyName,
          createdByMemberId: null,
          scopes,
          expiresInDays: lifetime.days,
        });
        await recordAuditEvent(database, deps.clock, {
          actor: { kind: "cli" },
          action: "api-key.created",
          details: {
            apiKeyId: result.key.id,
            name: keyName,
            scopes: result.key.scopes,
            expiresAt: result.key.expiresAt?.toISOString() ?? null,
          },
        });
        return result;
      });
      io.stderr.write("Store this key now; it is shown once and only its hash is kept:\n");
      io.stdout.write(`${created.value}\n`);
      return 0;
    });
  }
  return null;
}
