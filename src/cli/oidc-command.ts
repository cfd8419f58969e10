import { parseArgs } from "node:util";
import type { Deps } from "../deps";
import { registerClient } from "../oidc/clients";
import { ensureOidcKeys, retiredKeyRetentionInSeconds, rotateSigningKey } from "../oidc/keys";
import type { CommandIo } from "./main";
import { withDeps } from "./with-deps";

export const oidcUsage = `  oidc client add --name <name> --redirect-uri <uri> [--redirect-uri <uri> ...]
                  [--backchannel-logout-uri <uri>] [--post-logout-redirect-uri <uri> ...]
                  [--scope <scope> ...] [--public] [--first-party]
      Register a service that signs its members in through rekey (OpenID Connect). Prints the
      client ID and, for a confidential client, the secret: shown once, stored only hashed.
      URIs must be https; http://127.0.0.1, localhost or [::1] are accepted outside production.
  oidc keys rotate
      Sign with a new key from now on; the old one stays published until its tokens expire.
`;

/** `rekey oidc ...`: answers the exit code (0 ok, 1 refused, 2 usage). */
export async function oidcCommand(argv: string[], io: CommandIo, usage: string): Promise<number> {
  const [noun, verb, ...rest] = argv;
  if (noun === "keys" && verb === "rotate" && rest.length === 0) {
    return withDeps(io, (deps) => rotateKeys(deps, io));
  }
  if (noun === "client" && verb === "add") return addClient(rest, io, usage);
  io.stderr.write(`Unknown oidc command.\n\n${usage}`);
  return 2;
}

async function rotateKeys(deps: Deps, io: CommandIo): Promise<number> {
  await ensureOidcKeys(deps);
  const rotated = await rotateSigningKey(deps);
  io.stdout.write(
    `New signing key: ${rotated.newKeyId}\n` +
      `Retired (published for ${Math.round(retiredKeyRetentionInSeconds / 60)} more minutes): ${rotated.retiredKeyIds.join(", ") || "none"}\n` +
      "Running servers pick the new key up within 30 seconds.\n",
  );
  return 0;
}

async function addClient(args: string[], io: CommandIo, usage: string): Promise<number> {
  let values: ReturnType<typeof parseClientArguments>["values"];
  try {
    ({ values } = parseClientArguments(args));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (!values.name || !values["redirect-uri"]?.length) {
    io.stderr.write(`Both --name and --redirect-uri are required.\n\n${usage}`);
    return 2;
  }
  return withDeps(io, async (deps) => {
    const registered = await registerClient(deps, {
      name: values.name ?? "",
      redirectUris: values["redirect-uri"] ?? [],
      postLogoutRedirectUris: values["post-logout-redirect-uri"] ?? [],
      backchannelLogoutUri: values["backchannel-logout-uri"] ?? null,
      ...(values.scope ? { scopes: values.scope } : {}),
      publicClient: values.public ?? false,
      firstParty: values["first-party"] ?? false,
    });
    if (!registered.ok) {
      io.stderr.write(
        `Refused: check --${registered.problem}${registered.problem === "name" ? "" : " (https, or a loopback http URI outside production; no fragment)"}.\n`,
      );
      return 1;
    }
    io.stdout.write(`client_id: ${registered.clientId}\n`);
    if (registered.clientSecret) {
      io.stdout.write(`client_secret: ${registered.clientSecret}\n`);
      io.stderr.write("The secret is shown only now; rekey keeps only a hash of it.\n");
    }
    io.stdout.write(`issuer: ${deps.config.origin.origin}\n`);
    return 0;
  });
}

function parseClientArguments(args: string[]) {
  return parseArgs({
    args,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
      "backchannel-logout-uri": { type: "string" },
      scope: { type: "string", multiple: true },
      public: { type: "boolean" },
      "first-party": { type: "boolean" },
    },
    strict: true,
  });
}
