import { HandoffQueue, describeWait } from './queue';

function manualClock(start = Date.parse('2026-11-02T10:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('HandoffQueue', () => {
  test('positions follow priority, ageing and arrival', () => {
    const time = manualClock();
    const queue = new HandoffQueue({ clock: time.clock });
    const now = time.clock().getTime();
    queue.add({ id: 'a', conversationId: 'ca', priority: 20, createdAt: now, team: null });
    queue.add({ id: 'b', conversationId: 'cb', priority: 30, createdAt: now, team: null });
    queue.add({ id: 'c', conversationId: 'cc', priority: 20, createdAt: now - 1000, team: null });
    expect(queue.list().map((e) => e.id)).toEqual(['b', 'c', 'a']);
    expect(queue.positionOf('a')).toBe(3);
    queue.remove('b');
    expect(queue.positionOf('a')).toBe(2);
    expect(queue.positionOf('b')).toBeNull();
    expect(queue.byConversation('cc')?.id).toBe('c');
  });

  test('wait estimate: pickup time × rounds ahead; none without agents', () => {
    const queue = new HandoffQueue({ initialPickupSeconds: 60 });
    expect(queue.estimateWaitSeconds(1, 0)).toBeNull();
    expect(queue.estimateWaitSeconds(1, 2)).toBe(60);
    expect(queue.estimateWaitSeconds(3, 2)).toBe(120);
    queue.recordPickup(160_000); // 60·0.8 + 160·0.2 = 80 s
    expect(queue.estimateWaitSeconds(1, 1)).toBe(90);
    expect(describeWait(60)).toBe('about a minute');
    expect(describeWait(180)).toBe('about 3 minutes');
  });

  test('overdue entries have waited at least the maximum', () => {
    const time = manualClock();
    const queue = new HandoffQueue({ clock: time.clock });
    queue.add({ id: 'a', conversationId: 'ca', priority: 20, createdAt: time.clock().getTime(), team: null });
    time.advance(9 * 60_000);
    expect(queue.overdue(10 * 60_000)).toEqual([]);
    time.advance(60_000);
    expect(queue.overdue(10 * 60_000).map((e) => e.id)).toEqual(['a']);
  });
});
