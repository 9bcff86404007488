import { BRIDGE_TAG, cleanIdentity, frameStyle, readBridgeMessage } from './bridge';

describe('readBridgeMessage', () => {
  const parent = {};
  const expected = { origin: 'https://shop.example', source: parent };
  const ok = { tag: BRIDGE_TAG, type: 'open' };

  it('accepts our messages from the expected window and origin', () => {
    expect(readBridgeMessage({ data: ok, origin: 'https://shop.example', source: parent }, expected)).toBe(
      ok,
    );
  });

  it.each([
    ['another origin', { data: ok, origin: 'https://evil.example', source: parent }],
    ['another window at the right origin', { data: ok, origin: 'https://shop.example', source: {} }],
    ['no window', { data: ok, origin: 'https://shop.example', source: null }],
    ['foreign data', { data: { type: 'open' }, origin: 'https://shop.example', source: parent }],
    ['a string', { data: 'open', origin: 'https://shop.example', source: parent }],
    ['no type', { data: { tag: BRIDGE_TAG }, origin: 'https://shop.example', source: parent }],
  ])('refuses %s', (_name, event) => {
    expect(readBridgeMessage(event, expected)).toBeNull();
  });

  it('refuses everything when the expected window is unknown', () => {
    expect(
      readBridgeMessage(
        { data: ok, origin: 'https://shop.example', source: undefined },
        { origin: 'https://shop.example', source: undefined },
      ),
    ).toBeNull();
  });
});

describe('cleanIdentity', () => {
  it('keeps strings of sane length only', () => {
    expect(
      cleanIdentity({
        customerId: ' c-1 ',
        signature: 'ab',
        name: 'Ana',
        email: 'ana@example.com',
        extra: 1,
      }),
    ).toEqual({
      customerId: 'c-1',
      signature: 'ab',
      name: 'Ana',
      email: 'ana@example.com',
    });
    expect(cleanIdentity({ customerId: 'c-1' })).toBeNull();
    expect(cleanIdentity({ customerId: 42, signature: 'x' })).toBeNull();
    expect(cleanIdentity({ customerId: 'x'.repeat(201), signature: 'x' })).toBeNull();
    expect(cleanIdentity(null)).toBeNull();
  });
});

describe('frameStyle', () => {
  it('is a launcher-sized box in the chosen corner when closed', () => {
    expect(frameStyle({ open: false, phone: false, position: 'left', visible: true })).toMatchObject({
      width: '104px',
      height: '104px',
      left: '0',
      right: 'auto',
      bottom: '0',
      visibility: 'visible',
    });
  });

  it('holds the panel when open, and fills a phone screen', () => {
    expect(frameStyle({ open: true, phone: false, position: 'right', visible: true })).toMatchObject({
      width: '424px',
      right: '0',
    });
    expect(frameStyle({ open: true, phone: true, position: 'right', visible: true })).toMatchObject({
      top: '0',
      left: '0',
      right: '0',
      bottom: '0',
      width: '100vw',
      height: '100%',
    });
  });

  it('stays hidden until the widget has said how it looks', () => {
    expect(frameStyle({ open: false, phone: false, position: 'right', visible: false }).visibility).toBe(
      'hidden',
    );
  });
});
