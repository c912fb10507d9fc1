#!/usr/bin/env node
'use strict';
// A starter eligibility app (the card-app role, PIN and 目視 modes, 保険証利用登録) for mynakit,
// written from mynakit's docs: quick-start.md, client-protocol.md, card.md, service.md.
// Node.js 18 or newer; one package, @pokusew/pcsclite, for PC/SC (`npm ci` in this folder once).
//
//   mynakit run bundled --client "node $PWD/client.js" --capabilities capabilities.yaml
//
// It speaks the client protocol as JSON lines: stdout is the protocol (nothing else may go
// there), stderr the log. A PIN travels in the `pin` answer only: never logged, never kept.

const readline = require('readline');

const { Card, CardError, PinFirst } = require('./card');
const { Service, ServiceError } = require('./service');
const { outcomeOf, screenFields, message } = require('./results');

// YOUR APP: your product's name and exact version, as every report shows them.
const CLIENT = 'mynakit-node-starter';
const VERSION = '0.1.0';
// What it claims (docs/client-protocol.md, "Capabilities"); a `--capabilities` file wins.
const CAPABILITIES = { role: 'card-app', modes: ['pin', 'visual'], flows: ['registration'] };
const CARD_WAIT_MS = 5000;
const RETRY_BACKOFF_MS = [400, 800]; // two repeats by itself, then the staff decide

function log(text) {
  process.stderr.write(`[${CLIENT}] ${text}\n`);
}

/** The check is over: the result line to send. */
class Finish extends Error {
  constructor(outcome, fields, text) {
    super(outcome);
    Object.assign(this, { outcome, fields, text });
  }
}

/** The operator pressed cancel. */
class Cancelled extends Error {}

/** The harness sent `error` or closed stdin: exit without a result. */
class HarnessEnded extends Error {}

// -- the protocol -----------------------------------------------------------------------------

class Protocol {
  constructor() {
    this.lines = [];
    this.waiting = null;
    this.closed = false;
    this.n = 0;
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    rl.on('line', (line) => this.arrived(line));
    rl.on('close', () => {
      this.closed = true;
      this.arrived(null);
    });
  }

  arrived(line) {
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = null;
      wake(line);
    } else if (line !== null) {
      this.lines.push(line);
    }
  }

  send(msg) {
    process.stdout.write(`${JSON.stringify(msg)}\n`);
  }

  async recv() {
    const line = this.lines.length ? this.lines.shift()
      : this.closed ? null : await new Promise((resolve) => { this.waiting = resolve; });
    if (line === null) {
      throw new HarnessEnded('stdin closed');
    }
    const msg = JSON.parse(line);
    if (msg.type === 'error') {
      throw new HarnessEnded(msg.text || '');
    }
    return msg;
  }

  /** Sends an ask and waits for its answer; a `cancel` throws Cancelled. */
  async ask(type, fields = {}) {
    this.n += 1;
    const id = `${type[0]}${this.n}`;
    this.send({ type, id, ...fields });
    const answer = await this.recv();
    if (answer.type === 'cancel') {
      throw new Cancelled();
    }
    if (answer.type !== type || answer.id !== id) {
      throw new HarnessEnded(`unexpected answer to ${id}: ${answer.type}`);
    }
    return answer;
  }

  // YOUR APP: what your screen shows. Call it wherever your screen changes; mynakit judges it.
  display(shown) {
    this.send({ type: 'display', ...shown });
  }
}

// -- the check --------------------------------------------------------------------------------

class App {
  constructor(protocol) {
    this.p = protocol;
    const limit = Number(process.env.MYNAKIT_TIMEOUT_SECS || '60') * 1000;
    this.deadline = Date.now() + Math.max(limit - 5000, limit / 2);
    this.service = new Service(log);
    this.facility = process.env.MYNAKIT_FACILITY_CODE;
    // "Today" is the date of the scenario clock in its own offset (JST).
    const clock = process.env.MYNAKIT_CLOCK;
    this.today = clock ? clock.slice(0, 10).replace(/-/g, '') : undefined;
    // The first days the run set for the app's dated starts (docs/rules.md, "What began
    // when"): MYNAKIT_BEGAN, NAME=YYYY-MM-DD, comma-separated.
    this.began = {};
    for (const item of (process.env.MYNAKIT_BEGAN || '').split(',')) {
      const at = item.indexOf('=');
      if (at > 0) this.began[item.slice(0, at)] = item.slice(at + 1);
    }
    this.card = null;
    this.certificate = null;
    this.mode = null;
    this.limitConsent = undefined;
  }

  left() {
    return this.deadline - Date.now();
  }

  /** Whether "today" is before the dated start `start` of the app, `firstDay` unless the run set another. */
  before(start, firstDay) {
    const day = (this.began[start] || firstDay).replace(/-/g, '');
    return this.today !== undefined && this.today < day;
  }

  async run() {
    this.p.send({ type: 'hello', protocol: 1, client: CLIENT, version: VERSION, capabilities: CAPABILITIES });
    const welcome = await this.p.recv();
    if (welcome.type !== 'welcome') {
      throw new HarnessEnded(`expected welcome, got ${welcome.type}`);
    }
    let result;
    try {
      result = await this.check();
    } catch (e) {
      if (e instanceof Finish) {
        result = e;
      } else if (e instanceof Cancelled) {
        result = { outcome: 'cancelled', text: 'キャンセルしました' };
      } else if (e instanceof CardError) {
        result = { outcome: 'card-error', text: `カードを読み取れません（${e.message}）` };
      } else {
        throw e;
      }
    }
    await this.releaseCard();
    // 医療扶助 whose 医療券 for the month is not registered yet (QualificationValidity 6): covered,
    // and the staff check the paper 医療券 (docs/client-protocol.md, "Fallbacks").
    if (result.outcome === 'medical-assistance' && (result.fields || {}).QualificationValidity === '6') {
      this.p.send({ type: 'fallback', offered: ['medical-ticket'], text: '今月の医療券はまだ登録されていません（未委託・未登録）。紙の医療券を確認してください' });
    }
    const line = { type: 'result', outcome: result.outcome };
    if (result.fields && Object.keys(result.fields).length) line.fields = result.fields;
    if (result.text) line.text = result.text;
    this.p.send(line);
  }

  async check() {
    this.mode = (await this.p.ask('mode', { offered: CAPABILITIES.modes })).mode;
    await this.readCard();
    // Asked every time: required under the rules of 2021-03-04, allowed since (docs/rules.md).
    this.limitConsent = Boolean((await this.p.ask('consent', { topic: 'limit-application' })).granted);
    let answer = await this.confirmation();
    let outcome = outcomeOf(answer);
    if (outcome === 'not-registered') {
      this.p.display({ outcome, text: '保険証利用登録がされていません' });
      if (this.before('app-registration', '2025-04-15')) {
        // The app offers 保険証利用登録 from 2025-04-15 (事務連絡 2025-04-15, docs/rules.md).
        throw new Finish('not-registered', screenFields(answer, outcome), '保険証利用登録がされていません。マイナポータル等で登録してください');
      }
      if (this.mode !== 'pin') {
        // Registration needs the card's signature, so the PIN (docs/client-protocol.md, 目視確認).
        await this.p.ask('confirm', { topic: 'register', text: '保険証利用登録には暗証番号での確認が必要です。暗証番号モードで登録しますか？' });
        throw new Finish('not-registered', undefined, '保険証利用登録がされていません。暗証番号モードで登録してください');
      }
      answer = await this.register();
      outcome = outcomeOf(answer);
    }
    return { outcome, fields: screenFields(answer, outcome, this.limitConsent), text: message(answer) };
  }

  /** The card: wait for it, read the auth certificate; then the PIN, or the photo compared. */
  async readCard() {
    const reader = process.env.MYNAKIT_READER;
    if (!reader) {
      throw new Finish('card-error', undefined, 'カードリーダーが設定されていません');
    }
    const wait = Math.max(0, Math.min(CARD_WAIT_MS, this.left()));
    this.card = await Card.open(reader, wait, (text) => this.p.display({ text }), log);
    this.p.display({ text: 'カードを読み取っています' });
    await this.card.selectAp();
    try {
      this.certificate = await this.card.readAuthCertificate();
    } catch (e) {
      // An Android phone gives its certificate only after the PIN (docs/card.md, "Phone
      // profiles"); in 目視 mode no PIN may be sent, so the staff look at the マイナポータル.
      if (!(e instanceof PinFirst) || !(await this.card.isAndroidPhone())) throw e;
      if (this.mode !== 'pin') {
        this.p.send({ type: 'fallback', offered: ['myna-portal'], text: 'Android のスマートフォンは暗証番号なしでは読み取れません。マイナポータルの資格情報画面を確認してください' });
        throw new Finish('cancelled', undefined, 'スマートフォンは目視確認では読み取れません');
      }
      await this.verifyPin();
      this.certificate = await this.card.readAuthCertificate();
      return;
    }
    if (this.mode === 'pin') {
      await this.verifyPin();
    } else {
      // 目視確認: the staff compare the card's photo with the patient before anything is shown.
      const seen = await this.p.ask('confirm', { topic: 'photo-match', text: 'マイナンバーカードの顔写真とご本人が同一人物であることを目視で確認してください' });
      if (!seen.yes) {
        throw new Finish('cancelled', undefined, '目視確認でご本人と確認できませんでした');
      }
    }
  }

  /**
   * Asks the PIN until it verifies: the tries left read first, one VERIFY per PIN typed. On a
   * reader with a PIN pad the patient types it there instead, and no `pin` is asked.
   */
  async verifyPin() {
    const pad = await this.card.pinPad();
    if (pad !== null) {
      return this.verifyOnPad(pad);
    }
    let tries = await this.card.authPinTries();
    if (tries === 0) {
      throw new Finish('pin-locked', undefined, '暗証番号がロックされています。目視確認を選ぶか、市区町村窓口で初期化してください');
    }
    for (;;) {
      if (tries === 1) {
        this.p.display({ tries_left: 1, text: '暗証番号の残り回数が1回です。間違えるとロックされます' });
      }
      // YOUR APP: the PIN typed on your screen. Hand it to the card and forget it.
      const { pin } = await this.p.ask('pin', { pin: 'auth', tries_left: tries });
      if (typeof pin !== 'string' || !/^[0-9]{4}$/.test(pin)) {
        // Wrong for sure: never sent to the card.
        this.p.display({ tries_left: tries, text: '暗証番号は数字4桁です。もう一度入力してください' });
        continue;
      }
      const after = await this.card.verifyAuthPin(pin);
      if (after < 0) {
        this.p.display({ text: '暗証番号を確認しました' });
        return;
      }
      if (after === 0) {
        throw new Finish('pin-locked', undefined, '暗証番号がロックされました。市区町村窓口で初期化してください');
      }
      tries = after;
      this.p.display({ outcome: 'pin-incorrect', tries_left: tries, text: `暗証番号が違います（残り${tries}回）` });
    }
  }

  /** The PIN typed on the reader's pad, one entry per VERIFY (docs/client-protocol.md). */
  async verifyOnPad(code) {
    let tries = await this.card.authPinTries();
    for (;;) {
      if (tries === 0) {
        throw new Finish('pin-locked', undefined, '暗証番号がロックされています。市区町村窓口で初期化してください');
      }
      this.p.display({ tries_left: tries, text: `暗証番号を読取機のテンキーで入力してください（残り${tries}回）` });
      const after = await this.card.verifyAuthPinOnPad(code);
      if (after === -1) {
        this.p.display({ text: '暗証番号を確認しました' });
        return;
      }
      if (after === -2) {
        throw new Finish('cancelled', undefined, '暗証番号の入力が取り消されました');
      }
      tries = after;
      if (tries > 0) {
        this.p.display({ outcome: 'pin-incorrect', tries_left: tries, text: `暗証番号が違います（残り${tries}回）` });
      }
    }
  }

  /** A fresh challenge from the service, signed by the card (PIN mode). */
  async proof() {
    const challenge = await this.service.request('POST', '/v1/challenges');
    const bytes = Buffer.from(challenge.challenge, 'base64');
    let signature = await this.card.sign(bytes);
    if (signature === null) {
      // 6982: the PIN is no longer verified; the patient types it again.
      await this.verifyPin();
      signature = await this.card.sign(bytes);
      if (signature === null) {
        throw new CardError('signature refused (6982) after VERIFY');
      }
    }
    return { challenge_id: challenge.challenge_id, signature: signature.toString('base64') };
  }

  /**
   * `attempt` (a whole exchange, a fresh challenge included) until it answers: a transient
   * failure is repeated twice by itself, 400 and 800 ms later, then the staff are asked.
   */
  async withRetries(attempt) {
    for (;;) {
      let last = null;
      for (let i = 0; i <= RETRY_BACKOFF_MS.length && this.left() > 500; i++) {
        try {
          return await attempt();
        } catch (e) {
          if (!(e instanceof ServiceError)) throw e;
          log(`service: ${e.message}`);
          last = e;
          if (!e.transient) {
            throw new Finish('service-error', undefined, `資格確認サービスを利用できません（${e.message}）`);
          }
          if (i < RETRY_BACKOFF_MS.length) {
            if (this.left() <= RETRY_BACKOFF_MS[i] + 1000) break;
            await new Promise((r) => setTimeout(r, RETRY_BACKOFF_MS[i]));
          }
        }
      }
      const text = '資格確認サービスに接続できません。資格確認書等で確認してください';
      if (last === null || this.left() < 12000) {
        throw new Finish('service-error', undefined, text);
      }
      this.p.display({ outcome: 'service-error', text });
      if (!(await this.p.ask('confirm', { topic: 'retry', text: 'もう一度照会しますか？' })).yes) {
        throw new Finish('service-error', undefined, text);
      }
    }
  }

  confirmation() {
    this.p.display({ text: '資格情報を照会しています' });
    return this.withRetries(async () => {
      const body = { mode: this.mode, certificate: this.certificate.toString('base64') };
      if (this.mode === 'pin') Object.assign(body, await this.proof());
      if (this.facility) body.medical_institution_code = this.facility;
      if (this.today) body.qualification_confirmation_date = this.today;
      if (this.limitConsent !== undefined) body.limit_application_consent = this.limitConsent;
      return this.service.request('POST', '/v1/confirmations', body);
    });
  }

  /**
   * 保険証利用登録 (PIN mode): confirm → the terms shown → consent → a signed registration →
   * `registered` shown → the check again (docs/service.md, "Registration").
   */
  async register() {
    if (!(await this.p.ask('confirm', { topic: 'register', text: '保険証利用登録をしますか？' })).yes) {
      throw new Finish('not-registered', undefined, '保険証利用登録がされていません');
    }
    for (let round = 0; ; round++) {
      const terms = await this.withRetries(() => this.service.request('GET', '/v1/terms'));
      this.p.display({ text: terms.text || '' });
      const consent = await this.p.ask('consent', { topic: 'terms', terms_version: terms.version });
      if (!consent.granted) {
        throw new Finish('not-registered', undefined, '利用規約に同意されなかったため登録していません');
      }
      const answer = await this.withRetries(async () => this.service.request('POST', '/v1/registrations', {
        mode: 'pin', certificate: this.certificate.toString('base64'),
        terms_version: terms.version, consent: true, ...(await this.proof()),
      }));
      const header = answer.MessageHeader || {};
      if (header.ErrorCode === 'MOCK-E211' && round === 0) {
        continue; // the terms were revised meanwhile: show them again, ask again
      }
      if (header.SegmentOfResult !== '1') {
        throw new Finish(outcomeOf(answer), screenFields(answer, outcomeOf(answer)), header.ErrorMessage);
      }
      break;
    }
    this.p.display({ outcome: 'registered', text: '保険証利用登録が完了しました。資格確認を行います' });
    const again = await this.confirmation();
    if (outcomeOf(again) === 'not-registered') {
      throw new Finish('registered', undefined, '保険証利用登録が完了しました。後ほど再度資格確認を行ってください');
    }
    return again;
  }

  /** The card powered off before the result: a verified PIN ends with it. */
  async releaseCard() {
    if (this.card) {
      await this.card.release();
      this.card = null;
    }
  }
}

async function main() {
  const app = new App(new Protocol());
  try {
    await app.run();
  } catch (e) {
    if (!(e instanceof HarnessEnded)) {
      log(`stopped: ${e.stack || e}`);
      process.exitCode = 1;
    } else {
      log(`ended: ${e.message}`);
    }
    await app.releaseCard();
  }
  // stdout is a pipe: written synchronously on Linux, so nothing is lost by exiting now. The
  // PC/SC package's reader watchers are not closed first: closing one can wait on pcscd for
  // good when it races with the watcher's start, and the exit ends them anyway.
  process.exit();
}

main();
