import { defenceEn, defenceJa } from "../defence/messages";
import { coreEn } from "./en";
import { coreJa } from "./ja";
import type { Translation } from "./types";

// Each capability keeps its messages beside its code (src/<capability>/messages.ts) and adds
// them here, English first; the type makes a missing Japanese message a compile error.
const en = { ...coreEn, ...defenceEn } as const;

export type Messages = Translation<typeof en>;

const ja: Messages = { ...coreJa, ...defenceJa };

export const catalogues = { en, ja } satisfies Record<string, Messages>;
