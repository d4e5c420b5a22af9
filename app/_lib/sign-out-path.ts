// Where the sign-out form posts (app/sign-out/route.ts). Named once: proxy.ts treats this
// path's answer specially (it leaves sign-out's Clear-Site-Data alone).
export const SIGN_OUT_PATH = "/sign-out";
