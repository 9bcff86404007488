// The storefront's first chat box: a plain client of the /chat protocol (docs/protocol.md).
// It keeps the visitor token and conversation in localStorage, re-sends unacknowledged messages
// with the same clientMessageId, and resumes after the last seq it saw when it reconnects.
(function () {
  'use strict';
  var store = window.localStorage;
  var state = {
    conversationId: store.getItem('parley.conversationId') || undefined,
    lastSeq: Number(store.getItem('parley.lastSeq') || 0),
    pending: JSON.parse(store.getItem('parley.pending') || '[]'),
  };
  var log = document.getElementById('chat-log');
  var status = document.getElementById('chat-status');
  var form = document.getElementById('chat-form');
  var input = document.getElementById('chat-input');
  var seen = {};

  var socket = io('/chat', {
    auth: function (cb) { cb({ visitorToken: store.getItem('parley.visitorToken') || undefined }); },
  });

  function save() {
    if (state.conversationId) store.setItem('parley.conversationId', state.conversationId);
    store.setItem('parley.lastSeq', String(state.lastSeq));
    store.setItem('parley.pending', JSON.stringify(state.pending));
  }

  function render(message) {
    if (seen[message.seq]) return;
    seen[message.seq] = true;
    var item = document.createElement('li');
    item.className = message.sender;
    item.textContent = message.text; // never markup: text only
    if (message.quickReplies && message.quickReplies.length) {
      var row = document.createElement('div');
      row.className = 'quick-replies';
      message.quickReplies.forEach(function (reply) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = reply.title;
        button.addEventListener('click', function () { send(reply.value); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (message.seq > state.lastSeq) { state.lastSeq = message.seq; save(); }
  }

  function showPending(entry) {
    var item = document.createElement('li');
    item.className = 'customer pending';
    item.id = 'pending-' + entry.clientMessageId;
    item.textContent = entry.text;
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function transmit(entry) {
    socket.timeout(5000).emit('chat:message',
      { clientMessageId: entry.clientMessageId, conversationId: state.conversationId, text: entry.text },
      function (err, response) {
        if (err) return; // no ack: re-sent on reconnect with the same id
        state.pending = state.pending.filter(function (p) { return p.clientMessageId !== entry.clientMessageId; });
        var node = document.getElementById('pending-' + entry.clientMessageId);
        if (response.error) {
          if (node) node.remove();
          status.textContent = response.error.message;
          save();
          return;
        }
        state.conversationId = response.data.conversationId;
        if (node) { node.classList.remove('pending'); node.removeAttribute('id'); seen[response.data.seq] = true; }
        save();
      });
  }

  function send(text) {
    text = String(text || '').trim();
    if (!text) return;
    var entry = { clientMessageId: 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8), text: text };
    state.pending.push(entry);
    save();
    showPending(entry);
    if (socket.connected) transmit(entry);
  }

  socket.on('chat:session', function (session) { store.setItem('parley.visitorToken', session.visitorToken); });
  socket.on('chat:reply', render);
  socket.on('connect', function () {
    status.textContent = '';
    if (state.conversationId) {
      socket.emit('chat:resume', { conversationId: state.conversationId, afterSeq: state.lastSeq }, function (response) {
        if (response.error) { state.conversationId = undefined; state.lastSeq = 0; save(); }
        else response.data.messages.forEach(render);
        state.pending.forEach(transmit);
      });
    } else {
      if (log.children.length === 0) render({ seq: 0, sender: 'bot', text: 'Hi! I can help with orders, returns, shipping and sizes. What can I do for you?' });
      state.pending.forEach(transmit);
    }
  });
  socket.on('disconnect', function () { status.textContent = 'Reconnecting… your messages will be sent when we are back.'; });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send(input.value);
    input.value = '';
    input.focus();
  });

  // After a reload the page is empty: resume from the start to show the whole conversation again.
  state.lastSeq = 0;
  state.pending.forEach(showPending);
})();
