/** The common-password list of Firefox Accounts (MPL-2.0): whether a password is on it, exactly as given. */
declare module "fxa-common-password-list" {
  const list: { test(password: string): boolean };
  export default list;
}
