/**
 * A usage error: what was wrong, what was received, what to pass instead.
 * A leaf module, so every layer (the CSP engine, the response reader, the
 * matchers) throws the same class without importing upward.
 */
export class UsageError extends Error {
  override name = 'ExpectSecureHeadersUsageError';
}
