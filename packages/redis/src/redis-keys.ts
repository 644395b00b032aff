/** The keys and channels of one bot on one chat server: `<prefix>:<bot>@<server>:…`, parts URI-encoded so no name can reach into another's keys. */
export class RedisKeys {
  readonly base: string;

  constructor(prefix: string, bot: string, server: string) {
    this.base = `${prefix}:${enc(bot)}@${enc(server)}`;
  }

  get lease(): string {
    return `${this.base}:lease`;
  }
  get fence(): string {
    return `${this.base}:fence`;
  }
  get handover(): string {
    return `${this.base}:handover`;
  }
  get presence(): string {
    return `${this.base}:instances`;
  }
  /** Pub/sub channel of lease releases. */
  get coordChannel(): string {
    return `${this.base}:coord`;
  }
  /** Pub/sub channel of storage changes. */
  get changeChannel(): string {
    return `${this.base}:changed`;
  }
  doc(namespace: string, key: string): string {
    return `${this.base}:doc:${enc(namespace)}:${enc(key)}`;
  }
  /** The set of a namespace's keys. */
  index(namespace: string): string {
    return `${this.base}:keys:${enc(namespace)}`;
  }
  /** Marks an update as applied, so a retry after an unanswered EXEC does not apply it twice. */
  applied(id: string): string {
    return `${this.base}:applied:${id}`;
  }
}

function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
