/**
 * The text of a network failure: the error code, the host that failed and what to check, e.g.
 * `network error ENOTFOUND: chat.stackoverflow.com does not resolve (check the host name, BOTPY_CHAT_ORIGIN / BOTPY_LOGIN_ORIGIN, and DNS)`.
 */
export function networkErrorText(code: string, url: string): string {
  let host = '(unknown host)';
  try {
    host = new URL(url).host;
  } catch {}
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `network error ${code}: ${host} does not resolve (check the host name, BOTPY_CHAT_ORIGIN / BOTPY_LOGIN_ORIGIN, and DNS)`;
    case 'ECONNREFUSED':
      return `network error ${code}: nothing accepts connections at ${host} (is the server, or the emulator, running?)`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `network error ${code}: ${host} closed the connection`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `network error ${code}: ${host} did not answer in time`;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `network error ${code}: the certificate of ${host} is not trusted (pass its CA as the ca option, or NODE_EXTRA_CA_CERTS)`;
    default:
      return `network error ${code} talking to ${host}`;
  }
}
