import { PresenceRegistry } from './presence';

const profile = { id: 'sam', name: 'Sam', role: 'agent' as const, skills: ['orders'], capacity: 2 };

function manualClock(start = Date.parse('2026-11-02T10:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('PresenceRegistry', () => {
  test('online while connected; offline when the last connection closes', () => {
    const registry = new PresenceRegistry();
    expect(registry.connect(profile, 'c1')?.presence).toBe('online');
    expect(registry.connect(profile, 'c2')).toBeNull(); // no change
    expect(registry.disconnect('sam', 'c1')).toBeNull();
    expect(registry.disconnect('sam', 'c2')?.presence).toBe('offline');
  });

  test('a laptop that stops sending heartbeats goes offline at the next sweep', () => {
    const time = manualClock();
    const registry = new PresenceRegistry({ clock: time.clock, heartbeatTimeoutMs: 45_000 });
    registry.connect(profile, 'c1');
    time.advance(30_000);
    registry.heartbeat('sam');
    time.advance(44_000);
    expect(registry.sweep()).toEqual([]);
    time.advance(2_000);
    expect(registry.sweep().map((a) => [a.id, a.presence])).toEqual([['sam', 'offline']]);
    expect(registry.presenceOf('sam')).toBe('offline');
    expect(registry.heartbeat('sam')?.presence).toBe('online');
  });

  test('away is chosen by the agent and kept across heartbeats', () => {
    const registry = new PresenceRegistry();
    registry.connect(profile, 'c1');
    expect(registry.setStatus('sam', 'away')?.presence).toBe('away');
    expect(registry.heartbeat('sam')).toBeNull();
    expect(registry.onlineCount()).toBe(0);
    expect(registry.setStatus('sam', 'online')?.presence).toBe('online');
    expect(registry.onlineCount()).toBe(1);
  });

  test('load and last assignment are tracked for routing', () => {
    const time = manualClock();
    const registry = new PresenceRegistry({ clock: time.clock });
    registry.register(profile);
    registry.adjustLoad('sam', 2);
    registry.adjustLoad('sam', -5);
    expect(registry.state('sam')).toMatchObject({ activeChats: 0, presence: 'offline' });
    registry.markAssigned('sam');
    expect(registry.state('sam')?.lastAssignedAt).toBe(time.clock().getTime());
  });
});
