/** The self-contained browser chat page served at GET /emulator (no build step). */
export const BROWSER_PAGE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Botpy chat emulator</title>
<style>
  body { margin: 0; font: 14px/1.4 Arial, Helvetica, sans-serif; color: #222; display: flex; height: 100vh; }
  #sidebar { width: 220px; background: #f4f4f4; border-right: 1px solid #ddd; padding: 12px; overflow-y: auto; }
  #sidebar h2 { font-size: 13px; text-transform: uppercase; color: #666; }
  #room-list { list-style: none; padding: 0; margin: 0; }
  #room-list li { padding: 4px 6px; cursor: pointer; border-radius: 3px; }
  #room-list li.current { background: #3b80c6; color: #fff; }
  #main { flex: 1; display: flex; flex-direction: column; }
  #room-header { padding: 10px 16px; border-bottom: 1px solid #ddd; }
  #room-header h1 { margin: 0; font-size: 18px; }
  #room-description { color: #666; font-size: 12px; }
  #transcript { flex: 1; overflow-y: auto; padding: 8px 16px; }
  .monologue { display: flex; margin: 6px 0; }
  .signature { width: 120px; flex-shrink: 0; font-weight: bold; color: #3b80c6; font-size: 12px; padding-top: 2px; }
  .messages { flex: 1; }
  .message { padding: 2px 6px; border-radius: 3px; position: relative; }
  .message:hover { background: #f7f7f7; }
  .message.mention { background: #fff3c4; }
  .message.deleted .content { color: #999; font-style: italic; }
  .message.pinned { border-left: 3px solid #e8a93b; }
  .reply-info { color: #3b80c6; cursor: pointer; margin-right: 4px; text-decoration: none; }
  .flash { color: #e8a93b; font-size: 12px; margin-left: 6px; }
  .edits { color: #999; font-size: 11px; margin-left: 4px; }
  .actions { visibility: hidden; font-size: 11px; margin-left: 6px; }
  .message:hover .actions { visibility: visible; }
  .actions a { color: #3b80c6; cursor: pointer; margin-right: 6px; }
  .system { color: #888; font-size: 12px; font-style: italic; margin: 2px 0 2px 120px; }
  #composer { display: flex; gap: 6px; padding: 10px 16px; border-top: 1px solid #ddd; background: #fafafa; }
  #input { flex: 1; font: inherit; padding: 6px; min-height: 36px; }
  #status { padding: 0 16px 6px; color: #a00; font-size: 12px; min-height: 16px; }
  pre.full { margin: 0; font-family: Consolas, monospace; background: #f4f4f4; padding: 4px; }
  code { font-family: Consolas, monospace; background: #eee; padding: 0 2px; }
</style>
</head>
<body>
<div id="sidebar">
  <h2>Rooms</h2>
  <ul id="room-list"></ul>
  <h2>Talking as</h2>
  <select id="user-switcher"></select>
  <p id="feed-state">connecting…</p>
  <details id="se-post"><summary>Post a question</summary>
    <form id="question-form"><input id="q-site" value="stackoverflow" size="12"><input id="q-title" placeholder="title"><input id="q-tags" placeholder="tags, space separated"><button id="q-post" type="submit">post</button></form>
  </details>
</div>
<div id="main">
  <div id="room-header"><h1 id="room-name"></h1><div id="room-description"></div></div>
  <div id="transcript"></div>
  <form id="composer">
    <textarea id="input" placeholder="Type a message (Enter sends, Shift+Enter for a new line; :id reply prefix and @pings work)"></textarea>
    <button id="sayit-button" type="submit">send</button>
  </form>
  <div id="status"></div>
</div>
<script>
(function () {
  var state = { rooms: [], users: [], room: null, messages: new Map() };
  var $ = function (id) { return document.getElementById(id); };
  function pingName(n) { return n.replace(/\\s+/g, ''); }
  function currentUser() { var id = Number($('user-switcher').value); return state.users.find(function (u) { return u.id === id; }); }
  function api(method, path, body) {
    return fetch('/emulator/api/' + path, { method: method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; }); });
  }
  function mentionsMe(m) {
    var me = currentUser();
    if (!me || m.deleted || m.userId === me.id) return false;
    if (m.parentUserName && m.parentUserName === me.name) return true;
    var text = (m.html || '').replace(/<[^>]*>/g, ' ');
    var re = /@([^\\s@<]+)/g, x;
    while ((x = re.exec(text))) {
      var t = x[1].replace(/[^\\p{L}\\p{N}]+$/u, '').toLowerCase();
      if (t.length >= 3 && pingName(me.name).toLowerCase().indexOf(t) === 0) return true;
    }
    return false;
  }
  function renderMessage(m) {
    var el = document.getElementById('message-' + m.id);
    if (!el) { el = document.createElement('div'); el.id = 'message-' + m.id; }
    el.className = 'message' + (mentionsMe(m) ? ' mention' : '') + (m.deleted ? ' deleted' : '') + (m.pinned ? ' pinned' : '');
    el.dataset.userId = String(m.userId);
    el.innerHTML = '';
    if (m.parentId && !m.deleted) {
      var r = document.createElement('a');
      r.className = 'reply-info'; r.textContent = '\\u21b3'; r.title = 'in reply to message ' + m.parentId;
      r.onclick = function () { var p = document.getElementById('message-' + m.parentId); if (p) p.scrollIntoView({ block: 'center' }); };
      el.appendChild(r);
    }
    var c = document.createElement('span');
    c.className = 'content';
    if (m.deleted) c.textContent = '(removed)'; else c.innerHTML = m.html; // server-rendered, entity-escaped
    el.appendChild(c);
    if (!m.deleted && /^<(div|pre) class='partial'>/.test(m.html || '')) {
      // chat sends long messages cut; like chat's page, offer the whole text (its source)
      var more = document.createElement('a');
      more.className = 'full-text'; more.textContent = '(see full text)';
      more.onclick = function () {
        fetch('/message/' + m.id + '?plain=true').then(function (r) { return r.text(); }).then(function (src) {
          var pre = document.createElement('pre'); pre.className = 'full-source'; pre.textContent = src;
          c.innerHTML = ''; c.appendChild(pre); more.remove();
        }).catch(showError);
      };
      el.appendChild(more);
    }
    if (m.edits > 0 && !m.deleted) { var e = document.createElement('span'); e.className = 'edits'; e.textContent = '(edited)'; el.appendChild(e); }
    if (m.stars > 0) { var s = document.createElement('span'); s.className = 'flash'; s.textContent = '\\u2605 ' + m.stars; el.appendChild(s); }
    var acts = document.createElement('span'); acts.className = 'actions';
    var reply = document.createElement('a'); reply.textContent = 'reply'; reply.className = 'reply-link';
    reply.onclick = function () { var i = $('input'); i.value = ':' + m.id + ' ' + i.value.replace(/^:\\d+ /, ''); i.focus(); };
    var star = document.createElement('a'); star.textContent = 'star';
    star.onclick = function () { api('POST', 'messages/' + m.id + '/star', { userId: currentUser().id }).catch(showError); };
    acts.appendChild(reply); acts.appendChild(star); el.appendChild(acts);
    return el;
  }
  function place(m) {
    var el = renderMessage(m);
    if (el.parentNode) return;
    var t = $('transcript');
    var last = t.lastElementChild;
    var mono;
    if (last && last.classList.contains('monologue') && last.dataset.userId === String(m.userId)) mono = last;
    else {
      mono = document.createElement('div'); mono.className = 'monologue user-' + m.userId; mono.dataset.userId = String(m.userId);
      var sig = document.createElement('div'); sig.className = 'signature username'; sig.textContent = m.userName;
      var msgs = document.createElement('div'); msgs.className = 'messages';
      mono.appendChild(sig); mono.appendChild(msgs); t.appendChild(mono);
    }
    mono.querySelector('.messages').appendChild(el);
    t.scrollTop = t.scrollHeight;
  }
  function systemLine(text) {
    var d = document.createElement('div'); d.className = 'system'; d.textContent = text; $('transcript').appendChild(d);
  }
  function showError(err) { $('status').textContent = err.message; }
  function selectRoom(id) {
    state.room = state.rooms.find(function (r) { return r.id === id; });
    state.messages.clear();
    $('transcript').innerHTML = '';
    $('room-name').textContent = state.room.name;
    $('room-description').textContent = state.room.description;
    Array.prototype.forEach.call($('room-list').children, function (li) { li.classList.toggle('current', Number(li.dataset.roomId) === id); });
    return api('GET', 'rooms/' + id + '/messages').then(function (list) {
      list.forEach(function (m) { state.messages.set(m.id, m); place(m); });
    });
  }
  function onEvent(e) {
    if (!state.room || e.room_id !== state.room.id) return;
    var t = e.event_type;
    if (t === 1 || t === 2 || t === 6 || t === 10) {
      var prev = state.messages.get(e.message_id);
      var parent = e.parent_id && e.show_parent ? state.messages.get(e.parent_id) : undefined;
      var m = prev ? Object.assign({}, prev) : { id: e.message_id, userId: e.user_id, userName: e.user_name, edits: 0, stars: 0, pinned: false, deleted: false };
      if (e.content !== undefined && t !== 6) m.html = e.content;
      if (t === 1 || t === 2) { m.parentId = e.show_parent ? e.parent_id : undefined; m.parentUserName = parent ? parent.userName : (prev && prev.parentUserName) || null; m.edits = e.message_edits || 0; }
      if (t === 6) { m.stars = e.message_stars || 0; m.pinned = !!e.message_owner_stars; }
      if (t === 10) m.deleted = true;
      state.messages.set(m.id, m);
      place(m);
    } else if (t === 3) systemLine(e.user_name + ' entered the room');
    else if (t === 4) systemLine(e.user_name + ' left the room');
  }
  function connectFeed() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/emulator/api/feed');
    ws.onopen = function () { $('feed-state').textContent = 'live'; };
    ws.onmessage = function (msg) { var d = JSON.parse(msg.data); if (d.event) onEvent(d.event); };
    ws.onclose = function () { $('feed-state').textContent = 'reconnecting…'; setTimeout(connectFeed, 1000); };
  }
  function send() {
    var text = $('input').value;
    if (!text.trim() || !state.room) return;
    $('status').textContent = '';
    api('POST', 'rooms/' + state.room.id + '/messages', { userId: currentUser().id, text: text })
      .then(function () { $('input').value = ''; })
      .catch(showError);
  }
  $('composer').addEventListener('submit', function (ev) { ev.preventDefault(); send(); });
  $('question-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', 'se/questions', { site: $('q-site').value, title: $('q-title').value, tags: $('q-tags').value, userId: (currentUser() || {}).id })
      .then(function (q) { $('status').textContent = 'Posted question ' + q.questionId + ' on ' + q.site; $('q-title').value = ''; })
      .catch(function (e) { $('status').textContent = e.message; });
  });
  $('input').addEventListener('keydown', function (ev) { if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); send(); } });
  $('user-switcher').addEventListener('change', function () { state.messages.forEach(function (m) { renderMessage(m); }); });
  api('GET', 'world').then(function (w) {
    state.rooms = w.rooms; state.users = w.users;
    w.users.forEach(function (u) { var o = document.createElement('option'); o.value = String(u.id); o.textContent = u.name + (u.moderator ? ' \\u2666' : ''); $('user-switcher').appendChild(o); });
    w.rooms.forEach(function (r) { var li = document.createElement('li'); li.dataset.roomId = String(r.id); li.textContent = r.name; li.onclick = function () { selectRoom(r.id).catch(showError); }; $('room-list').appendChild(li); });
    connectFeed();
    if (w.rooms.length) return selectRoom(w.rooms[0].id);
  }).catch(showError);
})();
</script>
</body>
</html>
`;
