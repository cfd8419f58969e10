import { passkeysEn, passkeysJa } from "../passkeys/messages";
import { coreEn } from "./en";
import { coreJa } from "./ja";
import type { Translation } from "./types";

// Each capability keeps its messages beside its code (src/<capability>/messages.ts) and adds
// them here, English first; the type makes a missing Japanese message a compile error.
const en = { ...coreEn, ...passkeysEn } as const;

export type Messages = Translation<typeof en>;

const ja: Messages = { ...coreJa, ...passkeysJa };

export const catalogues = { en, ja } satisfies Record<string, Messages>;
