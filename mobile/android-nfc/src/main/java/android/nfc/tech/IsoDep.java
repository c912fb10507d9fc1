package android.nfc.tech;

import android.nfc.Tag;
import android.nfc.TagLostException;
import java.io.IOException;
import java.util.Arrays;
import org.mynakit.nfc.Relay;

/**
 * Stand-in for {@code android.nfc.tech.IsoDep} (developer.android.com, IsoDep): same package,
 * final, same public methods; {@link #transceive} goes to mynakit's NFC relay. Errors as Android
 * throws them: {@link TagLostException} "Tag was lost." when the card left the field,
 * {@link IOException} "Transceive length exceeds supported maximum" over
 * {@link #getMaxTransceiveLength} (android.nfc.TransceiveResult), "Transceive failed" for a
 * timeout, and {@link IllegalStateException} "Call connect() first!" before {@link #connect}.
 * {@link #setTimeout} is reset to the default by {@link #close}, as the Android docs say.
 */
public final class IsoDep implements TagTechnology {
    private final Tag tag;
    private final int defaultTimeout;
    private volatile boolean connected;
    private volatile int timeout;

    private IsoDep(Tag tag) {
        this.tag = tag;
        Object t = tag.mynakitInfo().get("timeout_ms");
        this.defaultTimeout = t instanceof Number ? ((Number) t).intValue() : 618;
        this.timeout = defaultTimeout;
    }

    /** An IsoDep for this tag, or null if the tag does not list IsoDep. */
    public static IsoDep get(Tag tag) {
        if (!Arrays.asList(tag.getTechList()).contains(IsoDep.class.getName())) return null;
        return new IsoDep(tag);
    }

    @Override
    public Tag getTag() {
        return tag;
    }

    @Override
    public void connect() throws IOException {
        if (tag.mynakitIsLost()) throw new TagLostException("Tag was lost.");
        connected = true;
    }

    @Override
    public boolean isConnected() {
        return connected && !tag.mynakitIsLost();
    }

    @Override
    public void close() throws IOException {
        connected = false;
        if (timeout != defaultTimeout) {
            timeout = defaultTimeout;
            sendTimeout(defaultTimeout);
        }
    }

    public void setTimeout(int timeout) {
        this.timeout = timeout;
        try {
            sendTimeout(timeout);
        } catch (IOException e) {
            // Android's setTimeout does not throw; the next transceive reports the broken link
        }
    }

    public int getTimeout() {
        return timeout;
    }

    public byte[] transceive(byte[] data) throws IOException {
        if (!connected) throw new IllegalStateException("Call connect() first!");
        if (tag.mynakitIsLost()) throw new TagLostException("Tag was lost.");
        try {
            return tag.mynakitRelay().transceive(data, timeout + 10_000L);
        } catch (Relay.TransceiveError e) {
            switch (e.code) {
                case "tag-lost":
                case "not-connected":
                    tag.mynakitMarkLost();
                    throw new TagLostException("Tag was lost.");
                case "too-long":
                    throw new IOException("Transceive length exceeds supported maximum");
                default:
                    // timeout, no-extended-length: the controller reports a failed transceive
                    throw new IOException("Transceive failed");
            }
        }
    }

    public int getMaxTransceiveLength() {
        Object m = tag.mynakitInfo().get("max_transceive");
        return m instanceof Number ? ((Number) m).intValue() : 261;
    }

    public boolean isExtendedLengthApduSupported() {
        return Boolean.TRUE.equals(tag.mynakitInfo().get("extended_length"));
    }

    /** The higher-layer response (NfcB tags); null when the card has none. */
    public byte[] getHiLayerResponse() {
        Object h = tag.mynakitInfo().get("hi_layer_response");
        return h instanceof String && !((String) h).isEmpty() ? Relay.Hex.parse((String) h) : null;
    }

    /** Historical bytes (NfcA tags only); null for the My Number card, a Type B card. */
    public byte[] getHistoricalBytes() {
        Object h = tag.mynakitInfo().get("historical_bytes");
        return h instanceof String && !((String) h).isEmpty() ? Relay.Hex.parse((String) h) : null;
    }

    private void sendTimeout(int ms) throws IOException {
        tag.mynakitRelay().send(Relay.message("set-timeout", "ms", (long) ms));
    }
}
