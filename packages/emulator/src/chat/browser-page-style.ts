/** The browser chat page's stylesheet (see browser-page-html.ts). */
export const BROWSER_PAGE_STYLE = String.raw`
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 Arial, Helvetica, sans-serif; color: #222; display: flex; height: 100vh; overflow: hidden; }
  #sidebar { width: 210px; flex: 0 0 210px; background: #f4f4f4; border-right: 1px solid #ddd; padding: 12px; overflow-y: auto; }
  #sidebar h2, #inspector h2 { font-size: 12px; text-transform: uppercase; color: #666; margin: 14px 0 6px; }
  #sidebar h2:first-child, #inspector h2:first-child { margin-top: 0; }
  #room-list, #room-users { list-style: none; padding: 0; margin: 0; }
  #room-list li { padding: 4px 6px; cursor: pointer; border-radius: 3px; overflow-wrap: anywhere; }
  #room-list li.current { background: #3b80c6; color: #fff; }
  #room-users li { padding: 2px 6px; font-size: 13px; overflow-wrap: anywhere; }
  #room-users .badge { font-size: 10px; color: #fff; background: #e8a93b; border-radius: 3px; padding: 0 3px; margin-left: 4px; }
  #user-switcher { max-width: 100%; }
  #feed-state { font-size: 12px; color: #666; }
  #feed-state.live { color: #2a7d2a; }
  #se-post { font-size: 12px; margin-top: 10px; }
  #se-post input { display: block; width: 100%; margin: 2px 0; font: inherit; }
  #main { flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column; }
  #room-header { padding: 10px 16px; border-bottom: 1px solid #ddd; }
  #room-header h1 { margin: 0; font-size: 18px; overflow-wrap: anywhere; }
  #room-description { color: #666; font-size: 12px; overflow-wrap: anywhere; }
  #offline { background: #a33; color: #fff; padding: 6px 16px; font-size: 13px; }
  #offline[hidden] { display: none; }
  #transcript { flex: 1; overflow-y: auto; overflow-x: hidden; padding: 8px 16px; min-width: 0; }
  .monologue { display: flex; margin: 6px 0; min-width: 0; }
  .signature { width: 110px; flex: 0 0 110px; font-weight: bold; color: #3b80c6; font-size: 12px; padding-top: 2px; overflow-wrap: anywhere; }
  .messages { flex: 1; min-width: 0; }
  .message { padding: 2px 6px; border-radius: 3px; position: relative; min-width: 0; overflow-wrap: anywhere; word-break: break-word; }
  .message:hover { background: #f7f7f7; }
  .message.mention { background: #fff3c4; }
  .message.editing { outline: 2px solid #3b80c6; }
  .message.deleted .content { color: #999; font-style: italic; }
  .message.pinned { border-left: 3px solid #e8a93b; }
  .message .content { overflow-wrap: anywhere; word-break: break-word; }
  .message pre, .message code { white-space: pre-wrap; overflow-wrap: anywhere; }
  .time { color: #999; font-size: 11px; margin-right: 6px; }
  .reply-info { color: #3b80c6; cursor: pointer; margin-right: 4px; text-decoration: none; }
  .flash { color: #e8a93b; font-size: 12px; margin-left: 6px; }
  .pin-mark { color: #e8a93b; font-size: 11px; margin-left: 6px; }
  .edits { color: #999; font-size: 11px; margin-left: 4px; }
  .bot-handled { font-size: 10px; border-radius: 3px; padding: 0 4px; margin-left: 6px; cursor: pointer; background: #e6eef7; color: #3b6ea5; }
  .actions { visibility: hidden; font-size: 11px; margin-left: 6px; }
  .message:hover .actions, .message:focus-within .actions { visibility: visible; }
  .actions a { color: #3b80c6; cursor: pointer; margin-right: 6px; }
  .system { color: #888; font-size: 12px; font-style: italic; margin: 2px 0 2px 110px; }
  #composer { display: flex; gap: 6px; padding: 10px 16px 4px; border-top: 1px solid #ddd; background: #fafafa; }
  #input { flex: 1; min-width: 0; font: inherit; padding: 6px; min-height: 36px; }
  #composer-info { display: flex; justify-content: space-between; gap: 8px; padding: 0 16px 6px; font-size: 12px; background: #fafafa; }
  #status { color: #a00; min-height: 16px; overflow-wrap: anywhere; }
  #status.note { color: #555; }
  #counter { color: #888; white-space: nowrap; }
  #counter.over { color: #a00; font-weight: bold; }
  #inspector { width: 300px; flex: 0 0 300px; border-left: 1px solid #ddd; background: #fbfbfb; padding: 12px; overflow-y: auto; font-size: 12px; }
  #inspector-empty { color: #888; }
  .inspect-entry { border: 1px solid #e2e2e2; border-radius: 4px; padding: 6px; margin-bottom: 6px; background: #fff; overflow-wrap: anywhere; cursor: pointer; }
  .inspect-entry .what { font-weight: bold; }
  .inspect-entry .incoming { color: #555; }
  .inspect-entry .took { color: #888; }
  .inspect-entry ul { margin: 4px 0 0; padding-left: 16px; }
  .inspect-entry.outcome-ran .what { color: #2a7d2a; }
  .inspect-entry.outcome-refused .what, .inspect-entry.outcome-unusable .what, .inspect-entry.outcome-error .what, .inspect-entry.outcome-timeout .what { color: #a33; }
  .inspect-entry.outcome-unmatched .what, .inspect-entry.outcome-usage .what { color: #b36b00; }
  .inspect-entry.outcome-ignored .what, .inspect-entry.outcome-own .what { color: #888; font-weight: normal; }
  pre.full, pre.full-source { margin: 0; font-family: Consolas, monospace; background: #f4f4f4; padding: 4px; white-space: pre-wrap; }
  code { font-family: Consolas, monospace; background: #eee; padding: 0 2px; }
`;
