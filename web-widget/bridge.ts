/**
 * The host page and the widget's iframe talk through postMessage. Each side accepts a message only
 * from the exact window it expects (the iframe's contentWindow / the parent) and from the exact
 * origin it expects (the widget server's origin / the host page's origin), and only in this shape.
 */
export const BRIDGE_TAG = 'parley-widget';

export type Position = 'left' | 'right';

/** What the host page may pass about a signed-in customer (`Parley.identify`). */
export interface HostIdentity {
  customerId: string;
  /** Lower-case hex HMAC-SHA256 of customerId with the site secret, computed by the site's server. */
  signature: string;
  name?: string;
  email?: string;
}

export type FrameMessage =
  | { tag: typeof BRIDGE_TAG; type: 'ready'; title: string }
  | {
      tag: typeof BRIDGE_TAG;
      type: 'state';
      open: boolean;
      unread: number;
      position: Position;
      title: string;
    }
  /** The iframe may not use its own storage: it asks the host page to keep its state. */
  | { tag: typeof BRIDGE_TAG; type: 'storage-get'; key: string }
  | { tag: typeof BRIDGE_TAG; type: 'storage-set'; key: string; value: string };

export type HostMessage =
  | { tag: typeof BRIDGE_TAG; type: 'identify'; identity: HostIdentity }
  | { tag: typeof BRIDGE_TAG; type: 'open' | 'close' | 'toggle' }
  | { tag: typeof BRIDGE_TAG; type: 'layout'; phone: boolean }
  | { tag: typeof BRIDGE_TAG; type: 'storage'; key: string; value: string | null };

/** Keys the host page keeps for the widget (its own state only), and their size limit. */
export const RELAYED_KEY = /^parley:[A-Za-z0-9_-]{1,64}$/;
export const RELAYED_MAX = 2_000_000;
/** Where the host page keeps them, so they cannot collide with the site's own keys. */
export const hostStorageKey = (key: string): string => `parley-widget:${key}`;

export interface MessageLike {
  data: unknown;
  origin: string;
  source: unknown;
}

/** The message's data when it comes from `expected.source` at `expected.origin` and is one of ours. */
export function readBridgeMessage<T extends { type: string }>(
  event: MessageLike,
  expected: { origin: string; source: unknown },
): T | null {
  if (!expected.source || event.source !== expected.source) return null;
  if (event.origin !== expected.origin) return null;
  const data = event.data as { tag?: unknown; type?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.tag !== BRIDGE_TAG || typeof data.type !== 'string')
    return null;
  return data as unknown as T;
}

/** Checks what the host page passed to `Parley.identify` (strings of sane length only). */
export function cleanIdentity(raw: unknown): HostIdentity | null {
  const v = raw as Partial<Record<keyof HostIdentity, unknown>> | null;
  if (!v || typeof v !== 'object') return null;
  const s = (x: unknown, max: number): string | undefined =>
    typeof x === 'string' && x.trim() && x.length <= max ? x.trim() : undefined;
  const customerId = s(v.customerId, 200);
  const signature = s(v.signature, 200);
  if (!customerId || !signature) return null;
  return { customerId, signature, name: s(v.name, 100), email: s(v.email, 254) };
}

export const PHONE_QUERY = '(max-width: 480px)';

/** Geometry of the iframe on the host page: a launcher-sized box, the open panel, or full screen on phones. */
export function frameStyle(state: {
  open: boolean;
  phone: boolean;
  position: Position;
  visible: boolean;
}): Record<string, string> {
  const side = state.position === 'left' ? 'left' : 'right';
  const other = side === 'left' ? 'right' : 'left';
  const base: Record<string, string> = {
    position: 'fixed',
    'z-index': '2147483000',
    border: '0',
    margin: '0',
    padding: '0',
    background: 'transparent',
    'color-scheme': 'light',
    display: 'block',
    visibility: state.visible ? 'visible' : 'hidden',
    opacity: '1',
    transform: 'none',
    'box-shadow': 'none',
    'border-radius': '0',
    'min-width': '0',
    'min-height': '0',
    'max-width': '100vw',
    'max-height': '100vh',
    top: 'auto',
    bottom: '0',
    [other]: 'auto',
    [side]: '0',
  };
  if (state.open && state.phone)
    return { ...base, top: '0', bottom: '0', left: '0', right: '0', width: '100vw', height: '100%' };
  if (state.open) return { ...base, width: '424px', height: 'min(720px, 100vh)' };
  return { ...base, width: '104px', height: '104px' };
}
