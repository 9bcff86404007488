import { untilInFlightGap } from './messages';
import type { MessageDoc } from './schemas';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const doc = (seq: number, ageMs: number): MessageDoc => ({
  _id: `m${seq}`,
  conversationId: 'c',
  seq,
  sender: 'customer',
  senderId: null,
  text: '',
  attachments: [],
  clientMessageId: null,
  createdAt: new Date(NOW - ageMs),
});
const seqs = (docs: MessageDoc[]) => docs.map((d) => d.seq);

describe('listAfter stops before a hole that may still be filling', () => {
  test('contiguous results pass through', () => {
    expect(seqs(untilInFlightGap([doc(4, 10), doc(5, 10), doc(6, 10)], 3, NOW))).toEqual([4, 5, 6]);
  });

  test('a young hole (append in flight) truncates, so a resuming reader cannot skip it', () => {
    expect(seqs(untilInFlightGap([doc(4, 10), doc(6, 10), doc(7, 10)], 3, NOW))).toEqual([4]);
    expect(seqs(untilInFlightGap([doc(5, 10)], 3, NOW))).toEqual([]);
  });

  test('an old hole (a writer died mid-append) is stepped over', () => {
    expect(seqs(untilInFlightGap([doc(4, 60_000), doc(6, 60_000), doc(7, 60_000)], 3, NOW))).toEqual([
      4, 6, 7,
    ]);
  });
});
