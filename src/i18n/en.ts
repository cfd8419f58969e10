/** Core messages (layout, accounts, sessions, errors). English is the reference catalogue. */
export const coreEn = {
  languageName: "English",
  siteName: "rekey",
  skipToContent: "Skip to content",
  navigation: "Main navigation",
  languageSwitch: "Language",
  switchLanguage: "Switch",
  navAccount: "Account",
  navSessions: "Sessions",
  navAdmin: "Admin",
  navSignIn: "Sign in",
  navRegister: "Register",
  navSignOut: "Sign out",

  homeTitle: "Keep your account yours",
  homeIntro:
    "rekey helps you keep your sign-in safe: it warns about reused and leaked passwords, resets accounts that may be in someone else's hands, and offers passkeys as a stronger replacement.",
  homeSignedIn: (loginId: string) => `You are signed in as ${loginId}.`,
  homeGoToAccount: "Go to your account",
  homeAdvice:
    "Never use the same password on two sites. If one site leaks it, attackers try it everywhere else.",

  registerTitle: "Create an account",
  registerSubmit: "Create account",
  registerHaveAccount: "Already have an account?",
  registerSentTitle: "Check your e-mail",
  registerSentBody:
    "We have sent a message to the address you entered. If this created a new account, you can sign in now with your login ID and password.",
  registerSentSignIn: "Sign in",

  fieldLoginId: "Login ID",
  fieldLoginIdHint: "3 to 32 characters: letters, digits, dot, hyphen or underscore.",
  fieldLoginIdOrEmail: "Login ID or e-mail address",
  fieldEmail: "E-mail address",
  fieldPassword: "Password",
  fieldPasswordHint: (minimum: number) =>
    `At least ${minimum} characters. A long phrase you do not use anywhere else works best.`,
  fieldCurrentPassword: "Current password",

  errorSummary: "Please correct the following:",
  errorRequired: "This field is required.",
  errorLoginIdFormat: "Use 3 to 32 letters, digits, dots, hyphens or underscores.",
  errorLoginIdTaken: "This login ID is already taken. Please choose another.",
  errorEmailFormat: "Enter an e-mail address such as name@example.com.",
  errorEmailTooLong: "This e-mail address is too long.",
  errorEmailTaken: "This e-mail address already belongs to an account.",
  errorPasswordTooShort: (minimum: number) => `Use at least ${minimum} characters.`,
  errorPasswordTooLong: (maximum: number) => `Use at most ${maximum} characters.`,
  errorPasswordCharacters: "The password contains characters that cannot be used.",
  errorFieldCharacters: "This field contains characters that cannot be used.",
  errorSignInFailed: "The login ID or password is incorrect.",

  loginTitle: "Sign in",
  loginSubmit: "Sign in",
  loginNoAccount: "No account yet?",
  reauthenticateTitle: "Confirm it is you",
  reauthenticateIntro: "This page changes important settings, so please enter your password again.",
  reauthenticateSubmit: "Confirm",

  accountTitle: "Your account",
  accountLoginId: "Login ID",
  accountEmail: "E-mail address",
  accountEmailVerified: "verified",
  accountEmailUnverified: "not verified yet",
  accountMemberSince: "Member since",
  accountPasswordChanged: "Password last changed",
  accountPasswordNever: "No password set",
  accountManageSessions: "See where you are signed in",

  sessionsTitle: "Where you are signed in",
  sessionsIntro:
    "If you see a device or place you do not recognise, sign it out and change your password.",
  sessionsDevice: "Device",
  sessionsIpAddress: "IP address",
  sessionsLastSeen: "Last active",
  sessionsSignedIn: "Signed in",
  sessionsActions: "Actions",
  sessionsThisDevice: "This device",
  sessionsRevoke: "Sign out",
  sessionsRevokeOthers: "Sign out everywhere else",
  sessionsRevokedOthers: (count: number) =>
    count === 1 ? "Signed out 1 other session." : `Signed out ${count} other sessions.`,
  sessionsRevokedOne: "The session was signed out.",
  sessionsNone: "You are signed in only here.",
  sessionsUnknownDevice: "Unknown device",

  setupTitle: "Create the first administrator",
  setupIntro:
    "This link was printed when the portal started without an administrator. It works once and expires in one hour.",
  setupSubmit: "Create administrator",
  setupDone: "The administrator account was created. Please sign in.",

  adminTitle: "Administration",
  adminMembers: "Members",
  adminAdministrators: "Administrators",
  adminActiveSessions: "Active sessions",
  adminUnverifiedEmails: "Unverified e-mail addresses",
  adminRecentMembers: "Newest members",
  adminCreatedAt: "Registered",

  errorPageTitle: (status: number) => `Error ${status}`,
  errorBadRequest: "The request could not be understood. Please check what you entered.",
  errorForbidden: "This request was refused.",
  errorCsrf:
    "This form has expired or was sent from another site. Please go back, reload the page and try again.",
  errorNotFound: "There is no page at this address.",
  errorAmbiguousPath:
    "This address is not one this site uses. Open the page from a link on the site instead.",
  errorMethodNotAllowed: "This page cannot be used that way.",
  errorPayloadTooLarge: "What you sent is too large.",
  errorUnsupportedMediaType: "This kind of form submission is not supported.",
  errorInvalidEncoding: "The form contained text that is not valid UTF-8.",
  errorLinkInvalid:
    "This link is invalid, has expired or has already been used. Request a new one if you still need it.",
  errorServer:
    "Something went wrong on our side. Please try again in a moment; if it keeps happening, contact support.",
  errorTryAgainShortly: "We cannot save changes right now. Please try again in a minute or two.",
  errorReference: (requestId: string) => `Reference: ${requestId}`,
  errorBackHome: "Go to the start page",
} as const;
