/**
 * A minimal customer chat page for end-to-end tests of the console: a plain client of the /chat
 * protocol (as a shop's own page would be), rendering every message with textContent. Served at
 * /test/customer; its script is a separate file so the page runs under the app's strict CSP.
 */
import { Router } from 'express';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer chat</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 0; background: #fafafa; }
  main { max-width: 560px; margin: 24px auto; background: #fff; border: 1px solid #ddd; border-radius: 12px; padding: 16px; }
  h1 { font-size: 18px; margin: 0 0 12px; }
  ol { list-style: none; padding: 0; margin: 0 0 12px; display: flex; flex-direction: column; gap: 8px; min-height: 300px; }
  li { padding: 8px 12px; border-radius: 10px; max-width: 80%; white-space: pre-wrap; }
  li.customer { align-self: flex-end; background: #3b5bdb; color: #fff; }
  li.bot { align-self: flex-start; background: #f0f0f0; }
  li.agent { align-self: flex-start; background: #e8f6ee; border: 1px solid #9fd8b5; }
  li.system { align-self: center; color: #666; font-size: 12px; }
  li .who { display: block; font-size: 11px; text-transform: uppercase; opacity: 0.7; }
  form { display: flex; gap: 8px; } input { flex: 1; padding: 8px; font: inherit; }
</style></head>
<body><main><h1>Fellwick &amp; Tarn support</h1><ol id="log" aria-live="polite"></ol>
<form id="form"><input id="text" autocomplete="off" aria-label="Your message"><button>Send</button></form></main>
<script src="/socket.io/socket.io.js"></script><script src="/test/customer.js"></script></body></html>`;

const SCRIPT = `(function () {
  var socket = io('/chat', { transports: ['websocket'] });
  var conversationId, n = 0, log = document.getElementById('log');
  function show(m) {
    var li = document.createElement('li');
    li.className = m.sender;
    li.setAttribute('data-seq', m.seq);
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = m.sender;
    li.appendChild(who);
    li.appendChild(document.createTextNode(m.text));
    log.appendChild(li);
  }
  socket.on('chat:reply', show);
  document.getElementById('form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('text');
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    n += 1;
    socket.emit('chat:message', { clientMessageId: 'p-' + n, conversationId: conversationId, text: text }, function (r) {
      if (r.data) { conversationId = r.data.conversationId; show({ sender: 'customer', seq: r.data.seq, text: text }); }
    });
  });
})();`;

export function customerPage(): Router {
  const router = Router();
  router.get('/test/customer', (_req, res) => void res.type('html').send(PAGE));
  router.get('/test/customer.js', (_req, res) => void res.type('js').send(SCRIPT));
  return router;
}
