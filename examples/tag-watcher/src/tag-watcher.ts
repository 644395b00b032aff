import { injectable, OnNewPost, type NewPost } from '@botpy/core';

/** The site this example watches. */
export const WATCHED_SITE = 'stackoverflow';
/** The tags watched at start (`@TagWatcher tags …` changes them at run time). */
export const INITIAL_TAGS = ['typescript'];

/**
 * Reports every new question in the watched tags into the bot's rooms. The returned string is the
 * report: core posts it through the normal send path (queued, throttle-aware).
 */
@injectable()
export class TagWatcher {
  @OnNewPost({ site: WATCHED_SITE, tags: INITIAL_TAGS })
  report(post: NewPost): string {
    const title = post.titleText.replace(/([[\]\\])/g, '\\$1');
    const tags = post.tags.map((t) => `[tag:${t}]`).join(' ');
    return `${tags} New question: [${title}](${post.link})${post.ownerName ? ` by ${post.ownerName}` : ''}`;
  }
}
