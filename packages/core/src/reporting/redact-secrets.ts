/** What replaces a secret. */
export const REDACTED = '[redacted]';

/** Secrets that have a recognisable shape wherever they come from: query/form parameters, credentials in URLs, auth headers, cookies. */
const SHAPES: readonly [RegExp, string][] = [
  [/\b(fkey|password|pass|passwd|pwd|token|access_token|accesstoken|key|secret|api_key|apikey|acct|auth|authorization|cookie|session|sessionid)=([^&\s"';,]+)/gi, `$1=${REDACTED}`],
  [/\b(authorization|cookie|set-cookie|x-api-key)\s*:\s*[^\n]+/gi, `$1: ${REDACTED}`],
  [/("(?:password|pass|token|key|secret|accessToken|apiKey|fkey|cookie)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^/\s@]+)@/gi, `$1$2:${REDACTED}@`],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`],
];

/**
 * Removes secrets from a text before it leaves the process through chat: the configured secret
 * values (chat password and email, Redunda key, Redis password, SE API key and token…) wherever
 * they appear, and anything shaped like a credential (`password=…`, `fkey=…`, `user:pass@` in a
 * URL, `Authorization:` / `Cookie:` headers, `"token": "…"` in JSON, bearer tokens).
 */
export class SecretRedactor {
  private readonly secrets: string[];

  /** `secrets`: the literal values to remove (shorter than 4 characters are ignored: too likely to be ordinary text). */
  constructor(secrets: readonly (string | undefined | null)[] = []) {
    const values = new Set<string>();
    for (const s of secrets) {
      if (typeof s !== 'string' || s.length < 4) continue;
      values.add(s);
      const encoded = encodeURIComponent(s);
      if (encoded !== s) values.add(encoded);
    }
    // longest first, so a secret that contains another is removed whole
    this.secrets = [...values].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let t = text;
    for (const s of this.secrets) t = t.split(s).join(REDACTED);
    for (const [re, by] of SHAPES) t = t.replace(re, by);
    return t;
  }
}
