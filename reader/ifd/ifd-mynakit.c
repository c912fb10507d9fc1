/*
 * ifd-mynakit: a pcsc-lite reader driver (IFD handler, API v3) that forwards everything to
 * mynakit over a Unix socket, so mynakit can be the reader as well as the card: report
 * presence, fail one command with a transport error, make the reader unavailable, and be a
 * PIN pad (PC/SC Part 10 FEATURE_VERIFY_PIN_DIRECT and FEATURE_MODIFY_PIN_DIRECT).
 *
 * The driver decides nothing. Each call becomes one request on the reader's socket (the
 * DEVICENAME of its reader.conf entry) and the answer's first byte becomes the IFD return code.
 * The wire format, the answer codes and why they map as they do: docs/reader.md, "The mynakit
 * reader driver". The driver interface: pcsc-lite's ifdhandler.h.
 *
 * Bounded by design: a request or answer is at most MAX_PAYLOAD bytes, every answer is checked
 * against the caller's buffer, and a socket that stays silent for REPLY_TIMEOUT_S seconds is
 * closed (the call fails with IFD_COMMUNICATION_ERROR), so pcscd never waits for ever.
 */

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <PCSC/ifdhandler.h>
#include <PCSC/reader.h>

#include "protocol.h"

/* pcscd gives each reader (reader.conf entry) its own upper 16 bits of the Lun. */
#define MAX_READERS 16
#define REPLY_TIMEOUT_S 30
/* The control code a client sends for our two features, as libccid builds them. */
#define CLASS2_IOCTL_MAGIC 0x330000
#define IOCTL_VERIFY_PIN_DIRECT SCARD_CTL_CODE(FEATURE_VERIFY_PIN_DIRECT + CLASS2_IOCTL_MAGIC)
#define IOCTL_MODIFY_PIN_DIRECT SCARD_CTL_CODE(FEATURE_MODIFY_PIN_DIRECT + CLASS2_IOCTL_MAGIC)
#define IOCTL_GET_TLV_PROPERTIES SCARD_CTL_CODE(FEATURE_GET_TLV_PROPERTIES + CLASS2_IOCTL_MAGIC)

struct reader {
	int used;
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned char atr[MAX_ATR_SIZE];
	size_t atr_len;
};

static struct reader readers[MAX_READERS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static struct reader *reader_of(DWORD lun)
{
	DWORD index = lun >> 16;

	if (index >= MAX_READERS || !readers[index].used)
		return NULL;
	return &readers[index];
}

static void hang_up(struct reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Connects when not connected: mynakit may have restarted its side meanwhile. */
static int connect_reader(struct reader *r)
{
	struct sockaddr_un addr;
	struct timeval timeout = { REPLY_TIMEOUT_S, 0 };

	if (r->fd >= 0)
		return 0;
	r->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (r->fd < 0)
		return -1;
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	memcpy(addr.sun_path, r->path, sizeof(addr.sun_path));
	if (setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) != 0
		|| setsockopt(r->fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout)) != 0
		|| connect(r->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		hang_up(r);
		return -1;
	}
	return 0;
}

static int send_all(int fd, const unsigned char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_all(int fd, unsigned char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = recv(fd, data, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * One request and its answer: OP and ARG out; the answer's code comes back, its data in OUT
 * (at most *OUT_LEN bytes, updated). Any failure of the socket, or an answer that does not fit,
 * is IFD_COMMUNICATION_ERROR, and the connection is closed so the next call starts clean.
 */
static RESPONSECODE exchange(struct reader *r, unsigned char op, const unsigned char *arg,
	size_t arg_len, unsigned char *out, size_t *out_len)
{
	static unsigned char buffer[2 + MAX_PAYLOAD];
	unsigned char header[3];
	size_t len;

	if (arg_len > MAX_PAYLOAD - 1 || connect_reader(r) != 0)
		return IFD_COMMUNICATION_ERROR;
	buffer[0] = (unsigned char)((arg_len + 1) >> 8);
	buffer[1] = (unsigned char)((arg_len + 1) & 0xFF);
	buffer[2] = op;
	if (arg_len > 0)
		memcpy(buffer + 3, arg, arg_len);
	if (send_all(r->fd, buffer, arg_len + 3) != 0 || recv_all(r->fd, header, 3) != 0)
		goto broken;
	len = ((size_t)header[0] << 8 | header[1]);
	if (len < 1)
		goto broken;
	len -= 1;
	if (len > (out_len ? *out_len : 0))
		goto broken;
	if (len > 0 && recv_all(r->fd, out, len) != 0)
		goto broken;
	if (out_len)
		*out_len = len;
	switch (header[2]) {
	case ANSWER_OK:
		return IFD_SUCCESS;
	case ANSWER_NO_CARD:
		return IFD_ICC_NOT_PRESENT;
	case ANSWER_TRANSPORT_ERROR:
		return IFD_COMMUNICATION_ERROR;
	case ANSWER_NO_DEVICE:
		return IFD_NO_SUCH_DEVICE;
	case ANSWER_NOT_SUPPORTED:
		return IFD_NOT_SUPPORTED;
	default:
		goto broken;
	}
broken:
	hang_up(r);
	return IFD_COMMUNICATION_ERROR;
}

/* exchange() under one lock: its buffer is shared, so calls (of every reader) go one by one. */
static pthread_mutex_t exchange_lock = PTHREAD_MUTEX_INITIALIZER;

static RESPONSECODE call(DWORD lun, unsigned char op, const unsigned char *arg, size_t arg_len,
	unsigned char *out, size_t *out_len)
{
	struct reader *r = reader_of(lun);
	RESPONSECODE rv;

	if (r == NULL)
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&exchange_lock);
	rv = exchange(r, op, arg, arg_len, out, out_len);
	pthread_mutex_unlock(&exchange_lock);
	return rv;
}

RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName)
{
	DWORD index = Lun >> 16;
	size_t len;
	struct reader *r;

	if (index >= MAX_READERS || DeviceName == NULL)
		return IFD_COMMUNICATION_ERROR;
	len = strlen(DeviceName);
	r = &readers[index];
	if (len == 0 || len >= sizeof(r->path))
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&table_lock);
	memset(r, 0, sizeof(*r));
	memcpy(r->path, DeviceName, len);
	r->fd = -1;
	r->used = 1;
	pthread_mutex_unlock(&table_lock);
	/* The channel exists even if mynakit is not listening yet: calls reconnect. */
	return IFD_SUCCESS;
}

RESPONSECODE IFDHCreateChannel(DWORD Lun, DWORD Channel)
{
	(void)Lun;
	(void)Channel;
	/* Only DEVICENAME (the socket path) says where mynakit is. */
	return IFD_COMMUNICATION_ERROR;
}

RESPONSECODE IFDHCloseChannel(DWORD Lun)
{
	struct reader *r = reader_of(Lun);

	if (r == NULL)
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&exchange_lock);
	hang_up(r);
	r->used = 0;
	pthread_mutex_unlock(&exchange_lock);
	return IFD_SUCCESS;
}

RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value)
{
	struct reader *r = reader_of(Lun);

	if (r == NULL || Length == NULL || Value == NULL)
		return IFD_COMMUNICATION_ERROR;
	switch (Tag) {
	case TAG_IFD_ATR:
		if (*Length < r->atr_len)
			return IFD_ERROR_INSUFFICIENT_BUFFER;
		memcpy(Value, r->atr, r->atr_len);
		*Length = (DWORD)r->atr_len;
		return IFD_SUCCESS;
	case TAG_IFD_SLOTS_NUMBER:
	case TAG_IFD_SLOT_THREAD_SAFE:
	case TAG_IFD_THREAD_SAFE:
		if (*Length < 1)
			return IFD_ERROR_INSUFFICIENT_BUFFER;
		/* one slot; calls for different readers are serialised by exchange_lock */
		Value[0] = (Tag == TAG_IFD_SLOTS_NUMBER) ? 1 : 0;
		*Length = 1;
		return IFD_SUCCESS;
	case TAG_IFD_SIMULTANEOUS_ACCESS:
		if (*Length < 1)
			return IFD_ERROR_INSUFFICIENT_BUFFER;
		Value[0] = MAX_READERS;
		*Length = 1;
		return IFD_SUCCESS;
	default:
		return IFD_ERROR_TAG;
	}
}

RESPONSECODE IFDHSetCapabilities(DWORD Lun, DWORD Tag, DWORD Length, PUCHAR Value)
{
	(void)Lun;
	(void)Tag;
	(void)Length;
	(void)Value;
	return IFD_NOT_SUPPORTED;
}

RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD Protocol, UCHAR Flags, UCHAR PTS1,
	UCHAR PTS2, UCHAR PTS3)
{
	(void)Flags;
	(void)PTS1;
	(void)PTS2;
	(void)PTS3;
	if (reader_of(Lun) == NULL)
		return IFD_COMMUNICATION_ERROR;
	/* APDUs travel whole over the socket: T=0 and T=1 are alike here, as with vpcd. */
	if (Protocol != SCARD_PROTOCOL_T0 && Protocol != SCARD_PROTOCOL_T1)
		return IFD_PROTOCOL_NOT_SUPPORTED;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength)
{
	struct reader *r = reader_of(Lun);
	unsigned char atr[MAX_ATR_SIZE];
	size_t len = sizeof(atr);
	unsigned char op;
	RESPONSECODE rv;

	if (r == NULL || AtrLength == NULL)
		return IFD_COMMUNICATION_ERROR;
	switch (Action) {
	case IFD_POWER_UP:
		op = OP_POWER_UP;
		break;
	case IFD_POWER_DOWN:
		op = OP_POWER_DOWN;
		break;
	case IFD_RESET:
		op = OP_RESET;
		break;
	default:
		return IFD_NOT_SUPPORTED;
	}
	rv = call(Lun, op, NULL, 0, atr, &len);
	if (rv != IFD_SUCCESS || Action == IFD_POWER_DOWN) {
		r->atr_len = 0;
		*AtrLength = 0;
		return rv == IFD_SUCCESS ? IFD_SUCCESS : IFD_ERROR_POWER_ACTION;
	}
	if (Atr == NULL || *AtrLength < len)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	memcpy(r->atr, atr, len);
	r->atr_len = len;
	memcpy(Atr, atr, len);
	*AtrLength = (DWORD)len;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci, PUCHAR TxBuffer,
	DWORD TxLength, PUCHAR RxBuffer, PDWORD RxLength, PSCARD_IO_HEADER RecvPci)
{
	size_t len;
	RESPONSECODE rv;

	(void)SendPci;
	if (TxBuffer == NULL || RxBuffer == NULL || RxLength == NULL)
		return IFD_COMMUNICATION_ERROR;
	len = *RxLength;
	rv = call(Lun, OP_TRANSMIT, TxBuffer, TxLength, RxBuffer, &len);
	*RxLength = rv == IFD_SUCCESS ? (DWORD)len : 0;
	if (RecvPci != NULL)
		RecvPci->Protocol = 1;
	return rv;
}

/* The Part 10 feature list: tag, length 4, the control code big-endian (PC/SC Part 10). */
static RESPONSECODE features(DWORD Lun, PUCHAR RxBuffer, DWORD RxLength, LPDWORD pdwBytesReturned)
{
	static const struct {
		unsigned char flag;
		unsigned char tag;
		DWORD code;
	} known[] = {
		{ PAD_VERIFY, FEATURE_VERIFY_PIN_DIRECT, IOCTL_VERIFY_PIN_DIRECT },
		{ PAD_MODIFY, FEATURE_MODIFY_PIN_DIRECT, IOCTL_MODIFY_PIN_DIRECT },
		{ PAD_PROPERTIES, FEATURE_GET_TLV_PROPERTIES, IOCTL_GET_TLV_PROPERTIES },
	};
	unsigned char pad = 0;
	size_t len = 1, at = 0, i;
	RESPONSECODE rv = call(Lun, OP_FEATURES, NULL, 0, &pad, &len);

	if (rv != IFD_SUCCESS)
		return rv;
	if (len == 0)
		pad = 0;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (!(pad & known[i].flag))
			continue;
		if (RxLength < at + 6)
			return IFD_ERROR_INSUFFICIENT_BUFFER;
		RxBuffer[at++] = known[i].tag;
		RxBuffer[at++] = 4;
		RxBuffer[at++] = (unsigned char)(known[i].code >> 24);
		RxBuffer[at++] = (unsigned char)(known[i].code >> 16);
		RxBuffer[at++] = (unsigned char)(known[i].code >> 8);
		RxBuffer[at++] = (unsigned char)known[i].code;
	}
	*pdwBytesReturned = (DWORD)at;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer, DWORD TxLength,
	PUCHAR RxBuffer, DWORD RxLength, LPDWORD pdwBytesReturned)
{
	size_t len = RxLength;
	unsigned char op;
	RESPONSECODE rv;

	if (pdwBytesReturned == NULL || (RxBuffer == NULL && RxLength > 0)
		|| (TxBuffer == NULL && TxLength > 0))
		return IFD_COMMUNICATION_ERROR;
	*pdwBytesReturned = 0;
	if (dwControlCode == CM_IOCTL_GET_FEATURE_REQUEST)
		return features(Lun, RxBuffer, RxLength, pdwBytesReturned);
	if (dwControlCode == IOCTL_VERIFY_PIN_DIRECT)
		op = OP_VERIFY_PIN;
	else if (dwControlCode == IOCTL_MODIFY_PIN_DIRECT)
		op = OP_MODIFY_PIN;
	else if (dwControlCode == IOCTL_GET_TLV_PROPERTIES)
		op = OP_PROPERTIES;
	else
		return IFD_ERROR_NOT_SUPPORTED;
	rv = call(Lun, op, TxBuffer, TxLength, RxBuffer, &len);
	if (rv == IFD_SUCCESS)
		*pdwBytesReturned = (DWORD)len;
	return rv;
}

RESPONSECODE IFDHICCPresence(DWORD Lun)
{
	RESPONSECODE rv = call(Lun, OP_PRESENCE, NULL, 0, NULL, NULL);

	/* ANSWER_OK is a card; ANSWER_NO_CARD none; anything else fails the poll (pcscd then
	 * shows the reader's state as unknown, or rescans for IFD_NO_SUCH_DEVICE). */
	return rv == IFD_SUCCESS ? IFD_ICC_PRESENT : rv;
}
