import { parseHtml as parse, NodeType, type HTMLElement, type HtmlNode as Node } from './commonjs-packages.js';

const WRAPPER = /^\s*<(div|pre)\s+class\s*=\s*["'](full|partial)["']\s*>([\s\S]*)<\/\1>\s*$/i;

/** True when the server cut the content (`<div class='partial'>` / `<pre class='partial'>`). */
export function isTruncatedHtml(html: string): boolean {
  const m = WRAPPER.exec(html);
  return m !== null && m[2]!.toLowerCase() === 'partial';
}

function decodeEntities(s: string): string {
  // node-html-parser decodes every HTML entity in `.text`; escape '<' first so nothing is read as a tag.
  return parse(s.replace(/</g, '&lt;')).text;
}

function textOf(node: Node): string {
  if (node.nodeType === NodeType.TEXT_NODE) return decodeEntities(node.rawText);
  if (node.nodeType !== NodeType.ELEMENT_NODE) return '';
  const el = node as HTMLElement;
  const tag = el.tagName?.toLowerCase();
  if (tag === 'br') return '\n';
  if (tag === 'script' || tag === 'style') return '';
  if (tag === 'img') return el.getAttribute('src') ?? '';
  const cls = el.getAttribute('class') ?? '';
  if (/\bonebox\b/.test(cls)) {
    // a onebox is the rendering of a lone URL: give the URL back
    const a = el.querySelector('a[href]');
    if (a) return a.getAttribute('href') ?? '';
    const img = el.querySelector('img[src]');
    if (img) return img.getAttribute('src') ?? '';
  }
  return el.childNodes.map(textOf).join('');
}

/**
 * The plain text of a chat `content` HTML fragment (§6.4): strips the outer `div.full|partial` /
 * `pre.full|partial`, turns ` <br> ` into a newline, removes tags and decodes entities.
 * A onebox gives its URL. Never throws.
 */
export function htmlToText(html: string): string {
  if (typeof html !== 'string' || html === '') return '';
  // fast path (most chat messages): no tag and no entity, so nothing to strip or decode
  if (!html.includes('<') && !html.includes('&')) return html;
  try {
    let body = html;
    let pre = false;
    const m = WRAPPER.exec(html);
    if (m) {
      pre = m[1]!.toLowerCase() === 'pre';
      body = m[3]!;
    }
    if (!pre) body = body.replace(/ ?<br\s*\/?> ?/gi, '<br>');
    const root = parse(body, { comment: false, blockTextElements: { script: false, style: false, pre: false } });
    return root.childNodes.map(textOf).join('');
  } catch {
    return html.replace(/<[^>]*>/g, '');
  }
}
