import { mailEn, mailJa } from "../mail/messages";
import { strengthEn, strengthJa } from "../passwords/strength/messages";
import { resetsEn, resetsJa } from "../resets/messages";
import { coreEn } from "./en";
import { coreJa } from "./ja";
import type { Translation } from "./types";

// Each capability keeps its messages beside its code (src/<capability>/messages.ts) and adds
// them here, English first; the type makes a missing Japanese message a compile error.
const en = { ...coreEn, ...mailEn, ...resetsEn, ...strengthEn } as const;

export type Messages = Translation<typeof en>;

const ja: Messages = { ...coreJa, ...mailJa, ...resetsJa, ...strengthJa };

export const catalogues = { en, ja } satisfies Record<string, Messages>;
