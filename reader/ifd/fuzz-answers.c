/*
 * A randomised robustness check of ifd-mynakit against a hostile peer (`make check`, built with
 * AddressSanitizer and UndefinedBehaviorSanitizer): a forked server answers every request with
 * random frames (any length field, any code, short or cut-off data, or a closed connection),
 * and the driver is called through every entry point with buffers of random sizes. The driver
 * must never read or write out of bounds, never hang (the peer never stalls for long), and
 * return only IFD codes. The seed is fixed, so a failure repeats; MYNAKIT_IFD_FUZZ_ROUNDS sets
 * the number of calls (default 20000).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <PCSC/ifdhandler.h>
#include <PCSC/reader.h>

static unsigned int next_random(unsigned int *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 8) & 0xFFFFFF;
}

static void serve(int listener)
{
	unsigned int state = 7;
	unsigned char request[70000];
	unsigned char answer[1000];

	for (;;) {
		int fd = accept(listener, NULL, NULL);

		if (fd < 0)
			exit(0);
		for (;;) {
			unsigned char header[2];
			size_t len, i, body;

			if (recv(fd, header, 2, MSG_WAITALL) != 2)
				break;
			len = (size_t)header[0] << 8 | header[1];
			if (len > 0 && recv(fd, request, len, MSG_WAITALL) != (ssize_t)len)
				break;
			switch (next_random(&state) % 8) {
			case 0: /* a hang-up */
				goto next;
			case 1: /* a length field with nothing behind it */
				body = next_random(&state) % 0x10000;
				answer[0] = (unsigned char)(body >> 8);
				answer[1] = (unsigned char)body;
				if (send(fd, answer, 2, MSG_NOSIGNAL) != 2)
					goto next;
				goto next;
			default: /* a whole frame: random code and data, the length field honest */
				body = 1 + next_random(&state) % (sizeof(answer) - 2);
				answer[0] = (unsigned char)(body >> 8);
				answer[1] = (unsigned char)body;
				for (i = 0; i < body; i++)
					answer[2 + i] = (unsigned char)next_random(&state);
				answer[2] = (unsigned char)(answer[2] % 7);
				if (send(fd, answer, 2 + body, MSG_NOSIGNAL) != (ssize_t)(2 + body))
					goto next;
			}
		}
next:
		close(fd);
	}
}

static int known(RESPONSECODE rv)
{
	return rv == IFD_SUCCESS || (rv >= IFD_ERROR_TAG && rv <= IFD_ERROR_INSUFFICIENT_BUFFER);
}

int main(void)
{
	char path[108];
	struct sockaddr_un addr;
	int listener;
	pid_t server;
	unsigned int state = 11;
	long rounds = 20000, round;
	const char *env = getenv("MYNAKIT_IFD_FUZZ_ROUNDS");

	if (env != NULL)
		rounds = strtol(env, NULL, 10);
	snprintf(path, sizeof(path), "/tmp/ifd-mynakit-fuzz-%d.sock", (int)getpid());
	unlink(path);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	strncpy(addr.sun_path, path, sizeof(addr.sun_path) - 1);
	if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) != 0
		|| listen(listener, 4) != 0) {
		perror("listen");
		return 2;
	}
	server = fork();
	if (server == 0) {
		/* the server dies with the check, even when a sanitizer aborts it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		serve(listener);
	}
	close(listener);
	if (IFDHCreateChannelByName(0, path) != IFD_SUCCESS)
		return 2;
	for (round = 0; round < rounds; round++) {
		DWORD size = next_random(&state) % 300;
		unsigned char *out = malloc(size + 1);
		unsigned char in[40];
		DWORD got = 0, len = size;
		RESPONSECODE rv;

		for (size_t i = 0; i < sizeof(in); i++)
			in[i] = (unsigned char)next_random(&state);
		switch (next_random(&state) % 8) {
		case 0:
			rv = IFDHICCPresence(0);
			break;
		case 1:
			rv = IFDHPowerICC(0, IFD_POWER_UP + next_random(&state) % 3, out, &len);
			break;
		case 2:
			rv = IFDHTransmitToICC(0, (SCARD_IO_HEADER){ 1, 8 }, in, sizeof(in), out, &len,
				NULL);
			break;
		case 3:
			rv = IFDHControl(0, CM_IOCTL_GET_FEATURE_REQUEST, NULL, 0, out, size, &got);
			break;
		case 4:
			rv = IFDHControl(0, SCARD_CTL_CODE(0x330000 + FEATURE_VERIFY_PIN_DIRECT), in,
				sizeof(in), out, size, &got);
			break;
		case 5:
			rv = IFDHGetCapabilities(0, TAG_IFD_ATR, &len, out);
			break;
		case 6:
			rv = IFDHControl(0, SCARD_CTL_CODE(0x330000 + FEATURE_GET_TLV_PROPERTIES), NULL,
				0, out, size, &got);
			break;
		default:
			rv = IFDHControl(0, SCARD_CTL_CODE(0x330000 + FEATURE_MODIFY_PIN_DIRECT), in,
				sizeof(in), out, size, &got);
		}
		if (!known(rv) || len > size || got > size) {
			fprintf(stderr, "round %ld: code %ld, %lu/%lu bytes of %lu\n", round, (long)rv,
				(unsigned long)len, (unsigned long)got, (unsigned long)size);
			kill(server, SIGKILL);
			return 1;
		}
		free(out);
	}
	IFDHCloseChannel(0);
	kill(server, SIGKILL);
	waitpid(server, NULL, 0);
	unlink(path);
	printf("ifd-mynakit: %ld calls against random answers, all within bounds\n", rounds);
	return 0;
}
