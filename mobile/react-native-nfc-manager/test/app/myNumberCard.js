'use strict';
// Card-reading code written as a React Native My Number app writes it against
// react-native-nfc-manager (no public RN app reading this card with that module was found; see
// docs/mobile.md, "Adapters"). It is the code under test: it imports the real module's name, and
// Jest's moduleNameMapper (jest.config.js) swaps in mynakit's relay adapter. Nothing in it knows
// about mynakit.
//
// Card facts: JPKI AP and 券面事項入力補助 AP AIDs, EF ids and the EF 0002 record layout as in
// docs/card-records.md; the iOS AID list as the public iOS readers' Info.plist files have it.

const NfcManagerModule = require('react-native-nfc-manager');

const NfcManager = NfcManagerModule.default;
const { NfcTech } = NfcManagerModule;

const JPKI_AP = [0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
const KENHOJO_AP = [0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
const EF_AUTH_CERT = [0x00, 0x0a];
const EF_KENHOJO_PIN = [0x00, 0x11];
const EF_KENHOJO_BASIC4 = [0x00, 0x02];

class CardError extends Error {
  constructor(step, sw) {
    super(`${step}: SW ${sw.toString(16).toUpperCase().padStart(4, '0')}`);
    this.sw = sw;
  }
}

class WrongPin extends Error {
  constructor(triesLeft) {
    super(`wrong PIN, ${triesLeft} tries left`);
    this.triesLeft = triesLeft;
  }
}

async function transmit(step, apdu, { allow = [] } = {}) {
  const r = await NfcManager.isoDepHandler.transceive(apdu);
  const sw = (r[r.length - 2] << 8) | r[r.length - 1];
  if (sw !== 0x9000 && !allow.includes(sw & 0xfff0)) throw new CardError(step, sw);
  return { data: r.slice(0, -2), sw };
}

const selectDf = (aid) => transmit('SELECT DF', [0x00, 0xa4, 0x04, 0x0c, aid.length, ...aid]);
const selectEf = (fid) => transmit('SELECT EF', [0x00, 0xa4, 0x02, 0x0c, 0x02, ...fid]);

/** READ BINARY of `length` bytes from `offset`: one extended-Le read when the phone can,
 * else short reads of at most 256 bytes (Le 00). */
async function readBinary(offset, length, extended) {
  const out = [];
  while (out.length < length) {
    const at = offset + out.length;
    const want = length - out.length;
    const apdu = extended && want > 256
      ? [0x00, 0xb0, (at >> 8) & 0x7f, at & 0xff, 0x00, (want >> 8) & 0xff, want & 0xff]
      : [0x00, 0xb0, (at >> 8) & 0x7f, at & 0xff, want >= 256 ? 0x00 : want];
    const { data } = await transmit('READ BINARY', apdu);
    if (data.length === 0) break;
    out.push(...data);
  }
  return out;
}

/** The DER length of a certificate from its first 4 bytes (30 82 HH LL). */
function derTotalLength(head) {
  if (head[0] !== 0x30 || head[1] !== 0x82) throw new Error('not a DER certificate');
  return 4 + ((head[2] << 8) | head[3]);
}

// The module has getMaxTransceiveLength on Android only (index.d.ts), as apps use it.
const isIOS = () => typeof NfcManager.getMaxTransceiveLength !== 'function';

async function readAuthCertificate() {
  await selectDf(JPKI_AP);
  await selectEf(EF_AUTH_CERT);
  const head = await readBinary(0, 4, false);
  const total = derTotalLength(head);
  if (isIOS()) {
    // NFCISO7816APDU with expectedResponseLength = the whole certificate (extended Le)
    const r = await NfcManager.sendCommandAPDUIOS({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, data: [], le: total });
    if (r.sw1 !== 0x90 || r.sw2 !== 0x00) throw new CardError('READ BINARY', (r.sw1 << 8) | r.sw2);
    return Buffer.from(r.response);
  }
  // Android: a phone without extended-length support reports 261
  const extended = (await NfcManager.getMaxTransceiveLength()) > 261;
  return Buffer.from(await readBinary(0, total, extended));
}

function berLength(bytes, i) {
  const first = bytes[i];
  if (first < 0x80) return [first, i + 1];
  const n = first & 0x7f;
  let len = 0;
  for (let k = 0; k < n; k += 1) len = (len << 8) | bytes[i + 1 + k];
  return [len, i + 1 + n];
}

/** EF 0002: FF 20 <len> { DF21 offsets, DF22 name, DF23 address, DF24 birth, DF25 sex }. */
function parseBasic4(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0x20) throw new Error('EF 0002 is not FF 20');
  const [bodyLen, start] = berLength(bytes, 2);
  const items = {};
  let i = start;
  const end = start + bodyLen;
  const decoder = new TextDecoder('utf-8');
  while (i < end) {
    const tag = (bytes[i] << 8) | bytes[i + 1];
    const [len, at] = berLength(bytes, i + 2);
    const value = bytes.slice(at, at + len);
    if (tag === 0xdf22) items.name = decoder.decode(Uint8Array.from(value));
    if (tag === 0xdf23) items.address = decoder.decode(Uint8Array.from(value));
    if (tag === 0xdf24) items.birthDate = decoder.decode(Uint8Array.from(value));
    if (tag === 0xdf25) items.sex = decoder.decode(Uint8Array.from(value));
    i = at + len;
  }
  return items;
}

async function readBasic4(pin) {
  await selectDf(KENHOJO_AP);
  await selectEf(EF_KENHOJO_PIN);
  const tries = await transmit('VERIFY (tries)', [0x00, 0x20, 0x00, 0x80], { allow: [0x63c0] });
  if (tries.sw === 0x63c0) throw new WrongPin(0);
  const digits = Array.from(Buffer.from(pin, 'ascii'));
  const v = await transmit('VERIFY', [0x00, 0x20, 0x00, 0x80, digits.length, ...digits], { allow: [0x63c0] });
  if ((v.sw & 0xfff0) === 0x63c0) throw new WrongPin(v.sw & 0x0f);
  await selectEf(EF_KENHOJO_BASIC4);
  const head = await readBinary(0, 5, false);
  const [bodyLen, start] = berLength(head, 2);
  return parseBasic4(await readBinary(0, start + bodyLen, false));
}

/** One reading session, as the app's 読み取り button runs it. */
async function readMyNumberCard({ pin }) {
  await NfcManager.start();
  try {
    await NfcManager.requestTechnology(NfcTech.IsoDep, {
      alertMessage: 'マイナンバーカードをスマートフォンにかざしてください',
    });
    const tag = await NfcManager.getTag();
    const certificate = await readAuthCertificate();
    const basic4 = await readBasic4(pin);
    return { tag, certificate, ...basic4 };
  } finally {
    await NfcManager.cancelTechnologyRequest();
  }
}

module.exports = { readMyNumberCard, readAuthCertificate, CardError, WrongPin, JPKI_AP, KENHOJO_AP };
