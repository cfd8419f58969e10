declare module "apache-md5" {
  /** md5-crypt (`$1$`) or Apache's `$apr1$`, chosen by the salt's prefix. */
  export default function md5Crypt(password: string, salt?: string): string;
}
