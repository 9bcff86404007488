/**
 * The widget app: runs inside the iframe at `/widget/frame/:siteId?host=<host page origin>`. It loads
 * the site's theme, restores the saved conversation, and wires engine, socket and view together with
 * the host page (origin-checked postMessage) and the page lifecycle (offline, sleeping tabs, bfcache).
 */
import { ChatEngine } from '../core/chat-engine';
import { paletteFor } from '../core/contrast';
import { localized, pickLocale, STRINGS } from '../core/i18n';
import {
  memoryStorage,
  RelayedStorage,
  StateStore,
  usableStorage,
  type KeyValueStorage,
} from '../core/state';
import { BRIDGE_TAG, cleanIdentity, readBridgeMessage, type FrameMessage, type HostMessage } from '../bridge';
import { SITE_ID_PATTERN, type WidgetConfig } from '../types';
import { SocketTransport } from './transport';
import { WidgetView } from './view';

async function loadConfig(siteId: string): Promise<WidgetConfig> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`/api/sites/${encodeURIComponent(siteId)}/widget-config`, {
        credentials: 'omit',
      });
      if (res.ok) return (await res.json()) as WidgetConfig;
      if (res.status < 500) throw new Error(`widget-config: ${res.status}`);
    } catch (error) {
      if (attempt >= 4 || (error as Error).message.startsWith('widget-config')) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
  }
}

/**
 * Runs `fn` holding a cross-tab lock (Web Locks), so only one tab of the site sends the outbox at a
 * time. Where locks are unavailable or refused (third-party storage blocked), it runs `fn` directly:
 * the server's idempotency keeps a message sent twice from being stored twice.
 */
function webLock(name: string) {
  let usable = true;
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks || !usable) return fn();
    let started = false;
    try {
      return (await locks.request(name, () => ((started = true), fn()))) as T;
    } catch (error) {
      if (started) throw error;
      usable = false;
      return fn();
    }
  };
}

/**
 * The widget's storage: its own localStorage; where the browser blocks that for a third-party
 * iframe, the host page's, relayed over the bridge; memory when neither works.
 */
async function openStorage(
  key: string,
  hostOrigin: string,
  targetOrigin: string,
): Promise<{ storage: KeyValueStorage; relayed?: RelayedStorage }> {
  const own = usableStorage(() => window.localStorage);
  if (own || window.parent === window) return { storage: own ?? memoryStorage() };
  const relayed = new RelayedStorage((k, value) =>
    window.parent.postMessage(
      { tag: BRIDGE_TAG, type: 'storage-set', key: k, value } satisfies FrameMessage,
      targetOrigin,
    ),
  );
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, 1500);
    function done(): void {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve();
    }
    function onMessage(event: MessageEvent): void {
      const message = readBridgeMessage<HostMessage>(event, { origin: hostOrigin, source: window.parent });
      if (message?.type !== 'storage' || message.key !== key) return;
      relayed.receive(key, typeof message.value === 'string' ? message.value : null);
      done();
    }
    window.addEventListener('message', onMessage);
    window.parent.postMessage(
      { tag: BRIDGE_TAG, type: 'storage-get', key } satisfies FrameMessage,
      targetOrigin,
    );
  });
  return { storage: relayed, relayed };
}

async function main(): Promise<void> {
  const siteId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
  if (!SITE_ID_PATTERN.test(siteId)) throw new Error('Parley widget: bad site id');
  const params = new URLSearchParams(location.search);
  const hostOrigin = params.get('host') || '';
  const targetOrigin = hostOrigin && hostOrigin !== 'null' ? hostOrigin : '*';

  const config = await loadConfig(siteId);
  const locale = pickLocale({
    scriptLocale: params.get('locale'),
    siteLocale: config.theme.locale,
    browserLanguages: navigator.languages,
  });
  const strings = STRINGS[locale];
  document.documentElement.lang = locale;
  const palette = paletteFor(config.theme.colour);
  const rootStyle = document.documentElement.style;
  rootStyle.setProperty('--pw-brand', palette.brand);
  rootStyle.setProperty('--pw-on-brand', palette.onBrand);
  rootStyle.setProperty('--pw-ink', palette.ink);
  const title = localized(config.theme.title, locale) || strings.defaultTitle;
  document.title = title;

  // Filled in once the engine exists (the engine's callbacks need the view, the view needs the engine).
  const ui: { view?: WidgetView } = {};
  let lastPosted = '';
  const postState = (): void => {
    if (!ui.view || window.parent === window) return;
    const s = engine.state;
    const message: FrameMessage = {
      tag: BRIDGE_TAG,
      type: 'state',
      open: s.open,
      unread: s.unread,
      position: config.theme.position,
      title,
    };
    const key = JSON.stringify(message);
    if (key === lastPosted) return;
    lastPosted = key;
    window.parent.postMessage(message, targetOrigin);
  };

  const { storage, relayed } = await openStorage(`parley:${siteId}`, hostOrigin, targetOrigin);
  const store = new StateStore(storage, `parley:${siteId}`);
  const transport = new SocketTransport({
    url: location.origin,
    auth: () => engine.auth(),
    onConnect: () => void engine.connected(),
    onDisconnect: () => engine.disconnected(navigator.onLine === false),
    onReply: (m) => engine.reply(m),
    onSession: (token) => engine.session(token),
    onTyping: (p) => engine.remoteTyping(p),
    onQueue: (p) => engine.queueStatus(p),
  });
  const engine: ChatEngine = new ChatEngine({
    store,
    transport,
    siteId,
    lock: webLock(`parley:${siteId}:outbox`),
    attending: () => engine.state.open && document.visibilityState === 'visible',
    onChange: () => {
      ui.view?.update();
      postState();
      if (engine.needsConnection() && navigator.onLine !== false) transport.start();
    },
    onArrived: (messages) => ui.view?.announce(messages),
  });

  const view = new WidgetView({
    strings,
    locale,
    config,
    engine,
    // This frame is served by the Parley server: its origin is where `/help/…` links live.
    linkBase: location.origin,
    onOpenChange: () => postState(),
  });
  ui.view = view;
  document.body.appendChild(view.root);
  view.update();

  // The host page: only our parent window, only from the origin it said it has.
  window.addEventListener('message', (event) => {
    const message = readBridgeMessage<HostMessage>(event, { origin: hostOrigin, source: window.parent });
    if (!message) return;
    if (message.type === 'identify') {
      const identity = cleanIdentity(message.identity);
      if (identity) {
        engine.identify({ customerId: identity.customerId, signature: identity.signature });
        view.setEmail(identity.email);
      }
    } else if (message.type === 'open') view.open(true);
    else if (message.type === 'close') view.close(false);
    else if (message.type === 'toggle') view.toggle();
    else if (message.type === 'storage' && relayed && message.key === store.key) {
      relayed.receive(message.key, typeof message.value === 'string' ? message.value : null);
      engine.syncFromStorage();
    } else if (message.type === 'layout') {
      view.setLayout(message.phone === true);
      view.update();
    }
  });

  // Other tabs of the same site share the conversation.
  window.addEventListener('storage', (event) => {
    if (event.key === store.key) engine.syncFromStorage();
  });
  // Offline: stop trying and say so; back online, a sleeping tab waking, a page restored from the
  // back/forward cache: reconnect now, then resume and flush.
  window.addEventListener('offline', () => {
    transport.pause();
    engine.disconnected(true);
  });
  const wake = (): void => {
    if (document.visibilityState !== 'visible' || navigator.onLine === false) return;
    if (!engine.needsConnection()) return;
    if (transport.connected) void engine.resume().then(() => engine.flush());
    else transport.kick();
    view.update();
  };
  window.addEventListener('online', () => {
    if (engine.needsConnection()) transport.kick();
    view.update();
  });
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('pageshow', (event) => event.persisted && wake());
  document.addEventListener('resume', wake);

  if (engine.needsConnection() && navigator.onLine !== false) transport.start();
  if (window.parent !== window)
    window.parent.postMessage({ tag: BRIDGE_TAG, type: 'ready', title } satisfies FrameMessage, targetOrigin);
  postState();
  // Opened on the widget's own page (no host), show the panel: useful for testing a site's theme.
  if (window.parent === window) {
    view.setLayout(window.matchMedia('(max-width: 480px)').matches);
    view.open(false);
  }
}

main().catch((error: unknown) => console.error(error));
