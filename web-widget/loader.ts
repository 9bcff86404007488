/**
 * The loader: the only code that runs in the host page (`<script src=".../widget.js" data-site="…"
 * async>`). It adds one iframe served from the widget's own origin, sizes it as the widget asks, and
 * exposes `window.Parley` (identify, open, close, toggle). Calls made before it loaded are replayed
 * from `window.Parley.q` (see README). No other global, style or listener touches the page.
 */
import {
  BRIDGE_TAG,
  PHONE_QUERY,
  RELAYED_KEY,
  RELAYED_MAX,
  cleanIdentity,
  frameStyle,
  hostStorageKey,
  readBridgeMessage,
  type FrameMessage,
  type HostMessage,
  type Position,
} from './bridge';

type Command = 'identify' | 'open' | 'close' | 'toggle';
interface ParleyApi {
  identify(identity: unknown): void;
  open(): void;
  close(): void;
  toggle(): void;
  version: string;
}
type HostWindow = Window & { Parley?: Partial<ParleyApi> & { q?: unknown[] }; __parleyWidget?: boolean };

(function load(): void {
  const w = window as HostWindow;
  if (w.__parleyWidget) return; // one widget per page, even if the tag is pasted twice
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
  const site = script?.dataset.site ?? '';
  if (!script || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(site)) {
    console.warn('Parley widget: add data-site="your-site-id" to the script tag.');
    return;
  }
  w.__parleyWidget = true;
  const origin = new URL(script.src, location.href).origin;
  const params = new URLSearchParams({ host: location.origin });
  if (script.dataset.locale) params.set('locale', script.dataset.locale);

  const frame = document.createElement('iframe');
  frame.src = `${origin}/widget/frame/${encodeURIComponent(site)}?${params.toString()}`;
  frame.title = 'Chat';
  frame.setAttribute('data-parley-widget', '');

  const phone = window.matchMedia(PHONE_QUERY);
  const view = { open: false, position: 'right' as Position, visible: false };
  let ready = false;
  const queue: HostMessage[] = [];
  const html = document.documentElement;
  let savedOverflow: string | null = null;

  const post = (message: HostMessage): void => {
    if (!ready || !frame.contentWindow) {
      queue.push(message);
      return;
    }
    frame.contentWindow.postMessage(message, origin);
  };

  const layout = (): void => {
    const style = frameStyle({ ...view, phone: phone.matches });
    for (const [name, value] of Object.entries(style)) frame.style.setProperty(name, value, 'important');
    // Full screen on a phone: the page behind must not scroll under the chat.
    const lock = view.open && phone.matches;
    if (lock && savedOverflow === null) {
      savedOverflow = html.style.getPropertyValue('overflow');
      html.style.setProperty('overflow', 'hidden');
    } else if (!lock && savedOverflow !== null) {
      if (savedOverflow) html.style.setProperty('overflow', savedOverflow);
      else html.style.removeProperty('overflow');
      savedOverflow = null;
    }
  };

  // For browsers that deny the iframe its own storage, the page keeps the widget's state for it.
  const relayed = (key: string): string | null => {
    try {
      return window.localStorage.getItem(hostStorageKey(key));
    } catch {
      return null;
    }
  };
  const relay = (key: string, value: string | null): void =>
    frame.contentWindow?.postMessage(
      { tag: BRIDGE_TAG, type: 'storage', key, value } satisfies HostMessage,
      origin,
    );
  window.addEventListener('storage', (event) => {
    const key = event.key?.startsWith('parley-widget:') ? event.key.slice('parley-widget:'.length) : '';
    if (RELAYED_KEY.test(key)) relay(key, event.newValue);
  });

  window.addEventListener('message', (event) => {
    const message = readBridgeMessage<FrameMessage>(event, { origin, source: frame.contentWindow });
    if (!message) return;
    if (message.type === 'storage-get' || message.type === 'storage-set') {
      const key = String(message.key);
      if (!RELAYED_KEY.test(key)) return;
      if (message.type === 'storage-get') relay(key, relayed(key));
      else if (typeof message.value === 'string' && message.value.length <= RELAYED_MAX)
        try {
          window.localStorage.setItem(hostStorageKey(key), message.value);
        } catch {
          // the page's storage is full or blocked too: the widget carries on in memory
        }
      return;
    }
    frame.title = String(message.title || 'Chat').slice(0, 200);
    if (message.type === 'ready') {
      ready = true;
      post({ tag: BRIDGE_TAG, type: 'layout', phone: phone.matches });
      for (const queued of queue.splice(0)) post(queued);
      return;
    }
    view.open = message.open === true;
    view.position = message.position === 'left' ? 'left' : 'right';
    view.visible = true;
    layout();
  });
  phone.addEventListener('change', () => {
    layout();
    post({ tag: BRIDGE_TAG, type: 'layout', phone: phone.matches });
  });

  const api: ParleyApi = {
    version: '1',
    identify(identity: unknown) {
      const clean = cleanIdentity(identity);
      if (clean) post({ tag: BRIDGE_TAG, type: 'identify', identity: clean });
      else console.warn('Parley.identify needs { customerId, signature } (strings).');
    },
    open: () => post({ tag: BRIDGE_TAG, type: 'open' }),
    close: () => post({ tag: BRIDGE_TAG, type: 'close' }),
    toggle: () => post({ tag: BRIDGE_TAG, type: 'toggle' }),
  };
  const early = Array.isArray(w.Parley?.q) ? w.Parley!.q! : [];
  w.Parley = api;
  for (const call of early) {
    const [name, arg] = (Array.isArray(call) ? call : Array.from(call as ArrayLike<unknown>)) as [
      Command,
      unknown,
    ];
    if (typeof api[name] === 'function') api[name](arg);
  }

  layout();
  const attach = (): void => void document.body.appendChild(frame);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
})();
