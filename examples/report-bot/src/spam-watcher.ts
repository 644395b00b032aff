import { BotApplication, injectable, OnNewPost, type NewPost } from '@botpy/core';
import { ReportLog } from './report-log.js';
import type { ReportData } from './report.js';
import { checkTitle } from './spam-rules.js';

/** The site this example watches. */
export const WATCHED_SITE = 'stackoverflow';

/**
 * Watches every new question of the site and reports those whose title breaks a spam rule. The
 * report carries its data (site, post, rule), so a `tp`/`fp` reply to it knows which post it is about.
 */
@injectable()
export class SpamWatcher {
  constructor(
    private readonly app: BotApplication,
    private readonly log: ReportLog,
  ) {}

  @OnNewPost({ site: WATCHED_SITE })
  async check(post: NewPost): Promise<void> {
    const verdict = checkTitle(post.titleText);
    if (!verdict) return;
    const data: ReportData = { site: post.site, postId: post.id, title: post.titleText, rule: verdict.rule };
    const title = post.titleText.replace(/([[\]\\])/g, '\\$1');
    const text = `[ ReportBot ] ${verdict.rule} ("${verdict.match}"): [${title}](${post.link})${post.ownerName ? ` by ${post.ownerName}` : ''}`;
    await this.log.add(data);
    for (const room of this.app.rooms) await this.app.send(room, text, { data });
  }
}
