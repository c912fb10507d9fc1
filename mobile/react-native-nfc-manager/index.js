'use strict';
// A drop-in for react-native-nfc-manager (npm, MIT; API of 3.17.2, `index.d.ts`) whose ISO-DEP
// surface talks to mynakit's NFC relay instead of a phone's NFC controller, so that an app's
// card-reading code runs unmodified under Node or Jest against mynakit's virtual My Number card.
// docs/mobile.md, "Adapters", says how to map the module in Jest and what each call sends.
//
// Configuration, from the environment (a harness-spawned test gets the first two):
//   MYNAKIT_RELAY              HOST:PORT of the relay
//   MYNAKIT_RELAY_TOKEN        the run's pairing token
//   MYNAKIT_RN_PLATFORM        android | ios (else react-native's Platform.OS, else android)
//   MYNAKIT_RN_SELECT_IDENTIFIERS  iOS: the Info.plist AID list, comma-separated hex
//   MYNAKIT_RN_DISCOVERY_TIMEOUT_MS  how long requestTechnology waits for a card (default 120000)
// or from `__mynakit.configure({...})` before the first call.

const { RelayConnection, RelayError, hexOf } = require('./relay');
const NfcError = require('./NfcError');

const {
  NfcErrorBase,
  UserCancel,
  buildNfcExceptionIOS,
  buildNfcExceptionAndroid,
  NfcErrorIOS,
} = NfcError;

const NfcTech = {
  Ndef: 'Ndef',
  NfcA: 'NfcA',
  NfcB: 'NfcB',
  NfcF: 'NfcF',
  NfcV: 'NfcV',
  IsoDep: 'IsoDep',
  MifareClassic: 'MifareClassic',
  MifareUltralight: 'MifareUltralight',
  MifareIOS: 'mifare',
  Iso15693IOS: 'iso15693',
  FelicaIOS: 'felica',
  NdefFormatable: 'NdefFormatable',
};

const NfcEvents = {
  DiscoverTag: 'NfcManagerDiscoverTag',
  DiscoverBackgroundTag: 'NfcManagerDiscoverBackgroundTag',
  SessionClosed: 'NfcManagerSessionClosed',
  StateChanged: 'NfcManagerStateChanged',
};

// android.nfc.NfcAdapter reader-mode flags (developer.android.com, NfcAdapter).
const NfcAdapter = {
  FLAG_READER_NFC_A: 0x1,
  FLAG_READER_NFC_B: 0x2,
  FLAG_READER_NFC_F: 0x4,
  FLAG_READER_NFC_V: 0x8,
  FLAG_READER_NFC_BARCODE: 0x10,
  FLAG_READER_SKIP_NDEF_CHECK: 0x80,
  FLAG_READER_NO_PLATFORM_SOUNDS: 0x100,
};

const NdefStatus = { NotSupported: 1, ReadWrite: 2, ReadOnly: 3 };

const DEFAULT_OPTIONS = {
  alertMessage: 'Please tap NFC tags',
  invalidateAfterFirstRead: false,
  isReaderModeEnabled: false,
  readerModeFlags: 0,
  readerModeDelay: 250,
};

// What the relay's transceive-error codes become on iOS (NFCReaderError codes, docs/mobile.md).
const IOS_CODE_OF_RELAY_ERROR = {
  'tag-lost': 100,
  timeout: 101,
  'too-long': 105,
  'no-extended-length': 105,
  'security-violation': 2,
  'not-connected': 104,
};
const IOS_CODE_OF_SESSION_END = { 'user-cancelled': 200, timeout: 201, system: 202 };

function detectPlatform() {
  const env = process.env.MYNAKIT_RN_PLATFORM;
  if (env === 'android' || env === 'ios') return env;
  if (env) throw new RelayError('config', `MYNAKIT_RN_PLATFORM must be android or ios, got ${JSON.stringify(env)}`);
  try {
    // eslint-disable-next-line global-require
    const os = require('react-native').Platform.OS;
    if (os === 'android' || os === 'ios') return os;
  } catch (_) {
    // no react-native here: plain Node
  }
  return 'android';
}

/** Encodes `{cla, ins, p1, p2, data, le}` as NFCISO7816APDU does (developer.apple.com,
 * NFCISO7816APDU init): le -1 = no Le; 1..256 short (256 = 00) unless data or le need
 * extended; 65536 = extended 00 00. */
function encodeApduIOS({ cla, ins, p1, p2, data = [], le = -1 }) {
  const extended = data.length > 255 || le > 256;
  const out = [cla, ins, p1, p2];
  if (data.length > 0) {
    if (extended) out.push(0x00, (data.length >> 8) & 0xff, data.length & 0xff);
    else out.push(data.length);
    out.push(...data);
  }
  if (le !== -1 && le !== undefined && le !== null) {
    if (extended) {
      if (data.length === 0) out.push(0x00);
      out.push((le >> 8) & 0xff, le & 0xff); // 65536 -> 00 00
    } else {
      out.push(le & 0xff); // 256 -> 00
    }
  }
  return out;
}

class RelayNfcManager {
  constructor(platform) {
    this._config = {};
    this._platform = platform;
    this._relay = null;
    this._listeners = {};
    this._tag = null; // the tag-discovered payload of the current tech request
    this._techRequested = false;
    this._reading = false;
    this._tagLost = false;
    this._timeoutMs = 618;
    this._isoDepHandler = {
      transceive: (bytes) => this._transceiveHandler(bytes),
    };
  }

  // ---- mynakit's own (not in react-native-nfc-manager) ----

  _configure(options) {
    if (this._relay) throw new RelayError('config', 'configure() must come before the first NFC call');
    this._config = { ...this._config, ...options };
  }

  get _os() {
    return this._platform;
  }

  async _connection() {
    if (this._relay && this._relay.closed) this._relay = null;
    if (!this._relay) {
      const sel = this._config.selectIdentifiers
        || (process.env.MYNAKIT_RN_SELECT_IDENTIFIERS || '').split(',').map((s) => s.trim()).filter(Boolean);
      this._relay = new RelayConnection({
        address: this._config.relay || process.env.MYNAKIT_RELAY,
        token: this._config.token || process.env.MYNAKIT_RELAY_TOKEN,
        app: this._config.app,
        platform: this._os,
        selectIdentifiers: sel.length ? sel : undefined,
      });
      this._relay.listeners.push((ev) => this._onEvent(ev));
    }
    await this._relay.open();
    return this._relay;
  }

  _close() {
    if (this._relay) this._relay.close();
    this._relay = null;
    this._tag = null;
    this._techRequested = false;
    this._reading = false;
  }

  _onEvent(ev) {
    if (ev.type === 'tag-lost') this._tagLost = true;
    if (ev.type === 'tag-discovered') this._tagLost = false;
    if (ev.type === 'tag-discovered' && !this._techRequested) {
      const cb = this._listeners[NfcEvents.DiscoverTag];
      if (cb) cb(this._tagObject(ev.tag));
    } else if (ev.type === 'session-ended') {
      this._reading = false;
      const cb = this._listeners[NfcEvents.SessionClosed];
      if (cb && this._os === 'ios') {
        const err = buildNfcExceptionIOS(`NFCError:${IOS_CODE_OF_SESSION_END[ev.reason] || 202}`);
        cb(err instanceof UserCancel ? null : err);
      }
    }
  }

  _fail(reason) {
    // the native modules reject with strings; the JS layer converts them per platform
    return this._os === 'ios' ? buildNfcExceptionIOS(reason) : buildNfcExceptionAndroid(reason);
  }

  _tagObject(tag) {
    if (this._os === 'ios') {
      const atqb = Buffer.from(tag.atqb || '', 'hex');
      return {
        tech: 'IsoDep',
        id: tag.id.toUpperCase(),
        initialSelectedAID: tag.initial_selected_aid ? tag.initial_selected_aid.toUpperCase() : '',
        historicalBytes: tag.historical_bytes ? Array.from(Buffer.from(tag.historical_bytes, 'hex')) : [],
        // ATQB: 50, PUPI (4), application data (4), protocol info (3) (ISO/IEC 14443-3)
        applicationData: Array.from(atqb.subarray(5, 9)),
      };
    }
    return {
      id: tag.id.toUpperCase(),
      techTypes: (tag.tech || []).map((t) => `android.nfc.tech.${t}`),
    };
  }

  // ---- the common API (NfcManagerBase) ----

  async start() {
    await this._connection();
  }

  async isSupported() {
    return true;
  }

  async isEnabled() {
    return true;
  }

  setEventListener(name, callback) {
    if (!Object.values(NfcEvents).includes(name)) throw new Error('no such event');
    this._listeners[name] = callback;
  }

  async registerTagEvent(options = {}) {
    const relay = await this._connection();
    const opts = { ...DEFAULT_OPTIONS, ...options };
    relay.send({ type: 'start-reading', alert: opts.alertMessage });
    this._reading = true;
  }

  async unregisterTagEvent() {
    await this._stopReading();
  }

  async getTag() {
    if (!this._techRequested) throw this._fail('no tech request available');
    if (!this._tag) throw this._fail('no reference available');
    return this._tagObject(this._tag);
  }

  get isoDepHandler() {
    return this._isoDepHandler;
  }

  async requestTechnology(tech, options = {}) {
    const techs = typeof tech === 'string' ? [tech] : tech;
    const opts = { ...DEFAULT_OPTIONS, ...options };
    if (!techs.includes(NfcTech.IsoDep) && !techs.includes(NfcTech.NfcB)) {
      // The card is ISO 14443 Type B with ISO-DEP: a phone would wait for ever.
      throw new NfcErrorBase(`mynakit relay: the My Number card offers IsoDep and NfcB only, not ${techs.join(', ')}`);
    }
    if (this._os === 'android' && opts.isReaderModeEnabled && opts.readerModeFlags
        && !(opts.readerModeFlags & NfcAdapter.FLAG_READER_NFC_B)) {
      throw new NfcErrorBase('mynakit relay: reader mode without FLAG_READER_NFC_B never discovers the My Number card (ISO 14443 Type B)');
    }
    const relay = await this._connection();
    relay.drop(['tag-discovered', 'tag-lost', 'session-ended', 'stopped']);
    relay.send({ type: 'start-reading', alert: opts.alertMessage });
    this._reading = true;
    this._techRequested = true;
    this._tag = null;
    this._timeoutMs = 618;
    const wait = Number(this._config.discoveryTimeoutMs || process.env.MYNAKIT_RN_DISCOVERY_TIMEOUT_MS || 120000);
    const ev = await relay.next(['tag-discovered', 'session-ended'], wait);
    if (ev.type === 'session-ended') {
      this._techRequested = false;
      this._reading = false;
      if (this._os === 'ios') throw buildNfcExceptionIOS(`NFCError:${IOS_CODE_OF_SESSION_END[ev.reason] || 202}`);
      throw buildNfcExceptionAndroid('cancelled');
    }
    this._tag = ev.tag;
    this._timeoutMs = ev.tag.timeout_ms || 618;
    return techs.includes(NfcTech.IsoDep) ? NfcTech.IsoDep : NfcTech.NfcB;
  }

  async cancelTechnologyRequest(options = {}) {
    const { throwOnError = false } = options;
    try {
      await this._stopReading();
    } catch (e) {
      if (throwOnError) throw e;
    }
  }

  async _stopReading() {
    this._techRequested = false;
    this._tag = null;
    if (!this._relay || this._relay.closed) return;
    const relay = this._relay;
    relay.drop(['stopped']);
    relay.send({ type: 'stop-reading' });
    this._reading = false;
    await relay.next(['stopped']);
    relay.drop(['tag-discovered', 'tag-lost', 'session-ended']);
  }

  async _transceiveHandler(bytes) {
    if (!Array.isArray(bytes)) {
      throw new Error('IsoDepHandler.transceive only takes input as a byte array');
    }
    return this._transceive(bytes);
  }

  async _transceive(bytes) {
    if (!this._techRequested) {
      // the native modules' texts: NfcManager.java ERR_NO_TECH_REQ, NfcManager+IsoDep.m
      throw this._fail(this._os === 'ios' ? 'Not even registered' : 'no tech request available');
    }
    const relay = await this._connection();
    try {
      return await relay.transceive(bytes, this._timeoutMs + 10000);
    } catch (e) {
      if (!e || !e.relayError) throw e;
      if (e.relayError === 'tag-lost') this._tagLost = true;
      // a command after the card left: Core NFC reports the lost connection, not "not connected"
      const relayError = e.relayError === 'not-connected' && this._tagLost ? 'tag-lost' : e.relayError;
      if (this._os === 'ios') throw buildNfcExceptionIOS(`NFCError:${IOS_CODE_OF_RELAY_ERROR[relayError] || 102}`);
      // NfcManager.java's transceive: every exception (TagLostException included) becomes this
      throw buildNfcExceptionAndroid('transceive fail');
    }
  }
}

class RelayNfcManagerAndroid extends RelayNfcManager {
  async setTimeout(timeout) {
    const relay = await this._connection();
    relay.send({ type: 'set-timeout', ms: timeout });
    this._timeoutMs = timeout;
  }

  async getTimeout() {
    return this._timeoutMs;
  }

  async connect() {
    await this._connection();
  }

  async close() {}

  async transceive(bytes) {
    return this._transceive(bytes);
  }

  async getMaxTransceiveLength() {
    if (!this._techRequested || !this._tag) throw this._fail('no tech request available');
    return this._tag.max_transceive;
  }

  async getBackgroundTag() {
    return null;
  }

  async clearBackgroundTag() {}

  async getLaunchTagEvent() {
    return null;
  }

  async goToNfcSetting() {
    return true;
  }
}

class RelayNfcManagerIOS extends RelayNfcManager {
  async restartTechnologyRequestIOS() {
    const relay = await this._connection();
    relay.send({ type: 'stop-reading' });
    await relay.next(['stopped']);
    return this.requestTechnology(NfcTech.IsoDep);
  }

  async setAlertMessage() {}

  async setAlertMessageIOS() {}

  async invalidateSessionIOS() {
    await this._stopReading();
  }

  async invalidateSessionWithErrorIOS() {
    await this._stopReading();
  }

  async isSessionAvailableIOS() {
    return this._reading;
  }

  async isTagSessionAvailableIOS() {
    return this._reading;
  }

  async getBackgroundNdef() {
    return null;
  }

  /** `NFCISO7816Tag.sendCommand(apdu:)`: bytes (`init(data:)`) or `{cla, ins, p1, p2, data, le}`;
   * resolves `{response, sw1, sw2}`. */
  async sendCommandAPDUIOS(bytesOrApdu) {
    const bytes = Array.isArray(bytesOrApdu) ? bytesOrApdu : encodeApduIOS(bytesOrApdu);
    const r = await this._transceive(bytes);
    return { response: r.slice(0, -2), sw1: r[r.length - 2], sw2: r[r.length - 1] };
  }
}

// Chosen once, at load, as react-native-nfc-manager picks its class by Platform.OS.
const manager = detectPlatform() === 'ios' ? new RelayNfcManagerIOS('ios') : new RelayNfcManagerAndroid('android');

// Android's Platform check of sendCommandAPDUIOS: reject as the real module does.
if (!(manager instanceof RelayNfcManagerIOS)) {
  manager.sendCommandAPDUIOS = () => Promise.reject('not implemented');
}

module.exports = {
  __esModule: true,
  default: manager,
  NfcTech,
  NfcEvents,
  NfcAdapter,
  NdefStatus,
  NfcError,
  NfcErrorIOS,
  /** mynakit's own: `configure({relay, token, selectIdentifiers, app,
   * discoveryTimeoutMs})` before the first call; `close()` ends the relay connection. */
  __mynakit: {
    configure: (options) => manager._configure(options),
    close: () => manager._close(),
    encodeApduIOS,
    hexOf,
  },
};
