/* The rules of docs/client-protocol.md, "From the answer to the outcome", and its table of the
 * fields to show. */
#include "answer.h"

#include <string.h>

/* The codes of a certificate or signature the service refused: the card's fault
 * (docs/service.md, "Result codes"). */
static const char *const CARD_CODES[] = {"MOCK-E111", "MOCK-E112", "MOCK-E113",
                                         "MOCK-E114", "MOCK-E115", "MOCK-E121", NULL};

/* The 資格情報 a result screen shows. */
static const char *const ELIGIBLE[] = {
    "QualificationValidity", "InsuredCardClassification", "InsurerNumber", "InsurerName",
    "InsuredCardSymbol", "InsuredIdentificationNumber", "InsuredBranchNumber",
    "PersonalFamilyClassification", "Name", "NameKana", "Sex1", "Birthdate", "Address",
    "QualificationDate", "InsuredPartialContributionRatio", "ElderlyRecipientCertificateDate",
    "ElderlyRecipientValidStartDate", "ElderlyRecipientValidEndDate",
    "ElderlyRecipientContributionRatio", "LimitApplicationCertificateRelatedConsFlg",
    "LimitApplicationCertificateRelatedConsTime", "LimitApplicationCertificateClassification",
    "LimitApplicationCertificateClassificationFlag", "LimitApplicationCertificateDate",
    "LimitApplicationCertificateValidStartDate", "LimitApplicationCertificateValidEndDate",
    "LimitApplicationCertificateLongTermDate", "SpecificDiseasesDiseaseCategory",
    "SpecificDiseasesCertificateDate", "SpecificDiseasesValidStartDate",
    "SpecificDiseasesValidEndDate", "SpecificDiseasesSelfPay", "ReferenceNumber", NULL};

/* Screen E-05-A (医療扶助), with the 裏面記載情報 when the answer carries them. */
static const char *const MEDICAL_ASSISTANCE[] = {
    "QualificationValidity", "InsuredCardClassification", "InsurerNumber", "InsurerName",
    "InsuredIdentificationNumber", "Name", "NameKana", "Birthdate", "Sex1", "NameOfOther",
    "NameOfOtherKana", "Sex2", NULL};

static const char *const INELIGIBLE[] = {"QualificationValidity", "DisqualificationDate",
                                         "ReasonOfLoss", NULL};

/* Screen E-05-A's 裏面記載情報, and its keeping of a lost record, began with the notice of
 * 2025-04-15 (docs/rules.md, "What began when"). */
static const char *const BACK_OF_CARD[] = {"NameOfOther", "NameOfOtherKana", "Sex2", NULL};

const char *member(json_t *object, const char *name)
{
    return json_string_value(json_object_get(object, name));
}

static int listed(const char *const *names, const char *name)
{
    for (; *names != NULL; names++)
        if (strcmp(*names, name) == 0)
            return 1;
    return 0;
}

/* Every leaf string of `node` by element name into `flat`; of a repeated block, the first. */
static void flatten(json_t *node, json_t *flat, int depth)
{
    if (depth > 16)
        return;
    if (json_is_array(node)) {
        if (json_array_size(node) > 0)
            flatten(json_array_get(node, 0), flat, depth + 1);
        return;
    }
    const char *key;
    json_t *value;
    json_object_foreach(node, key, value) {
        if (json_is_string(value)) {
            if (json_object_get(flat, key) == NULL)
                json_object_set(flat, key, value);
        } else {
            flatten(value, flat, depth + 1);
        }
    }
}

/* The first ResultOfQualificationConfirmation, flattened. */
static json_t *record(json_t *answer)
{
    json_t *flat = json_object();
    json_t *list = json_object_get(json_object_get(json_object_get(answer, "MessageBody"),
                                                   "ResultList"),
                                   "ResultOfQualificationConfirmation");
    if (json_is_array(list))
        list = json_array_get(list, 0);
    if (json_is_object(list))
        flatten(list, flat, 0);
    return flat;
}

static int equal(const char *a, const char *b)
{
    return a != NULL && strcmp(a, b) == 0;
}

const char *answer_outcome(json_t *answer)
{
    json_t *header = json_object_get(answer, "MessageHeader");
    json_t *body = json_object_get(answer, "MessageBody");
    if (!equal(member(header, "SegmentOfResult"), "1")) {
        const char *code = member(header, "ErrorCode");
        for (const char *const *c = CARD_CODES; code != NULL && *c != NULL; c++)
            if (strcmp(*c, code) == 0)
                return "card-error";
        return "service-error";
    }
    if (equal(member(body, "ProcessingResultStatus"), "2"))
        return equal(member(body, "ProcessingResultCode"), "MOCK-E201") ? "not-registered"
                                                                        : "ineligible";
    const char *validity = member(body, "QualificationValidity");
    json_t *flat = record(answer);
    int a1 = equal(member(flat, "InsuredCardClassification"), "A1");
    json_decref(flat);
    if ((equal(validity, "1") || equal(validity, "6")) && a1)
        return "medical-assistance";
    if (equal(validity, "1"))
        return "eligible";
    if (equal(validity, "2") || equal(validity, "3") || equal(validity, "4") ||
        equal(validity, "5"))
        return "ineligible";
    return "service-error";
}

/* `names` of `flat` into `fields`, those present and not empty, skipping the back of the card
 * before E-05-A began. */
static void take(json_t *fields, json_t *flat, const char *const *names, int before_e05a)
{
    for (; *names != NULL; names++) {
        const char *value = member(flat, *names);
        if (value != NULL && value[0] != '\0' && !(before_e05a && listed(BACK_OF_CARD, *names)))
            json_object_set_new(fields, *names, json_string(value));
    }
}

json_t *answer_fields(json_t *answer, const char *outcome, int before_e05a)
{
    json_t *header = json_object_get(answer, "MessageHeader");
    json_t *body = json_object_get(answer, "MessageBody");
    json_t *flat = record(answer);
    json_t *fields = json_object();
    const char *validity = member(body, "QualificationValidity");
    if (validity != NULL && json_object_get(flat, "QualificationValidity") == NULL)
        json_object_set_new(flat, "QualificationValidity", json_string(validity));
    int paid = strcmp(outcome, "eligible") == 0 || strcmp(outcome, "medical-assistance") == 0;
    if (strcmp(outcome, "eligible") == 0) {
        take(fields, flat, ELIGIBLE, before_e05a);
    } else if (strcmp(outcome, "medical-assistance") == 0) {
        take(fields, flat, MEDICAL_ASSISTANCE, before_e05a);
    } else if (strcmp(outcome, "ineligible") == 0) {
        /* A lost 医療扶助 record: E-05-A still shows who and which 福祉事務所. */
        if (equal(member(flat, "InsuredCardClassification"), "A1")) {
            static const char *const A1[] = {"InsuredCardClassification", NULL};
            take(fields, flat, before_e05a ? A1 : MEDICAL_ASSISTANCE, before_e05a);
        }
        take(fields, flat, INELIGIBLE, before_e05a);
    }
    const char *prescription = member(body, "PrescriptionIssueSelect");
    if (paid && prescription != NULL && prescription[0] != '\0')
        json_object_set_new(fields, "PrescriptionIssueSelect", json_string(prescription));
    /* The person's code (not registered, not re-linked), or a warning on a success. */
    const char *code = member(body, "ProcessingResultCode");
    if (code != NULL && code[0] != '\0' &&
        (paid || strcmp(outcome, "ineligible") == 0 || strcmp(outcome, "not-registered") == 0))
        json_object_set_new(fields, "ProcessingResultCode", json_string(code));
    const char *error = member(header, "ErrorCode");
    if (error != NULL && error[0] != '\0' &&
        (strcmp(outcome, "card-error") == 0 || strcmp(outcome, "service-error") == 0))
        json_object_set_new(fields, "ErrorCode", json_string(error));
    json_decref(flat);
    return fields;
}

const char *answer_text(json_t *answer)
{
    const char *text = member(json_object_get(answer, "MessageBody"), "ProcessingResultMessage");
    if (text == NULL)
        text = member(json_object_get(answer, "MessageHeader"), "ErrorMessage");
    return text;
}
