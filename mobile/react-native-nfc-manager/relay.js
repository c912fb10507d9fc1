'use strict';
// The client side of mynakit's NFC relay (docs/mobile.md): one TCP connection, one JSON object
// per line. Shared by this package's `react-native-nfc-manager` facade; nothing here knows about
// React Native. Node's `net` only: no dependencies.

const net = require('net');

const MAX_LINE = 256 * 1024; // the relay's own limit (docs/mobile.md, "Framing")
const BUSY_WAIT_MS = 200; // docs/mobile.md, "Connecting again"
const BUSY_TRIES = 25; // 5 s: longer than any conversation the harness still holds

/** A relay error that is not an answer to one transceive (`error` frames, a closed socket). */
class RelayError extends Error {
  constructor(code, message) {
    super(`mynakit relay: ${code}: ${message}`);
    this.code = code;
  }
}

function parseAddress(addr) {
  const m = /^(.*):(\d+)$/.exec(addr || '');
  if (!m) {
    throw new RelayError('config', `MYNAKIT_RELAY must be HOST:PORT, got ${JSON.stringify(addr)}`);
  }
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

const hexOf = (bytes) => Buffer.from(bytes).toString('hex').toUpperCase();
const bytesOf = (hex) => Array.from(Buffer.from(hex, 'hex'));

/**
 * One app's NFC adapter on the relay. Events arrive in order; `next(types)` waits for the next
 * unsolicited event of one of the given types, transceive results go to their waiting promise.
 */
class RelayConnection {
  constructor({ address, token, app, platform, selectIdentifiers, answerDeadlineMs }) {
    this.address = address;
    this.token = token;
    this.app = app || 'mynakit react-native-nfc-manager adapter';
    this.platform = platform;
    this.selectIdentifiers = selectIdentifiers;
    this.answerDeadlineMs = answerDeadlineMs || 15000;
    this.socket = null;
    this.buffer = '';
    this.pending = new Map(); // transceive id -> {resolve, reject, timer}
    this.nextId = 1;
    this.events = []; // unsolicited events not yet taken
    this.waiters = []; // {types, resolve, reject, timer}
    this.closed = null; // RelayError once the connection is gone
    this.welcome = null;
    this.listeners = []; // called with every unsolicited event
  }

  /** Connects and says hello. The relay may still hold the previous app's conversation for a
   * moment after it closed: `busy` is answered by waiting 0.2 s and connecting again
   * (docs/mobile.md, "Connecting again"), for at most `BUSY_TRIES` tries. */
  async open() {
    if (this.welcome) return this.welcome;
    if (!this.token) throw new RelayError('config', 'MYNAKIT_RELAY_TOKEN is not set');
    for (let tries = 1; ; tries += 1) {
      try {
        return await this._openOnce();
      } catch (e) {
        if (!(e instanceof RelayError) || e.code !== 'busy' || tries >= BUSY_TRIES) throw e;
        this._reset();
        await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
      }
    }
  }

  /** Forgets a refused connection so that `open` can start again. */
  _reset() {
    if (this.socket) this.socket.destroy();
    this.socket = null;
    this.buffer = '';
    this.events = [];
    this.closed = null;
  }

  async _openOnce() {
    const { host, port } = parseAddress(this.address);
    const socket = net.createConnection({ host, port });
    this.socket = socket;
    socket.setEncoding('utf8');
    // Never keep a test runner's process alive on its own: the app's awaits do that.
    socket.unref();
    // A refused (`busy`) socket's late events must not touch the next connection.
    const current = (f) => (...args) => (this.socket === socket ? f(...args) : undefined);
    socket.on('data', current((chunk) => this._onData(chunk)));
    socket.on('error', current((e) => this._fail(new RelayError('io', e.message))));
    socket.on('close', current(() => this._fail(new RelayError('closed', 'the relay closed the connection'))));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch((e) => {
      throw new RelayError('io', `cannot connect to ${this.address}: ${e.message}`);
    });
    const hello = { type: 'hello', token: this.token, app: this.app, platform: this.platform, protocol: 1 };
    if (this.platform === 'ios' && this.selectIdentifiers) hello.select_identifiers = this.selectIdentifiers;
    this.send(hello);
    this.welcome = await this.next(['welcome']);
    return this.welcome;
  }

  send(obj) {
    if (this.closed) throw this.closed;
    this.socket.write(`${JSON.stringify(obj)}\n`);
  }

  /** Sends one command APDU; resolves with the whole response (data + SW) as bytes, or rejects
   * with `{relayError: code, message}` as the relay's `transceive-error` says. */
  transceive(bytes, deadlineMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(this.closed);
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RelayError('no-answer', `no answer to transceive ${id} within ${deadlineMs} ms`));
      }, deadlineMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ type: 'transceive', id, apdu: hexOf(bytes) });
    });
  }

  /** The next unsolicited event whose type is in `types` (earlier events of other types are
   * kept for later callers). */
  next(types, deadlineMs = this.answerDeadlineMs) {
    const i = this.events.findIndex((e) => types.includes(e.type));
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(this.closed);
      const waiter = { types, resolve, reject, timer: null };
      if (deadlineMs !== Infinity) {
        waiter.timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new RelayError('no-answer', `no ${types.join(' or ')} within ${deadlineMs} ms`));
        }, deadlineMs);
      }
      this.waiters.push(waiter);
    });
  }

  /** Drops queued events of these types (stale `tag-lost` before a new reading session). */
  drop(types) {
    this.events = this.events.filter((e) => !types.includes(e.type));
  }

  close() {
    if (this.socket) this.socket.destroy();
    this._fail(new RelayError('closed', 'closed by the app'));
  }

  _onData(chunk) {
    this.buffer += chunk;
    if (this.buffer.length > MAX_LINE && !this.buffer.includes('\n')) {
      this._fail(new RelayError('frame-too-large', 'a line from the relay exceeds 256 KiB'));
      this.socket.destroy();
      return;
    }
    let nl;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() === '') continue;
      let msg;
      try {
        msg = JSON.parse(line);
      } catch (e) {
        this._fail(new RelayError('bad-frame', `${e.message}: ${line.slice(0, 80)}`));
        this.socket.destroy();
        return;
      }
      this._dispatch(msg);
    }
  }

  _dispatch(msg) {
    if (msg.type === 'transceive-result' || msg.type === 'transceive-error') {
      const p = this.pending.get(msg.id);
      if (!p) return; // an answer after our own deadline: already reported
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.type === 'transceive-result') p.resolve(bytesOf(msg.response));
      else p.reject({ relayError: msg.error, message: msg.message });
      return;
    }
    if (msg.type === 'error') {
      this._fail(new RelayError(msg.code, msg.message));
      return;
    }
    for (const l of this.listeners) l(msg);
    const w = this.waiters.find((x) => x.types.includes(msg.type));
    if (w) {
      this.waiters = this.waiters.filter((x) => x !== w);
      clearTimeout(w.timer);
      w.resolve(msg);
    } else {
      this.events.push(msg);
    }
  }

  _fail(err) {
    if (this.closed) return;
    this.closed = err;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiters = [];
  }
}

module.exports = { RelayConnection, RelayError, hexOf, bytesOf };
