'use strict';
// From the service's OQS answer to the screen: the outcome and the fields shown (mynakit docs:
// client-protocol.md "From the answer to the outcome" and "Which fields to show").

// The card certificate's codes (unknown CA, not yet valid, expired, revoked, unsupported) and
// the signature's: the card could not be used.
const CARD_CODES = ['MOCK-E111', 'MOCK-E112', 'MOCK-E113', 'MOCK-E114', 'MOCK-E115', 'MOCK-E121'];
const NOT_REGISTERED = 'MOCK-E201';

const ELIGIBLE_FIELDS = [
  'QualificationValidity', 'InsuredCardClassification', 'InsurerNumber', 'InsurerName',
  'InsuredCardSymbol', 'InsuredIdentificationNumber', 'InsuredBranchNumber',
  'PersonalFamilyClassification', 'Name', 'NameKana', 'Sex1', 'Birthdate',
  'QualificationDate', 'InsuredPartialContributionRatio',
  'ElderlyRecipientCertificateDate', 'ElderlyRecipientValidStartDate',
  'ElderlyRecipientValidEndDate', 'ElderlyRecipientContributionRatio',
  'LimitApplicationCertificateClassification', 'LimitApplicationCertificateClassificationFlag',
  'LimitApplicationCertificateDate', 'LimitApplicationCertificateValidStartDate',
  'LimitApplicationCertificateValidEndDate', 'LimitApplicationCertificateLongTermDate',
  'SpecificDiseasesDiseaseCategory', 'SpecificDiseasesCertificateDate',
  'SpecificDiseasesValidStartDate', 'SpecificDiseasesValidEndDate', 'SpecificDiseasesSelfPay',
];
// Screen E-05-A (医療扶助), with the 裏面記載情報 when the answer carries them.
const MEDICAL_ASSISTANCE_FIELDS = [
  'QualificationValidity', 'InsuredCardClassification', 'InsurerNumber', 'InsurerName',
  'InsuredIdentificationNumber', 'Name', 'NameKana', 'Birthdate', 'Sex1',
  'NameOfOther', 'NameOfOtherKana', 'Sex2',
];
const INELIGIBLE_FIELDS = ['QualificationValidity', 'DisqualificationDate', 'ReasonOfLoss'];

/** The leaf strings of the first result record, by element name (a repeated block: its first). */
function record(answer) {
  const flat = {};
  const walk = (node) => {
    if (Array.isArray(node)) {
      if (node.length) walk(node[0]);
    } else if (node && typeof node === 'object') {
      for (const [name, value] of Object.entries(node)) {
        if (typeof value === 'string') {
          if (!(name in flat)) flat[name] = value;
        } else {
          walk(value);
        }
      }
    }
  };
  const list = ((answer.MessageBody || {}).ResultList || {}).ResultOfQualificationConfirmation;
  walk(Array.isArray(list) ? list[0] : list);
  return flat;
}

/** The outcome an answer means, by the protocol's table, in its order. */
function outcomeOf(answer) {
  const header = answer.MessageHeader || {};
  const body = answer.MessageBody || {};
  if (header.SegmentOfResult !== '1') {
    return CARD_CODES.includes(header.ErrorCode) ? 'card-error' : 'service-error';
  }
  if (body.ProcessingResultStatus === '2') {
    return body.ProcessingResultCode === NOT_REGISTERED ? 'not-registered' : 'ineligible';
  }
  const validity = body.QualificationValidity;
  if ((validity === '1' || validity === '6') && record(answer).InsuredCardClassification === 'A1') {
    return 'medical-assistance';
  }
  if (validity === '1') return 'eligible';
  if (['2', '3', '4', '5'].includes(validity)) return 'ineligible';
  return 'service-error'; // never guess "valid"
}

/**
 * The fields the screen shows for `outcome`, by their OQS names with the values as received.
 * `limitConsent` false: the patient refused the 限度額 data, so none of it is shown.
 */
function screenFields(answer, outcome, limitConsent) {
  const header = answer.MessageHeader || {};
  const body = answer.MessageBody || {};
  const rec = record(answer);
  if (body.QualificationValidity && !rec.QualificationValidity) {
    rec.QualificationValidity = body.QualificationValidity;
  }
  let names = [];
  if (outcome === 'eligible') {
    names = ELIGIBLE_FIELDS;
  } else if (outcome === 'medical-assistance') {
    names = MEDICAL_ASSISTANCE_FIELDS;
  } else if (outcome === 'ineligible' && rec.InsuredCardClassification === 'A1') {
    names = MEDICAL_ASSISTANCE_FIELDS.concat(INELIGIBLE_FIELDS); // a lost 医療扶助 record: E-05-A
  } else if (outcome === 'ineligible') {
    names = INELIGIBLE_FIELDS;
  }
  if (limitConsent === false) {
    names = names.filter((n) => !n.startsWith('LimitApplicationCertificate'));
  }
  const fields = {};
  for (const name of names) {
    if (rec[name]) fields[name] = rec[name];
  }
  if (outcome !== 'card-error' && outcome !== 'service-error' && body.ProcessingResultCode) {
    // a person not confirmed, or a warning on a normal result (shown with its code)
    fields.ProcessingResultCode = body.ProcessingResultCode;
  }
  if ((outcome === 'card-error' || outcome === 'service-error') && header.ErrorCode) {
    fields.ErrorCode = header.ErrorCode;
  }
  return fields;
}

/** What the answer says in words, if anything. */
function message(answer) {
  return (answer.MessageBody || {}).ProcessingResultMessage || (answer.MessageHeader || {}).ErrorMessage || undefined;
}

module.exports = { outcomeOf, screenFields, message };
