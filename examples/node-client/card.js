'use strict';
// The My Number card's JPKI AP over PC/SC (mynakit docs: quick-start "The card", card.md).
//
// YOUR APP: the card side. This file reads the card through the npm package @pokusew/pcsclite
// (libpcsclite underneath, so PCSCLITE_CSOCK_NAME, which mynakit sets, finds its pcscd). Plug
// your own card code in here: what the rest of the client needs is `Card.open`, and on the
// card `readAuthCertificate`, `authPinTries`, `verifyAuthPin`, `sign` and `release`.

const crypto = require('crypto');
const pcsclite = require('@pokusew/pcsclite');

const JPKI_AID = Buffer.from('D392F000260100000001', 'hex');
const EF_AUTH_CERT = Buffer.from('000A', 'hex'); // 利用者証明用電子証明書
const EF_AUTH_PIN = Buffer.from('0018', 'hex');
const EF_AUTH_KEY = Buffer.from('0017', 'hex');
const EF_TOKEN = Buffer.from('0006', 'hex');
// The token label an Android phone's JPKI AP holds in EF 0006 (docs/card.md, "Phone profiles").
const ANDROID_TOKEN = 'JPKIAPGPSETOKEN';
// PC/SC Part 10: CM_IOCTL_GET_FEATURE_REQUEST, and the tag of FEATURE_VERIFY_PIN_DIRECT.
const GET_FEATURE_REQUEST = 3400;
const FEATURE_VERIFY_PIN_DIRECT = 0x06;
// PIN_VERIFY_STRUCTURE (docs/reference-client.md, "PIN pads"): 30 s timeouts, ASCII, the PIN the
// whole data field, 4 to 4 digits, the validation key, one message, Japanese, no prologue,
// then the VERIFY of the auth PIN without its data.
const PIN_VERIFY_STRUCTURE = Buffer.from([
  30, 30, 0x02, 0x00, 0x00, 4, 4, 0x02, 0x01, 0x11, 0x04, 0x00, 0, 0, 0,
  4, 0, 0, 0, 0x00, 0x20, 0x00, 0x80,
]);
// The DER DigestInfo prefix of SHA-256 (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const MAX_ANSWER = 4096;

/** The card cannot be used: removed, an error status, an empty answer, a PC/SC error. */
class CardError extends Error {}

/** The certificate's read answered 6982: this token wants the PIN first (an Android phone). */
class PinFirst extends CardError {}

/** The PC/SC status code at the end of the package's error text, e.g. `…(0x8010000b)`. */
function pcscCode(error) {
  const m = /\(0x([0-9a-f]{8})\)\s*$/i.exec(String(error && error.message));
  return m ? parseInt(m[1], 16) : null;
}

const SCARD_E_SHARING_VIOLATION = 0x8010000b;

function hex(bytes) {
  return Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ').toUpperCase();
}

class Card {
  /**
   * Waits (at most `waitMs`) for a card in the reader named `readerName`, connects to it
   * (shared, T=0 or T=1) and returns it. `display(text)` tells the staff what to do meanwhile.
   * While another program holds the reader exclusively, connecting is tried again every
   * 200 ms for at most 5 s (docs/client-protocol.md, "Another program may hold the reader").
   */
  static async open(readerName, waitMs, display, log) {
    const card = new Card(pcsclite(), log);
    card.reader = await card.findReader(readerName, waitMs, display);
    card.protocol = await card.connectWhenFree(display);
    return card;
  }

  constructor(pcsc, log) {
    this.pcsc = pcsc;
    this.log = log;
    this.reader = null;
    this.protocol = null;
    // The package watches every reader in a thread of its own and reports their errors as
    // events: an event nobody listens to would end the process.
    pcsc.on('error', (e) => log(`PC/SC: ${e.message}`));
    pcsc.on('reader', (reader) => reader.on('error', (e) => log(`${reader.name}: ${e.message}`)));
  }

  /** The reader named `name` once it shows a card; a display line asks for the card if needed. */
  findReader(name, waitMs, display) {
    return new Promise((resolve, reject) => {
      let asked = false;
      const timer = setTimeout(() => {
        reject(new CardError(asked ? 'no card was placed in the reader' : `reader not found: ${name}`));
      }, waitMs);
      const watch = (reader) => {
        if (reader.name !== name) {
          return;
        }
        reader.on('status', (status) => {
          if (status.state & reader.SCARD_STATE_PRESENT) {
            clearTimeout(timer);
            resolve(reader);
          } else if (!asked) {
            asked = true;
            display('カードをリーダーに置いてください');
          }
        });
      };
      this.pcsc.on('reader', watch);
    });
  }

  async connectWhenFree(display) {
    const started = Date.now();
    let told = false;
    for (;;) {
      try {
        return await new Promise((resolve, reject) => {
          this.reader.connect({ share_mode: this.reader.SCARD_SHARE_SHARED }, (err, protocol) =>
            err ? reject(err) : resolve(protocol));
        });
      } catch (e) {
        if (pcscCode(e) !== SCARD_E_SHARING_VIOLATION) {
          throw new CardError(`cannot connect to the card (${e.message})`);
        }
        if (!told) {
          told = true;
          display('カードリーダーを他のソフトが使用中です。使用が終わるまでお待ちください');
        }
        if (Date.now() - started >= 5000) {
          throw new CardError('another program holds the card reader');
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** One command as sent, its answer (data and status word) as received. */
  raw(apdu) {
    return new Promise((resolve, reject) => {
      this.reader.transmit(apdu, MAX_ANSWER, this.protocol, (err, answer) => {
        if (err) {
          reject(new CardError(`PC/SC: ${err.message}`));
        } else if (answer.length < 2) {
          // A card always answers SW1 SW2: none is a card pulled mid-command.
          reject(new CardError('the card gave no answer (removed mid-command)'));
        } else {
          resolve(answer);
        }
      });
    });
  }

  /**
   * One command, with 6Cxx (send again with that Le) and 61xx (GET RESPONSE) resolved below it
   * (ISO/IEC 7816-4 §5.1.3). `secret`: the command's data is a PIN and never logged.
   */
  async send(apdu, secret = false) {
    let answer = await this.raw(apdu);
    let sw1 = answer[answer.length - 2];
    let sw2 = answer[answer.length - 1];
    if (sw1 === 0x6c) {
      const again = apdu.length <= 5
        ? Buffer.concat([apdu.subarray(0, 4), Buffer.from([sw2])])
        : Buffer.concat([apdu.subarray(0, 5 + apdu[4]), Buffer.from([sw2])]);
      answer = await this.raw(again);
      sw1 = answer[answer.length - 2];
      sw2 = answer[answer.length - 1];
    }
    let data = answer.subarray(0, answer.length - 2);
    for (let rounds = 0; sw1 === 0x61 && rounds < 32; rounds++) {
      const more = await this.raw(Buffer.from([0x00, 0xc0, 0x00, 0x00, sw2]));
      data = Buffer.concat([data, more.subarray(0, more.length - 2)]);
      sw1 = more[more.length - 2];
      sw2 = more[more.length - 1];
    }
    const word = (sw1 << 8) | sw2;
    const shown = secret ? `${hex(apdu.subarray(0, 5))} <PIN>` : hex(apdu.subarray(0, Math.min(apdu.length, 5)));
    this.log(`APDU ${shown} -> ${word.toString(16).toUpperCase()} (${data.length} bytes)`);
    return { data, sw1, sw2, word };
  }

  async expectOk(apdu, what) {
    const r = await this.send(apdu);
    if (r.word !== 0x9000) {
      throw new CardError(`${what}: status ${r.word.toString(16).toUpperCase()}`);
    }
    return r;
  }

  async selectAp() {
    const r = await this.send(Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x0c, JPKI_AID.length]), JPKI_AID]));
    if (r.word !== 0x9000) {
      throw new CardError(`not a My Number card (SELECT JPKI AP: ${r.word.toString(16).toUpperCase()})`);
    }
  }

  selectEf(fid, what) {
    return this.expectOk(Buffer.concat([Buffer.from([0x00, 0xa4, 0x02, 0x0c, 0x02]), fid]), `SELECT ${what}`);
  }

  /**
   * EF 000A (the JPKI AP selected) to its exact DER length, in chunks of at most 256 bytes with
   * short Le. PinFirst when the token wants the PIN before it.
   */
  async readAuthCertificate() {
    await this.selectEf(EF_AUTH_CERT, 'EF 000A');
    const first = await this.send(Buffer.from([0x00, 0xb0, 0x00, 0x00, 0x04]));
    if (first.word === 0x6982) {
      throw new PinFirst('READ BINARY: status 6982');
    }
    if (first.word !== 0x9000) {
      throw new CardError(`READ BINARY: status ${first.word.toString(16).toUpperCase()}`);
    }
    const head = first.data;
    if (head.length < 2 || head[0] !== 0x30) {
      throw new CardError('the auth certificate is not a DER SEQUENCE');
    }
    let total;
    if (head[1] < 0x80) {
      total = 2 + head[1];
    } else {
      const n = head[1] & 0x7f;
      if ((n !== 1 && n !== 2) || head.length < 2 + n) {
        throw new CardError('unsupported certificate length');
      }
      total = 2 + n + head.readUIntBE(2, n);
    }
    let cert = head.subarray(0, total);
    while (cert.length < total) {
      const off = cert.length;
      const want = Math.min(256, total - off);
      const r = await this.send(Buffer.from([0x00, 0xb0, (off >> 8) & 0x7f, off & 0xff, want & 0xff]));
      if (r.word !== 0x9000 || r.data.length === 0) {
        throw new CardError(`READ BINARY at ${off}: status ${r.word.toString(16).toUpperCase()}`);
      }
      cert = Buffer.concat([cert, r.data.subarray(0, want)]);
    }
    return cert;
  }

  /** Whether the token is an Android phone's: EF 0006's label, padding stripped. */
  async isAndroidPhone() {
    await this.selectEf(EF_TOKEN, 'EF 0006');
    const label = (await this.expectOk(Buffer.from([0x00, 0xb0, 0x00, 0x00, 0x20]), 'READ BINARY')).data;
    return label.toString('latin1').replace(/[ \0]+$/, '') === ANDROID_TOKEN;
  }

  control(code, data) {
    return new Promise((resolve, reject) => {
      this.reader.control(data, code, 256, (err, answer) => (err ? reject(err) : resolve(answer)));
    });
  }

  /**
   * FEATURE_VERIFY_PIN_DIRECT's control code when the reader lists it in its features (TLVs: a
   * tag, length 4, a big-endian code), else null: a driver without control codes has no pad.
   */
  async pinPad() {
    let features;
    try {
      features = await this.control(this.reader.SCARD_CTL_CODE(GET_FEATURE_REQUEST), Buffer.alloc(0));
    } catch (e) {
      return null;
    }
    for (let i = 0; i + 2 <= features.length; i += 2 + features[i + 1]) {
      if (features[i] === FEATURE_VERIFY_PIN_DIRECT && features[i + 1] === 4 && i + 6 <= features.length) {
        return features.readUInt32BE(i + 2);
      }
    }
    return null;
  }

  /**
   * One VERIFY typed on the reader's pad (the PIN never reaches the computer): -1 when it
   * verified, the tries left after a wrong PIN, -2 when the entry was cancelled or timed out.
   */
  async verifyAuthPinOnPad(code) {
    await this.selectEf(EF_AUTH_PIN, 'EF 0018');
    let answer;
    try {
      answer = await this.control(code, PIN_VERIFY_STRUCTURE);
    } catch (e) {
      throw new CardError(`PIN pad: ${e.message}`);
    }
    if (answer.length < 2) {
      throw new CardError('PIN pad: no status word');
    }
    const [sw1, sw2] = [answer[answer.length - 2], answer[answer.length - 1]];
    const word = (sw1 << 8) | sw2;
    this.log(`PIN pad VERIFY -> ${word.toString(16).toUpperCase()}`);
    if (word === 0x9000) return -1;
    if (word === 0x6400 || word === 0x6401) return -2;
    if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return sw2 & 0x0f;
    if (word === 0x6984) return 0;
    throw new CardError(`PIN pad VERIFY: status ${word.toString(16).toUpperCase()}`);
  }

  /** The auth PIN's tries left from an empty VERIFY (63Cx; costs no try); 0 when blocked. */
  async authPinTries() {
    await this.selectEf(EF_AUTH_PIN, 'EF 0018');
    const r = await this.send(Buffer.from([0x00, 0x20, 0x00, 0x80]));
    if (r.sw1 === 0x63 && (r.sw2 & 0xf0) === 0xc0) {
      return r.sw2 & 0x0f;
    }
    if (r.word === 0x6984) {
      return 0;
    }
    throw new CardError(`PIN status: ${r.word.toString(16).toUpperCase()}`);
  }

  /** One VERIFY with the PIN typed: -1 when it verified, else the tries left (0: blocked). */
  async verifyAuthPin(pin) {
    await this.selectEf(EF_AUTH_PIN, 'EF 0018');
    const data = Buffer.from(pin, 'ascii');
    const r = await this.send(Buffer.concat([Buffer.from([0x00, 0x20, 0x00, 0x80, data.length]), data]), true);
    data.fill(0);
    if (r.word === 0x9000) {
      return -1;
    }
    if (r.sw1 === 0x63 && (r.sw2 & 0xf0) === 0xc0) {
      return r.sw2 & 0x0f;
    }
    if (r.word === 0x6984) {
      return 0;
    }
    throw new CardError(`VERIFY: status ${r.word.toString(16).toUpperCase()}`);
  }

  /**
   * RSASSA-PKCS1-v1_5 with the auth key over DigestInfo(SHA-256(challenge)); null when the card
   * answers 6982 (the PIN is no longer verified: ask it again).
   */
  async sign(challenge) {
    await this.selectEf(EF_AUTH_KEY, 'EF 0017');
    const digest = crypto.createHash('sha256').update(challenge).digest();
    const info = Buffer.concat([SHA256_DIGEST_INFO, digest]);
    const r = await this.send(Buffer.concat([Buffer.from([0x80, 0x2a, 0x00, 0x80, info.length]), info, Buffer.from([0x00])]));
    if (r.word === 0x6982) {
      return null;
    }
    if (r.word !== 0x9000 || r.data.length === 0) {
      throw new CardError(`signature: status ${r.word.toString(16).toUpperCase()}`);
    }
    return r.data;
  }

  /** Powers the card off (SCARD_UNPOWER_CARD: a verified PIN ends with it), before the result. */
  release() {
    return new Promise((resolve) => {
      if (!this.reader || !this.reader.connected) {
        resolve();
        return;
      }
      this.reader.disconnect(this.reader.SCARD_UNPOWER_CARD, (err) => {
        if (err) {
          this.log(`disconnect: ${err.message}`);
        }
        resolve();
      });
    });
  }
}

module.exports = { Card, CardError, PinFirst };
