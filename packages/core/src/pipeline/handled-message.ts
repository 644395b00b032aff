/** What became of one incoming message. */
export type HandledOutcome =
  | 'ran' | 'error' | 'timeout'          // a command ran (and how it ended)
  | 'refused' | 'unusable'               // a guard refused (privilege too low, cooldown, room, disabled …) / a command above every defined level
  | 'usage'                              // the words name a command, but the arguments do not fit (its usage was sent)
  | 'unmatched'                          // addressed, but no usage matched (the hint was sent)
  | 'ignored'                            // not addressed to the bot
  | 'answered'                           // the answer to a question the bot asked (ctx.ask / ctx.confirm): consumed, not a command
  | 'own' | 'not-configured' | 'standby'; // the bot's own message / a room not configured / not accepting commands

/** Emitted once per new message (event 1), after everything it triggered has finished and was delivered. */
export interface HandledMessage {
  readonly messageId: number;
  readonly roomId: number;
  readonly outcome: HandledOutcome;
  readonly command?: string;
  /** Ids of the messages the bot posted in response, in delivery order. */
  readonly sentIds: readonly number[];
  /** The pipeline stage that ended the message (`'ignore-own'`, `'addressing'`, `'guards'`, `'run'`, …). */
  readonly stage?: string;
  /** Why, when a guard refused: its identifier (`'privilege'`, `'cooldown'`, `'rooms'`, `'disabled'`, …); for `'usage'`, the argument at fault when one is. */
  readonly reason?: string;
}
