/**
 * The browser chat page's script (plain ES5-style JavaScript, no build step; see
 * browser-page-html.ts). It talks to the JSON routes of browser-page.ts and listens to the feed.
 */
export const BROWSER_PAGE_SCRIPT = String.raw`
(function () {
  var state = {
    rooms: [], users: [], room: null, messages: new Map(), roomUsers: [], inspect: new Map(),
    limits: { singleLine: 500, multiLine: 20000, editWindowSeconds: 120 },
    editing: null, online: null, ws: null, retryMs: 1000
  };
  var $ = function (id) { return document.getElementById(id); };
  function pingName(n) { return n.replace(/\s+/g, ''); }
  function currentUser() { var id = Number($('user-switcher').value); return state.users.find(function (u) { return u.id === id; }); }
  function nowSec() { return Math.floor(Date.now() / 1000); }
  function canModerate() {
    var me = currentUser();
    return !!(me && state.room && (me.moderator || state.room.owners.indexOf(me.id) >= 0));
  }

  // ---------- talking to the emulator (offline-aware) ----------
  function OfflineError() { this.message = 'The emulator is not answering; your last action was not done. Reconnecting…'; this.offline = true; }
  function api(method, path, body) {
    return fetch('/emulator/api/' + path, { method: method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })
      .catch(function () { setOnline(false); throw new OfflineError(); })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) throw new Error(j.error || ('The emulator answered HTTP ' + r.status));
          return j;
        });
      });
  }
  function setOnline(ok) {
    if (state.online === ok) return;
    var was = state.online;
    state.online = ok;
    $('offline').hidden = ok;
    $('feed-state').textContent = ok ? 'live' : 'offline';
    $('feed-state').className = ok ? 'live' : 'offline';
    if (!ok) {
      $('offline').textContent = 'Offline: the emulator at ' + location.host + ' is not answering (stopped or restarting?). This page reconnects by itself.';
      if (state.ws) try { state.ws.close(); } catch (e) { /* already closed */ }
    } else if (was === false) {
      // back: reload what may have changed while we were away
      showNote('Reconnected.');
      loadWorld().catch(showError);
    }
  }
  function showError(err) { $('status').className = ''; $('status').textContent = err && err.message ? err.message : String(err); }
  function showNote(text) { $('status').className = 'note'; $('status').textContent = text; }
  function clearStatus() { $('status').textContent = ''; }

  // ---------- messages ----------
  function mentionsMe(m) {
    var me = currentUser();
    if (!me || m.deleted || m.userId === me.id) return false;
    if (m.parentUserName && m.parentUserName === me.name) return true;
    var text = (m.html || '').replace(/<[^>]*>/g, ' ');
    var re = /@([^\s@<]+)/g, x;
    while ((x = re.exec(text))) {
      var t = x[1].replace(/[^\p{L}\p{N}]+$/u, '').toLowerCase();
      if (t.length >= 3 && pingName(me.name).toLowerCase().indexOf(t) === 0) return true;
    }
    return false;
  }
  function clock(sec) {
    var d = new Date(sec * 1000);
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return p(d.getHours()) + ':' + p(d.getMinutes());
  }
  function link(text, cls, fn) {
    var a = document.createElement('a'); a.textContent = text; a.className = cls; a.tabIndex = 0;
    a.onclick = fn; a.onkeydown = function (ev) { if (ev.key === 'Enter') fn(); };
    return a;
  }
  function act(name, m) {
    return api('POST', 'messages/' + m.id + '/' + name, { userId: currentUser().id }).then(clearStatus).catch(showError);
  }
  function renderMessage(m) {
    var el = document.getElementById('message-' + m.id);
    if (!el) { el = document.createElement('div'); el.id = 'message-' + m.id; }
    var me = currentUser();
    var own = !!me && m.userId === me.id;
    el.className = 'message' + (mentionsMe(m) ? ' mention' : '') + (m.deleted ? ' deleted' : '') + (m.pinned ? ' pinned' : '') + (state.editing === m.id ? ' editing' : '');
    el.dataset.userId = String(m.userId);
    el.innerHTML = '';
    var time = document.createElement('span'); time.className = 'time'; time.textContent = clock(m.time);
    time.title = new Date(m.time * 1000).toLocaleString();
    el.appendChild(time);
    if (m.parentId && !m.deleted) {
      var r = document.createElement('a');
      r.className = 'reply-info'; r.textContent = '\u21b3'; r.title = 'in reply to message ' + m.parentId;
      r.onclick = function () { var p = document.getElementById('message-' + m.parentId); if (p) p.scrollIntoView({ block: 'center' }); };
      el.appendChild(r);
    }
    var c = document.createElement('span');
    c.className = 'content';
    if (m.deleted) c.textContent = '(removed)'; else c.innerHTML = m.html; // server-rendered, entity-escaped
    el.appendChild(c);
    if (!m.deleted && /^<(div|pre) class='partial'>/.test(m.html || '')) {
      // chat sends long messages cut; like chat's page, offer the whole text (its source)
      var more = link('(see full text)', 'full-text', function () {
        fetch('/message/' + m.id + '?plain=true').then(function (r) { return r.text(); }).then(function (src) {
          var pre = document.createElement('pre'); pre.className = 'full-source'; pre.textContent = src;
          c.innerHTML = ''; c.appendChild(pre); more.remove();
        }).catch(function () { setOnline(false); showError(new OfflineError()); });
      });
      el.appendChild(more);
    }
    if (m.edits > 0 && !m.deleted) { var e = document.createElement('span'); e.className = 'edits'; e.textContent = '(edited)'; el.appendChild(e); }
    if (m.stars > 0) { var s = document.createElement('span'); s.className = 'flash'; s.textContent = '\u2605 ' + m.stars; el.appendChild(s); }
    if (m.pinned) { var pm = document.createElement('span'); pm.className = 'pin-mark'; pm.textContent = 'pinned'; el.appendChild(pm); }
    var report = state.inspect.get(m.id);
    if (report && report.outcome !== 'own') {
      var b = document.createElement('span'); b.className = 'bot-handled outcome-' + report.outcome;
      b.textContent = 'bot: ' + shortOutcome(report); b.title = 'what the bot did with this message (see the inspector)';
      b.onclick = function () { var x = document.getElementById('inspect-' + m.id); if (x) x.scrollIntoView({ block: 'center' }); };
      el.appendChild(b);
    }
    if (!m.deleted) {
      var acts = document.createElement('span'); acts.className = 'actions';
      acts.appendChild(link('reply', 'reply-link', function () { var i = $('input'); i.value = ':' + m.id + ' ' + i.value.replace(/^:\d+ /, ''); i.focus(); updateCounter(); }));
      acts.appendChild(link('star', 'star-link', function () { act('star', m); }));
      var fresh = nowSec() - m.time <= state.limits.editWindowSeconds;
      if (own && fresh) acts.appendChild(link('edit', 'edit-link', function () { startEdit(m); }));
      if ((own && fresh) || canModerate()) acts.appendChild(link('delete', 'delete-link', function () { if (state.editing === m.id) stopEdit(); act('delete', m); }));
      if (canModerate()) acts.appendChild(link(m.pinned ? 'unpin' : 'pin', 'pin-link', function () { act('pin', m); }));
      el.appendChild(acts);
    }
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
  function rerenderAll() { state.messages.forEach(function (m) { renderMessage(m); }); }
  function systemLine(text) {
    var d = document.createElement('div'); d.className = 'system'; d.textContent = text; $('transcript').appendChild(d);
  }

  // ---------- composing, editing ----------
  function startEdit(m) {
    state.editing = m.id;
    $('input').value = m.source !== undefined ? m.source : m.text;
    $('sayit-button').textContent = 'save edit';
    showNote('Editing your message: Enter saves, Esc cancels.');
    $('input').focus();
    rerenderAll(); updateCounter();
  }
  function stopEdit() {
    state.editing = null;
    $('sayit-button').textContent = 'send';
    $('input').value = '';
    clearStatus(); rerenderAll(); updateCounter();
  }
  function lengthProblem(text) {
    if (text.indexOf('\n') < 0 && text.length > state.limits.singleLine) {
      return 'Single-line messages are limited to ' + state.limits.singleLine + ' characters (this one has ' + text.length + '); add a line break (Shift+Enter) to send it as a multi-line message.';
    }
    if (text.indexOf('\n') >= 0 && text.length > state.limits.multiLine) return 'Multi-line messages are limited to ' + state.limits.multiLine + ' characters here.';
    return null;
  }
  function updateCounter() {
    var text = $('input').value;
    var multi = text.indexOf('\n') >= 0;
    var limit = multi ? state.limits.multiLine : state.limits.singleLine;
    var problem = lengthProblem(text);
    $('counter').textContent = text.length ? text.length + ' / ' + limit + (multi ? ' (multi-line)' : '') : '';
    $('counter').className = problem ? 'over' : '';
    $('sayit-button').disabled = !!problem;
    if (problem) showError(new Error(problem));
    else if (/^Single-line messages|^Multi-line messages/.test($('status').textContent)) clearStatus();
  }
  function send() {
    var text = $('input').value;
    if (!text.trim() || !state.room) return;
    var problem = lengthProblem(text);
    if (problem) { showError(new Error(problem)); return; }
    var me = currentUser();
    var done = state.editing !== null
      ? api('POST', 'messages/' + state.editing + '/edit', { userId: me.id, text: text }).then(stopEdit)
      : api('POST', 'rooms/' + state.room.id + '/messages', { userId: me.id, text: text }).then(function () { $('input').value = ''; clearStatus(); updateCounter(); });
    done.catch(showError);
  }

  // ---------- room, users, inspector ----------
  function selectRoom(id) {
    state.room = state.rooms.find(function (r) { return r.id === id; });
    state.messages.clear();
    state.inspect.clear();
    $('transcript').innerHTML = '';
    $('inspector-list').innerHTML = '';
    $('room-name').textContent = state.room.name;
    $('room-description').textContent = state.room.description;
    Array.prototype.forEach.call($('room-list').children, function (li) { li.classList.toggle('current', Number(li.dataset.roomId) === id); });
    return Promise.all([api('GET', 'rooms/' + id + '/messages'), api('GET', 'inspector?room=' + id)]).then(function (got) {
      got[1].forEach(function (e) { state.inspect.set(e.messageId, e); });
      got[0].forEach(function (m) { state.messages.set(m.id, m); place(m); });
      got[1].forEach(showReport);
      updateInspectorEmpty();
      return loadRoomUsers();
    });
  }
  function loadRoomUsers() {
    if (!state.room) return Promise.resolve();
    var id = state.room.id;
    return api('GET', 'rooms/' + id + '/users').then(function (list) {
      if (!state.room || state.room.id !== id) return;
      var ul = $('room-users'); ul.innerHTML = '';
      list.forEach(function (u) {
        var li = document.createElement('li'); li.dataset.userId = String(u.id); li.textContent = u.name + (u.moderator ? ' \u2666' : '');
        if (u.owner) { var b = document.createElement('span'); b.className = 'badge'; b.textContent = 'owner'; li.appendChild(b); }
        ul.appendChild(li);
      });
    });
  }
  var usersTimer = null;
  function refreshUsersSoon() { clearTimeout(usersTimer); usersTimer = setTimeout(function () { loadRoomUsers().catch(showError); }, 200); }
  function shortOutcome(e) {
    switch (e.outcome) {
      case 'ran': return 'ran ' + e.command;
      case 'error': return e.command + ' failed';
      case 'timeout': return e.command + ' timed out';
      case 'refused': return 'refused ' + (e.command || '');
      case 'unusable': return 'nobody may run ' + (e.command || 'it');
      case 'usage': return 'usage of ' + (e.command || 'a command');
      case 'unmatched': return 'no command matched';
      case 'ignored': return 'ignored';
      case 'standby': return 'on standby';
      case 'not-configured': return 'not its room';
      default: return e.outcome;
    }
  }
  function longOutcome(e) {
    switch (e.outcome) {
      case 'ran': return 'Ran the command ' + e.command + '.';
      case 'error': return 'Ran ' + e.command + ', which threw (see the bot\'s log).';
      case 'timeout': return 'Ran ' + e.command + ', which did not finish in time.';
      case 'refused': return 'Refused ' + (e.command || 'the command') + ': the user may not run it here.';
      case 'unusable': return (e.command || 'The command') + ' needs a level above every defined level: nobody can run it.';
      case 'usage': return 'Named ' + (e.command || 'a command') + ', but the arguments did not fit: answered with its usage.';
      case 'unmatched': return 'Addressed to the bot, but no command matched.';
      case 'ignored': return 'Ignored: not addressed to the bot.';
      case 'own': return 'The bot\'s own message.';
      case 'standby': return 'Not handled: the bot is on standby.';
      case 'not-configured': return 'Not handled: the bot is not configured for this room.';
      default: return 'Outcome: ' + e.outcome + '.';
    }
  }
  function showReport(e) {
    if (!state.room || e.roomId !== state.room.id || e.outcome === 'own') return;
    var el = document.getElementById('inspect-' + e.messageId);
    if (!el) { el = document.createElement('div'); el.id = 'inspect-' + e.messageId; }
    el.className = 'inspect-entry outcome-' + e.outcome;
    el.dataset.messageId = String(e.messageId);
    el.innerHTML = '';
    var inc = document.createElement('div'); inc.className = 'incoming';
    inc.textContent = e.incoming ? e.incoming.userName + ': ' + e.incoming.text : 'message ' + e.messageId;
    var what = document.createElement('div'); what.className = 'what'; what.textContent = longOutcome(e);
    el.appendChild(inc); el.appendChild(what);
    if (e.reason) { var why = document.createElement('div'); why.className = 'reason'; why.textContent = 'Why: ' + e.reason; el.appendChild(why); }
    var took = document.createElement('div'); took.className = 'took';
    took.textContent = (e.durationMs === null ? 'time not reported' : 'took ' + e.durationMs + ' ms') + ' \u00b7 ' + (e.sent.length ? 'sent ' + e.sent.length + ' message' + (e.sent.length > 1 ? 's' : '') + ':' : 'sent nothing');
    el.appendChild(took);
    if (e.sent.length) {
      var ul = document.createElement('ul');
      e.sent.forEach(function (s) { var li = document.createElement('li'); li.className = 'sent'; li.textContent = s.text; ul.appendChild(li); });
      el.appendChild(ul);
    }
    el.onclick = function () { var m = document.getElementById('message-' + e.messageId); if (m) m.scrollIntoView({ block: 'center' }); };
    var list = $('inspector-list');
    if (!el.parentNode) list.insertBefore(el, list.firstChild);
    updateInspectorEmpty();
  }
  function updateInspectorEmpty() { $('inspector-empty').hidden = $('inspector-list').children.length > 0; }
  function onReport(e) {
    if (!state.room || e.roomId !== state.room.id) return;
    state.inspect.set(e.messageId, e);
    showReport(e);
    var m = state.messages.get(e.messageId);
    if (m) renderMessage(m);
  }

  // ---------- the live feed ----------
  function onEvent(e) {
    if (!state.room || e.room_id !== state.room.id) return;
    var t = e.event_type;
    if (t === 1 || t === 2 || t === 6 || t === 10) {
      var prev = state.messages.get(e.message_id);
      var parent = e.parent_id && e.show_parent ? state.messages.get(e.parent_id) : undefined;
      var m = prev ? Object.assign({}, prev) : { id: e.message_id, userId: e.user_id, userName: e.user_name, edits: 0, stars: 0, pinned: false, deleted: false, time: e.time_stamp };
      if (e.content !== undefined && t !== 6) { m.html = e.content; if (t === 2 || !prev) delete m.source; }
      if (t === 1 || t === 2) { m.parentId = e.show_parent ? e.parent_id : undefined; m.parentUserName = parent ? parent.userName : (prev && prev.parentUserName) || null; m.edits = e.message_edits || 0; }
      if (t === 6) { m.stars = e.message_stars || 0; m.pinned = !!e.message_owner_stars; }
      if (t === 10) m.deleted = true;
      state.messages.set(m.id, m);
      if (t === 1 || t === 2) fetchSource(m);
      place(m);
    } else if (t === 3) { systemLine(e.user_name + ' entered the room'); refreshUsersSoon(); }
    else if (t === 4) { systemLine(e.user_name + ' left the room'); refreshUsersSoon(); }
  }
  function fetchSource(m) {
    // the text as typed, for editing
    fetch('/message/' + m.id + '?plain=true').then(function (r) { return r.ok ? r.text() : undefined; }).then(function (src) {
      var cur = state.messages.get(m.id); if (cur && src !== undefined) cur.source = src;
    }).catch(function () { /* the feed's own close handler reports the outage */ });
  }
  function connectFeed() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/emulator/api/feed');
    state.ws = ws;
    ws.onopen = function () { state.retryMs = 1000; setOnline(true); };
    ws.onmessage = function (msg) { var d = JSON.parse(msg.data); if (d.event) onEvent(d.event); if (d.inspect) onReport(d.inspect); };
    ws.onclose = function () {
      if (state.ws !== ws) return;
      state.ws = null;
      setOnline(false);
      setTimeout(connectFeed, state.retryMs);
      state.retryMs = Math.min(5000, state.retryMs * 2);
    };
  }
  function loadWorld() {
    return api('GET', 'world').then(function (w) {
      var keepUser = $('user-switcher').value;
      var keepRoom = state.room ? state.room.id : null;
      state.rooms = w.rooms; state.users = w.users;
      if (w.limits) state.limits = w.limits;
      $('user-switcher').innerHTML = ''; $('room-list').innerHTML = '';
      w.users.forEach(function (u) { var o = document.createElement('option'); o.value = String(u.id); o.textContent = u.name + (u.moderator ? ' \u2666' : ''); $('user-switcher').appendChild(o); });
      if (keepUser) $('user-switcher').value = keepUser;
      w.rooms.forEach(function (r) { var li = document.createElement('li'); li.dataset.roomId = String(r.id); li.textContent = r.name; li.onclick = function () { selectRoom(r.id).catch(showError); }; $('room-list').appendChild(li); });
      var room = w.rooms.find(function (r) { return r.id === keepRoom; }) || w.rooms[0];
      if (room) return selectRoom(room.id);
    });
  }

  $('composer').addEventListener('submit', function (ev) { ev.preventDefault(); send(); });
  $('input').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); send(); }
    else if (ev.key === 'Escape' && state.editing !== null) { ev.preventDefault(); stopEdit(); }
  });
  $('input').addEventListener('input', updateCounter);
  $('question-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', 'se/questions', { site: $('q-site').value, title: $('q-title').value, tags: $('q-tags').value, userId: (currentUser() || {}).id })
      .then(function (q) { showNote('Posted question ' + q.questionId + ' on ' + q.site); $('q-title').value = ''; })
      .catch(showError);
  });
  $('user-switcher').addEventListener('change', function () { if (state.editing !== null) stopEdit(); rerenderAll(); });
  // a page opened while the emulator is down keeps trying until it answers
  (function firstLoad() {
    loadWorld().then(function () { connectFeed(); }).catch(function (err) {
      if (err && err.offline) { setOnline(false); setTimeout(firstLoad, state.retryMs); state.retryMs = Math.min(5000, state.retryMs * 2); }
      else showError(err);
    });
  })();
  // the edit/delete links of own messages disappear when the edit window closes
  setInterval(function () { if (state.online) rerenderAll(); }, 30000);
})();
`;
