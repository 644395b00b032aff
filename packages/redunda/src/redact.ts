/** Replaces every occurrence of `secret` in `text` (and its URL-encoded form) with `[REDACTED]`. */
export function redact(text: string, secret: string): string {
  if (secret.length === 0) return text;
  let out = text.split(secret).join('[REDACTED]');
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) out = out.split(encoded).join('[REDACTED]');
  return out;
}
