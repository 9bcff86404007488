/** Formatting for the console: waits, times, money, tiers, sentiment. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function day(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function money(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export function mood(score: number): string {
  if (score <= -0.5) return 'upset';
  if (score <= -0.15) return 'unhappy';
  if (score >= 0.4) return 'happy';
  if (score >= 0.15) return 'positive';
  return 'neutral';
}

export function entityValue(value: unknown, fallback: string): string {
  if (value && typeof value === 'object' && 'amount' in value && 'currency' in value) {
    const m = value as { amount: number; currency: string };
    return money(Math.round(m.amount * 100), m.currency);
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

export const ENTITY_LABELS: Record<string, string> = {
  order_number: 'Order',
  tracking_number: 'Tracking',
  product: 'Product',
  money: 'Amount',
  date: 'Date',
  email: 'Email',
  phone: 'Phone',
  person: 'Name',
};

export function titleCase(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
