type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;

/** The shape another language must fill for an English catalogue declared `as const`. */
export type Translation<T> = { [K in keyof T]: Widen<T[K]> };
