import type Provider from "oidc-provider";
import type { Deps } from "../deps";
import type { StaticAssets } from "../web/static-assets";
import { ensureOidcKeys, loadOidcKeys } from "./keys";
import { buildProvider } from "./provider";

/** How often an instance looks for keys rotated by another process (`rekey oidc keys rotate`). */
const keyCheckIntervalInMilliseconds = 30_000;

export interface ProviderHolder {
  /** The provider for the keys now in the database (built on first use, rebuilt on rotation). */
  current(): Promise<Provider>;
  /** Reads the keys again at once (after a rotation in this process). */
  reload(): Promise<Provider>;
}

/**
 * The keys live in the database, so every instance signs with the same key and publishes the
 * same set; this process only keeps the provider built from them, checked every 30 seconds.
 */
export function createProviderHolder(deps: Deps, assets: StaticAssets): ProviderHolder {
  let built: { provider: Provider; version: string; checkedAt: number } | null = null;
  let pending: Promise<Provider> | null = null;

  const load = async (): Promise<Provider> => {
    await ensureOidcKeys(deps);
    const keys = await loadOidcKeys(deps);
    const checkedAt = Date.now();
    if (built && built.version === keys.version) {
      built.checkedAt = checkedAt;
      return built.provider;
    }
    built = { provider: buildProvider(deps, assets, keys), version: keys.version, checkedAt };
    return built.provider;
  };
  const loadOnce = () => {
    pending ??= load().finally(() => {
      pending = null;
    });
    return pending;
  };

  return {
    async current() {
      if (built && Date.now() - built.checkedAt < keyCheckIntervalInMilliseconds) {
        return built.provider;
      }
      return loadOnce();
    },
    reload: loadOnce,
  };
}

const holders = new WeakMap<Deps, ProviderHolder>();

/**
 * The one holder of a running portal: the web app and the back-channel logout worker share it,
 * so both sign with the same provider instance.
 */
export function providerHolderFor(deps: Deps, assets?: StaticAssets): ProviderHolder {
  let holder = holders.get(deps);
  if (!holder) {
    // The web app (createApp) makes it with its pages' assets; workers only look it up.
    if (!assets) throw new TypeError("providerHolderFor: createApp(deps) has not run yet");
    holder = createProviderHolder(deps, assets);
    holders.set(deps, holder);
  }
  return holder;
}
