// Runtime requirement-set checks the auth ladder needs.

/** Nested app authentication (MSAL in the Office host). */
export function supportsNestedAppAuth(): boolean {
  return Office.context.requirements.isSetSupported('NestedAppAuth', '1.1');
}

/** Office.auth.getAccessToken (legacy SSO). */
export function supportsLegacySso(): boolean {
  return Office.context.requirements.isSetSupported('IdentityAPI', '1.3');
}
