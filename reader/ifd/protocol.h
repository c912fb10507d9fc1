/*
 * The wire between ifd-mynakit and mynakit (docs/reader.md, "The mynakit reader driver").
 * Both directions: a 2-byte big-endian length, then that many bytes. A request's first byte
 * is its operation, the rest its argument; an answer's first byte is its code, the rest its
 * data. mynakit's side: reader/src/ifd/wire.rs, which must agree with every number here.
 */
#ifndef IFD_MYNAKIT_PROTOCOL_H
#define IFD_MYNAKIT_PROTOCOL_H

#define MAX_PAYLOAD 0xFFFF

/* Requests */
#define OP_PRESENCE 0x01   /* no argument; answer code only */
#define OP_POWER_UP 0x02   /* no argument; answer data: the ATR */
#define OP_POWER_DOWN 0x03 /* no argument; no answer data */
#define OP_RESET 0x04      /* no argument; answer data: the ATR */
#define OP_TRANSMIT 0x05   /* argument: the C-APDU; answer data: the R-APDU */
#define OP_FEATURES 0x06   /* no argument; answer data: one byte of PAD_* flags */
#define OP_VERIFY_PIN 0x07 /* argument: PIN_VERIFY_STRUCTURE; answer data: the R-APDU */
#define OP_MODIFY_PIN 0x08 /* argument: PIN_MODIFY_STRUCTURE; answer data: the R-APDU */
#define OP_PROPERTIES 0x09 /* no argument; answer data: the Part 10 TLV properties */

/* Answer codes, and the IFD return code each becomes */
#define ANSWER_OK 0x00              /* IFD_SUCCESS (IFD_ICC_PRESENT for OP_PRESENCE) */
#define ANSWER_NO_CARD 0x01         /* IFD_ICC_NOT_PRESENT */
#define ANSWER_TRANSPORT_ERROR 0x02 /* IFD_COMMUNICATION_ERROR */
#define ANSWER_NO_DEVICE 0x03       /* IFD_NO_SUCH_DEVICE */
#define ANSWER_NOT_SUPPORTED 0x04   /* IFD_NOT_SUPPORTED */

/* OP_FEATURES flags */
#define PAD_VERIFY 0x01 /* FEATURE_VERIFY_PIN_DIRECT */
#define PAD_MODIFY 0x02 /* FEATURE_MODIFY_PIN_DIRECT */
#define PAD_PROPERTIES 0x04 /* FEATURE_GET_TLV_PROPERTIES */

#endif
