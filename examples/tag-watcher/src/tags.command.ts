import { Command, inject, PostWatch, type CommandContext } from '@botpy/core';
import { TagWatcher } from './tag-watcher.js';

/**
 * `tags` shows the watched tags; `tags typescript node.js` replaces them (room owners and privileged
 * users only, when privilege levels are defined). The feed picks the change up at once.
 */
@Command({ usage: ['tags', 'tags * ...'], description: 'shows or changes the watched tags' })
export class TagsCommand {
  constructor(@inject(PostWatch) private readonly watch: PostWatch) {}

  async run(ctx: CommandContext): Promise<void> {
    if (ctx.args.length > 0) {
      const tags = ctx.args.flatMap((a) => a.split(/[,;\s]+/)).map((t) => t.trim().toLowerCase()).filter((t) => /^[a-z0-9.#+-]+$/.test(t));
      if (tags.length === 0) {
        await ctx.reply('Give tags like: tags typescript node.js');
        return;
      }
      this.watch.setTags(TagWatcher, tags);
    }
    const now = this.watch.tags(TagWatcher);
    await ctx.reply(now && now.length > 0 ? `Watching ${now.map((t) => `[tag:${t}]`).join(' ')}` : 'Watching every new question.');
  }
}
