/** The bot's message a reply command answers (`ctx.repliedTo`). */
export interface RepliedMessage {
  /** The bot's message id. */
  readonly id: number;
  readonly roomId: number;
  /**
   * Its text: as kept with its data; for a message without data (`onReplyTo: 'any'`) as chat gives
   * it now ('' when the transport cannot read messages).
   */
  readonly text: string;
  /** The data it was posted with (`ctx.reply(text, { data })`); undefined when it carried none. */
  readonly data: unknown;
  /** Epoch ms of the post, when known (messages with data). */
  readonly sentAt?: number;
}
