import { createRequire } from 'node:module';
import type * as HtmlParser from 'node-html-parser';
import type * as Pino from 'pino';
import type * as ToughCookie from 'tough-cookie';
import type * as Ws from 'ws';
import type WriteFileAtomic from 'write-file-atomic';

/**
 * The client's CommonJS dependencies, loaded with `require` rather than `import`.
 *
 * Importing a CommonJS package from an ES module makes Node scan its source for export names
 * (cjs-module-lexer, in JavaScript); on large files (tldts' public-suffix list, he's entity table)
 * the scan gets optimized on V8's background threads and leaves 5–12 MB resident in an idle bot.
 * `require` skips the scan. Numbers: docs/design/memory.md.
 */
const require = createRequire(import.meta.url);

export const { CookieJar } = require('tough-cookie') as typeof ToughCookie;
export type CookieJar = ToughCookie.CookieJar;

export const { parse: parseHtml, NodeType } = require('node-html-parser') as typeof HtmlParser;
export type HTMLElement = HtmlParser.HTMLElement;
export type HtmlNode = HtmlParser.Node;

export const { WebSocket } = require('ws') as typeof Ws;
export type WebSocket = Ws.WebSocket;

export const writeFileAtomic = require('write-file-atomic') as typeof WriteFileAtomic;

export const { pino } = require('pino') as typeof Pino;
