import { findMemberByLoginId } from "../accounts/members";
import {
  demoteAdministrator,
  listAdministrators,
  promoteToAdministrator,
  removeAdministrator,
} from "../admin/administrator-roles";
import type { CommandIo } from "./main";
import { withDeps } from "./with-deps";

export const adminRolesUsage = `  admin list
      List the administrators.
  admin promote <login-id> | admin demote <login-id> | admin remove <login-id>
      Make a member an administrator, make an administrator an ordinary member again, or
      delete an administrator's account. The last administrator is never demoted or removed.
`;

/** `rekey admin list|promote|demote|remove`; null when the command is not one of them. */
export async function adminRolesCommand(argv: string[], io: CommandIo, usage: string) {
  const [group, command, ...rest] = argv;
  if (group !== "admin") return null;
  if (command === "list" && rest.length === 0) {
    return withDeps(io, async (deps) => {
      for (const administrator of await listAdministrators(deps.database)) {
        io.stdout.write(`${administrator.loginId}\t${administrator.email}\n`);
      }
      return 0;
    });
  }
  if (command !== "promote" && command !== "demote" && command !== "remove") return null;
  const [loginId, ...extra] = rest;
  if (!loginId || extra.length > 0) {
    io.stderr.write(`Name exactly one login ID.\n\n${usage}`);
    return 2;
  }
  return withDeps(io, async (deps) => {
    const target = await findMemberByLoginId(
      deps.database,
      loginId.trim().normalize("NFKC").toLowerCase(),
    );
    if (!target) {
      io.stderr.write(`No member has the login ID ${loginId}.\n`);
      return 1;
    }
    const actor = { kind: "cli" } as const;
    const change =
      command === "promote"
        ? promoteToAdministrator
        : command === "demote"
          ? demoteAdministrator
          : removeAdministrator;
    const result = await change(deps, target, actor);
    switch (result.outcome) {
      case "promoted":
        io.stdout.write(`${target.loginId} is now an administrator.\n`);
        return 0;
      case "demoted":
        io.stdout.write(`${target.loginId} is now an ordinary member.\n`);
        return 0;
      case "removed":
        io.stdout.write(`The account ${target.loginId} was deleted.\n`);
        return 0;
      case "already-administrator":
        io.stderr.write(`${target.loginId} is already an administrator.\n`);
        return 1;
      case "not-administrator":
        io.stderr.write(`${target.loginId} is not an administrator.\n`);
        return 1;
      case "last-administrator":
        io.stderr.write(
          `${target.loginId} is the last administrator: promote another member first.\n`,
        );
        return 1;
    }
  });
}
