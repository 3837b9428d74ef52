import commonPasswords from "fxa-common-password-list";
import { t } from "../i18n/index.js";

/**
 * The password policy for accounts of this server (`user add`, `user passwd`, the first admin's
 * CENTINELA_ADMIN_PASSWORD): at least MIN_PASSWORD_LENGTH characters, not the user's own name, and
 * not on the list of common passwords that Firefox Accounts refuses (the npm package
 * fxa-common-password-list, MPL-2.0, drawn from the 10-million-password list's top million), which
 * is compared without regard to case. Generated passwords always pass. Length is counted in
 * characters as a person types them (code points), so "contraseña" is 10, not 11.
 */

/** The fewest characters a password may have. */
export const MIN_PASSWORD_LENGTH = 12;

/** Why a password is refused: which part of the rule it breaks. */
export type PasswordProblem = "empty" | "short" | "username" | "common";

/** The first part of the policy `password` breaks for the account `username`, or null when it passes. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if (password.length === 0) return "empty";
  if ([...password].length < MIN_PASSWORD_LENGTH) return "short";
  const folded = password.trim().toLowerCase();
  if (folded === username.trim().toLowerCase()) return "username";
  if (commonPasswords.test(password) || commonPasswords.test(folded)) return "common";
  return null;
}

/**
 * Throws, saying which part of the password policy it breaks and the whole rule, when `password`
 * (from the environment variable `variable`) may not be the password of `username`.
 */
export function refuseWeakPassword(password: string, username: string, variable: string): void {
  const problem = passwordProblem(password, username);
  if (problem === null) return;
  throw new Error(
    t("errors:password.refused", {
      variable,
      user: username,
      why: t(`errors:password.${problem}`, { min: MIN_PASSWORD_LENGTH }),
      rule: t("errors:password.rule", { min: MIN_PASSWORD_LENGTH }),
    }),
  );
}
