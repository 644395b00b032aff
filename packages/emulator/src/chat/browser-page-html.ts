import { BROWSER_PAGE_SCRIPT } from './browser-page-script.js';
import { BROWSER_PAGE_STYLE } from './browser-page-style.js';

/**
 * The self-contained browser chat page served at GET /emulator (no build step): rooms, the room's
 * users and who you talk as on the left; the transcript and the composer in the middle; the bot
 * inspector (what the bot did with each message, reported by `botpy dev`) on the right.
 */
export const BROWSER_PAGE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Botpy chat emulator</title>
<style>${BROWSER_PAGE_STYLE}</style>
</head>
<body>
<nav id="sidebar">
  <h2>Rooms</h2>
  <ul id="room-list"></ul>
  <h2>Talking as</h2>
  <select id="user-switcher" aria-label="Talking as"></select>
  <h2>In the room</h2>
  <ul id="room-users"></ul>
  <h2>Connection</h2>
  <p id="feed-state">connecting…</p>
  <details id="se-post"><summary>Post a question</summary>
    <form id="question-form"><input id="q-site" value="stackoverflow" size="12" aria-label="site"><input id="q-title" placeholder="title" aria-label="title"><input id="q-tags" placeholder="tags, space separated" aria-label="tags"><button id="q-post" type="submit">post</button></form>
  </details>
</nav>
<main id="main">
  <div id="room-header"><h1 id="room-name"></h1><div id="room-description"></div></div>
  <div id="offline" role="alert" hidden></div>
  <div id="transcript" aria-live="polite"></div>
  <form id="composer">
    <textarea id="input" aria-label="Message" placeholder="Type a message (Enter sends, Shift+Enter for a new line; :id reply prefix and @pings work)"></textarea>
    <button id="sayit-button" type="submit">send</button>
  </form>
  <div id="composer-info"><div id="status" role="status"></div><div id="counter"></div></div>
</main>
<aside id="inspector" aria-label="Bot inspector">
  <h2>Bot inspector</h2>
  <p id="inspector-empty">What the bot does with each message shows here when it runs under <code>botpy dev</code>.</p>
  <div id="inspector-list"></div>
</aside>
<script>${BROWSER_PAGE_SCRIPT}</script>
</body>
</html>
`;
