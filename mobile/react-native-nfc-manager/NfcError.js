'use strict';
// The error classes and codes of react-native-nfc-manager 3.17.2 (`src/NfcError.js`, MIT,
// revtel/react-native-nfc-manager), with the same names and the same parsing of the native
// error strings, so that `instanceof NfcError.UserCancel` and `NfcErrorIOS.parse` behave in app
// code as they do on a phone.

class NfcErrorBase extends Error {}
class UnsupportedFeature extends NfcErrorBase {}
class SecurityViolation extends NfcErrorBase {}
class InvalidParameter extends NfcErrorBase {}
class InvalidParameterLength extends NfcErrorBase {}
class ParameterOutOfBound extends NfcErrorBase {}
class RadioDisabled extends NfcErrorBase {}
class TagConnectionLost extends NfcErrorBase {}
class RetryExceeded extends NfcErrorBase {}
class TagResponseError extends NfcErrorBase {}
class SessionInvalidated extends NfcErrorBase {}
class TagNotConnected extends NfcErrorBase {}
class PacketTooLong extends NfcErrorBase {}
class UserCancel extends NfcErrorBase {}
class Timeout extends NfcErrorBase {}
class Unexpected extends NfcErrorBase {}
class SystemBusy extends NfcErrorBase {}
class FirstNdefInvalid extends NfcErrorBase {}
class InvalidConfiguration extends NfcErrorBase {}
class TagNotWritable extends NfcErrorBase {}
class TagUpdateFailure extends NfcErrorBase {}
class TagSizeTooSmall extends NfcErrorBase {}
class ZeroLengthMessage extends NfcErrorBase {}

// Core NFC's NFCReaderError codes (developer.apple.com/documentation/corenfc/nfcreadererror).
const errCodes = {
  unknown: -1,
  unsupportedFeature: 1,
  securityViolation: 2,
  invalidParameter: 3,
  invalidParameterLength: 4,
  parameterOutOfBound: 5,
  radioDisabled: 6,
  tagConnectionLost: 100,
  retryExceeded: 101,
  tagResponseError: 102,
  sessionInvalidated: 103,
  tagNotConnected: 104,
  packetTooLong: 105,
  userCancel: 200,
  timeout: 201,
  unexpected: 202,
  systemBusy: 203,
  firstNdefInvalid: 204,
  invalidConfiguration: 300,
  tagNotWritable: 400,
  tagUpdateFailure: 401,
  tagSizeTooSmall: 402,
  zeroLengthMessage: 403,
};

const classOfCode = {
  1: UnsupportedFeature,
  2: SecurityViolation,
  3: InvalidParameter,
  4: InvalidParameterLength,
  5: ParameterOutOfBound,
  6: RadioDisabled,
  100: TagConnectionLost,
  101: RetryExceeded,
  102: TagResponseError,
  103: SessionInvalidated,
  104: TagNotConnected,
  105: PacketTooLong,
  200: UserCancel,
  201: Timeout,
  202: Unexpected,
  203: SystemBusy,
  204: FirstNdefInvalid,
  300: InvalidConfiguration,
  400: TagNotWritable,
  401: TagUpdateFailure,
  402: TagSizeTooSmall,
  403: ZeroLengthMessage,
};

const NfcErrorIOS = {
  errCodes,
  parse: (error) => {
    if (typeof error === 'string') {
      const [domainError] = error.split(',');
      if (domainError) {
        const [nfcError, nfcErrorCode] = domainError.split(':');
        if (nfcError === 'NFCError') return parseInt(nfcErrorCode, 10);
      }
    } else if (error instanceof UserCancel) {
      return errCodes.userCancel;
    }
    return errCodes.unknown;
  },
};

/** The native iOS module rejects with `"NFCError:<code>"` (its `getErrorMessage`); the JS side
 * turns that into one of the classes above. */
function buildNfcExceptionIOS(error) {
  const code = NfcErrorIOS.parse(error);
  const Cls = classOfCode[code];
  return Cls ? new Cls() : new NfcErrorBase(error);
}

/** The native Android module rejects with plain strings; only `"cancelled"` gets a class. */
function buildNfcExceptionAndroid(error) {
  if (error === 'cancelled') return new UserCancel();
  return new NfcErrorBase(error);
}

module.exports = {
  NfcErrorBase,
  UnsupportedFeature,
  SecurityViolation,
  InvalidParameter,
  InvalidParameterLength,
  ParameterOutOfBound,
  RadioDisabled,
  TagConnectionLost,
  RetryExceeded,
  TagResponseError,
  SessionInvalidated,
  TagNotConnected,
  PacketTooLong,
  UserCancel,
  Timeout,
  Unexpected,
  SystemBusy,
  FirstNdefInvalid,
  InvalidConfiguration,
  TagNotWritable,
  TagUpdateFailure,
  TagSizeTooSmall,
  ZeroLengthMessage,
  NfcErrorIOS,
  buildNfcExceptionIOS,
  buildNfcExceptionAndroid,
};
