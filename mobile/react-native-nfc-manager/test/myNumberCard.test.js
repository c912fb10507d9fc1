'use strict';
// Runs the app's card-reading code (test/app/myNumberCard.js) against mynakit's relay through the
// adapter. Started by harness/tests/external/mobile_adapters.rs with MYNAKIT_RELAY and
// MYNAKIT_RELAY_TOKEN of a running `mynakit serve --relay`; it writes what the app read to
// MYNAKIT_RN_RESULT, and the harness test compares that with the persona.

const fs = require('fs');
const { X509Certificate } = require('crypto');
const NfcManagerModule = require('react-native-nfc-manager');
const { readMyNumberCard, JPKI_AP } = require('./app/myNumberCard');

const NfcManager = NfcManagerModule.default;
const { NfcError, NfcTech, __mynakit } = NfcManagerModule;
const platform = process.env.MYNAKIT_RN_PLATFORM || 'android';
const pin = process.env.MYNAKIT_RN_PIN;

afterAll(() => __mynakit.close());

test(`${platform}: the app reads the auth certificate and the 4 items`, async () => {
  expect(pin).toBeDefined();
  const read = await readMyNumberCard({ pin });
  const cert = new X509Certificate(read.certificate);
  if (platform === 'ios') {
    expect(read.tag.tech).toBe('IsoDep');
    expect(read.tag.initialSelectedAID).toMatch(/^[0-9A-F]{20}$/);
  } else {
    expect(read.tag.techTypes).toContain('android.nfc.tech.IsoDep');
  }
  expect(read.sex).toMatch(/^[0129]$/);
  expect(read.birthDate).toMatch(/^\d{8}$/);
  fs.writeFileSync(process.env.MYNAKIT_RN_RESULT, JSON.stringify({
    platform,
    subject: cert.subject,
    certificate: read.certificate.toString('hex').toUpperCase(),
    name: read.name,
    address: read.address,
    birthDate: read.birthDate,
    sex: read.sex,
  }));
});

test(`${platform}: a transceive without a technology request fails as the native module does`, async () => {
  const err = await NfcManager.isoDepHandler.transceive([0x00, 0xa4, 0x04, 0x0c, 0x0a, ...JPKI_AP]).catch((e) => e);
  expect(err).toBeInstanceOf(NfcError.NfcErrorBase);
  expect(err.message).toBe(platform === 'ios' ? 'Not even registered' : 'no tech request available');
});

if (platform === 'ios') {
  test('ios: a SELECT of an AID missing from select-identifiers is a SecurityViolation', async () => {
    __mynakit.close();
    __mynakit.configure({ selectIdentifiers: ['D392F000260100000001'] });
    await NfcManager.requestTechnology(NfcTech.IsoDep);
    const tag = await NfcManager.getTag();
    expect(tag.initialSelectedAID).toBe('D392F000260100000001');
    const kenhojo = [0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
    const err = await NfcManager.sendCommandAPDUIOS([0x00, 0xa4, 0x04, 0x0c, 0x0a, ...kenhojo]).catch((e) => e);
    expect(err).toBeInstanceOf(NfcError.SecurityViolation);
    await NfcManager.cancelTechnologyRequest();
    // back to the app's own list for the tests that follow
    __mynakit.close();
    __mynakit.configure({ selectIdentifiers: process.env.MYNAKIT_RN_SELECT_IDENTIFIERS.split(',') });
  });
} else {
  test('android: setTimeout and getMaxTransceiveLength answer from the discovered tag', async () => {
    await NfcManager.requestTechnology(NfcTech.IsoDep);
    expect(await NfcManager.getMaxTransceiveLength()).toBeGreaterThanOrEqual(261);
    await NfcManager.setTimeout(5000);
    expect(await NfcManager.getTimeout()).toBe(5000);
    const r = await NfcManager.transceive([0x00, 0xa4, 0x04, 0x0c, 0x0a, ...JPKI_AP]);
    expect(r.slice(-2)).toEqual([0x90, 0x00]);
    expect(await NfcManager.sendCommandAPDUIOS([0x00]).catch((e) => e)).toBe('not implemented');
    await NfcManager.cancelTechnologyRequest();
  });
}

// The card moved off the antenna mid-read, then presented again: `mynakit serve`'s control
// endpoint (MYNAKIT_CONTROL, docs/serve.md) removes and re-inserts it.
const control = process.env.MYNAKIT_CONTROL;
(control ? test : test.skip)(`${platform}: a card moved away fails as the native module says, and reads again when re-presented`, async () => {
  const post = async (path, body) => {
    const r = await fetch(`http://${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
    expect(r.ok).toBe(true);
  };
  await NfcManager.requestTechnology(NfcTech.IsoDep);
  const select = [0x00, 0xa4, 0x04, 0x0c, 0x0a, ...JPKI_AP];
  expect((await NfcManager.isoDepHandler.transceive(select)).slice(-2)).toEqual([0x90, 0x00]);
  await post('/readers/0/remove');
  const err = await NfcManager.isoDepHandler.transceive(select).catch((e) => e);
  if (platform === 'ios') {
    expect(err).toBeInstanceOf(NfcError.TagConnectionLost);
  } else {
    expect(err).toBeInstanceOf(NfcError.NfcErrorBase);
    expect(err.message).toBe('transceive fail');
  }
  await NfcManager.cancelTechnologyRequest();
  await post('/readers/0/insert', { persona: 'employee' });
  const read = await readMyNumberCard({ pin });
  expect(read.birthDate).toMatch(/^\d{8}$/);
});
