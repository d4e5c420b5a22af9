/** Where a sign-in goes after the password when the account has two-factor on. */
export const TWO_FACTOR_SIGN_IN_PATH = "/login/two-factor";
