import { eq } from "drizzle-orm";
import { listApiKeys, revokeApiKey } from "../admin/api-keys";
import { recordAuditEvent } from "../audit/audit-log";
import { sourceBlock } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import { listActiveSourceBlocks, removeSourceBlock } from "../defence/blocklist";
import { parseCidr } from "../defence/ip-address";
import type { CommandIo } from "./main";
import { withDeps } from "./with-deps";

export const incidentUsage = `  block list
      List the blocks in force (ID, range, origin, expiry, reason), newest first.
  block remove <id|address|CIDR>
      Remove a block by its ID or its range: the way back in for an administrator whose own
      address was blocked.
  api-key list
      List the admin API keys (ID, name, scopes, state, last use); never their secrets.
  api-key revoke <id>
      Revoke a key at once; requests that present it are refused from then on.
`;

/** The most blocks `block list` prints; the attacks page pages through the rest. */
const listedBlocksAtMost = 1000;

const isoOrDash = (moment: Date | null) => moment?.toISOString() ?? "-";

/** `rekey block list|remove`, `rekey api-key list|revoke`; null when not one of them. */
export async function incidentCommand(
  argv: string[],
  io: CommandIo,
  usage: string,
): Promise<number | null> {
  const [group, command, ...rest] = argv;
  const refuse = (message: string) => {
    io.stderr.write(`${message}\n\n${usage}`);
    return 2;
  };
  if (group === "block" && command === "list") {
    if (rest.length > 0) return refuse("block list takes no arguments.");
    return withDeps(io, async (deps) => {
      const blocks = await listActiveSourceBlocks(deps, listedBlocksAtMost);
      io.stdout.write("id\tcidr\torigin\texpires\treason\n");
      for (const block of blocks) {
        io.stdout.write(
          `${block.id}\t${block.cidr}\t${block.origin}\t${block.expiresAt?.toISOString() ?? "never"}\t${block.reason}\n`,
        );
      }
      if (blocks.length === 0) io.stderr.write("No block is in force.\n");
      return 0;
    });
  }
  if (group === "block" && command === "remove") {
    const [target, ...extra] = rest;
    if (!target || extra.length > 0) return refuse("Name one block: its ID, address or CIDR.");
    const range = /^[0-9]+$/.test(target) ? null : parseCidr(target);
    if (!/^[0-9]+$/.test(target) && !range)
      return refuse(`${target} is neither a block ID nor an address or CIDR range.`);
    return withDeps(io, async (deps) => {
      const [block] = await deps.database
        .select()
        .from(sourceBlock)
        .where(range ? eq(sourceBlock.cidr, range.cidr) : eq(sourceBlock.id, Number(target)))
        .limit(1);
      if (!block || !(await removeSourceBlock(deps.database, block.id))) {
        io.stderr.write(`No block ${target}; see rekey block list.\n`);
        return 1;
      }
      await recordAuditEvent(deps.database, deps.clock, {
        actor: { kind: "cli" },
        action: "block.removed",
        details: { blockId: block.id, cidr: block.cidr, origin: block.origin },
      });
      io.stdout.write(`Removed block ${block.id} (${block.cidr}).\n`);
      return 0;
    });
  }
  if (group === "api-key" && command === "list") {
    if (rest.length > 0) return refuse("api-key list takes no arguments.");
    return withDeps(io, async (deps) => {
      const now = deps.clock.now();
      io.stdout.write("id\tname\tscopes\tstate\tcreated\tlast_used\texpires\n");
      for (const key of await listApiKeys(deps.database)) {
        const state = key.revokedAt
          ? "revoked"
          : key.expiresAt && key.expiresAt <= now
            ? "expired"
            : "active";
        io.stdout.write(
          `${key.id}\t${key.name}\t${key.scopes.replaceAll(" ", ",") || "-"}\t${state}\t${key.createdAt.toISOString()}\t${isoOrDash(key.lastUsedAt)}\t${key.expiresAt?.toISOString() ?? "never"}\n`,
        );
      }
      return 0;
    });
  }
  if (group === "api-key" && command === "revoke") {
    const [id, ...extra] = rest;
    if (!id || extra.length > 0) return refuse("Name the ID of one key (see rekey api-key list).");
    return withDeps(io, async (deps) => {
      const revoked = await runInTransaction(deps.database, async (database) => {
        const key = await revokeApiKey(database, deps.clock, id);
        if (key)
          await recordAuditEvent(database, deps.clock, {
            actor: { kind: "cli" },
            action: "api-key.revoked",
            details: { apiKeyId: key.id, name: key.name },
          });
        return key;
      });
      if (!revoked) {
        io.stderr.write(`No active key ${id}; see rekey api-key list.\n`);
        return 1;
      }
      io.stdout.write(`Revoked key ${revoked.id} (${revoked.name}).\n`);
      return 0;
    });
  }
  return null;
}
