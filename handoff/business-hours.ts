/**
 * Business hours: when people answer chats. Weekly opening times in one IANA time zone, plus closed
 * dates (holidays). Without a schedule the team is always open.
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface BusinessHoursConfig {
  /** IANA zone, e.g. "Europe/Amsterdam". */
  timeZone: string;
  /** Opening intervals per weekday, "HH:MM"–"HH:MM" local time; a missing day is closed. */
  weekly: Partial<Record<Weekday, readonly { open: string; close: string }[]>>;
  /** Local dates ("YYYY-MM-DD") that are closed all day. */
  closedDates?: readonly string[];
}

export interface BusinessHours {
  isOpen(at: Date): boolean;
  /** Human description for customers, e.g. "Mon–Fri 09:00–17:30 (Europe/Amsterdam)". */
  describe(): string;
}

export const ALWAYS_OPEN: BusinessHours = { isOpen: () => true, describe: () => 'around the clock' };

const DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function minutes(hhmm: string): number {
  const m = TIME.exec(hhmm);
  if (!m) throw new RangeError(`business hours: "${hhmm}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function businessHours(config: BusinessHoursConfig): BusinessHours {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: config.timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const weekly = new Map<Weekday, { open: number; close: number }[]>();
  for (const day of DAYS)
    weekly.set(
      day,
      (config.weekly[day] ?? []).map((i) => ({ open: minutes(i.open), close: minutes(i.close) })),
    );
  const closed = new Set(config.closedDates ?? []);

  return {
    isOpen(at) {
      const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
      const day = String(parts.weekday).slice(0, 3).toLowerCase() as Weekday;
      if (closed.has(`${parts.year}-${parts.month}-${parts.day}`)) return false;
      const now = Number(parts.hour) * 60 + Number(parts.minute);
      return (weekly.get(day) ?? []).some((i) => now >= i.open && now < i.close);
    },
    describe() {
      const parts = DAYS.filter((d) => weekly.get(d)!.length).map(
        (d) =>
          `${d[0].toUpperCase()}${d.slice(1)} ${config.weekly[d]!.map((i) => `${i.open}–${i.close}`).join(', ')}`,
      );
      return `${parts.join('; ')} (${config.timeZone})`;
    },
  };
}

/**
 * Weekly hours from a compact string, for configuration: `"mon-fri 09:00-17:30; sat 10:00-14:00"`.
 * Day ranges wrap (`"fri-mon …"`); several intervals per day are allowed (`"mon 09:00-12:00, 13:00-17:00"`).
 * Throws RangeError naming the bad part.
 */
export function parseWeeklyHours(spec: string): BusinessHoursConfig['weekly'] {
  const weekly: Partial<Record<Weekday, { open: string; close: string }[]>> = {};
  for (const part of spec
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{3})(?:-([a-z]{3}))?\s+(.+)$/i.exec(part);
    if (!match)
      throw new RangeError(`business hours: cannot read "${part}" (expected e.g. "mon-fri 09:00-17:30")`);
    const from = DAYS.indexOf(match[1].toLowerCase() as Weekday);
    const to = DAYS.indexOf((match[2] ?? match[1]).toLowerCase() as Weekday);
    if (from < 0 || to < 0) throw new RangeError(`business hours: unknown day in "${part}"`);
    const intervals = match[3].split(',').map((interval) => {
      const times = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/.exec(interval);
      if (!times || minutes(times[1]) >= minutes(times[2]))
        throw new RangeError(`business hours: bad interval "${interval.trim()}" in "${part}"`);
      return { open: times[1], close: times[2] };
    });
    for (let i = from; ; i = (i + 1) % 7) {
      weekly[DAYS[i]] = [...(weekly[DAYS[i]] ?? []), ...intervals];
      if (i === to) break;
    }
  }
  return weekly;
}
