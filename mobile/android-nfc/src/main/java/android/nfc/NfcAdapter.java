package android.nfc;

import android.app.Activity;
import android.content.Context;
import android.os.Bundle;
import java.io.IOException;
import java.util.Map;
import org.mynakit.nfc.Relay;

/**
 * Stand-in for {@code android.nfc.NfcAdapter}'s reader mode (developer.android.com, API 19):
 * {@link #enableReaderMode} sends the relay {@code start-reading}, and each
 * {@code tag-discovered} calls {@link ReaderCallback#onTagDiscovered} on a thread of its own, as
 * Android calls it off the main thread. {@link #disableReaderMode} sends {@code stop-reading}.
 * The My Number card is ISO 14443 Type B: without {@link #FLAG_READER_NFC_B} in the flags a phone
 * never discovers it, and neither does this stand-in (it says so on stderr).
 */
public final class NfcAdapter {
    public static final int FLAG_READER_NFC_A = 0x1;
    public static final int FLAG_READER_NFC_B = 0x2;
    public static final int FLAG_READER_NFC_F = 0x4;
    public static final int FLAG_READER_NFC_V = 0x8;
    public static final int FLAG_READER_NFC_BARCODE = 0x10;
    public static final int FLAG_READER_SKIP_NDEF_CHECK = 0x80;
    public static final int FLAG_READER_NO_PLATFORM_SOUNDS = 0x100;
    public static final String EXTRA_READER_PRESENCE_CHECK_DELAY = "presence";

    /** Android's callback interface, same name and method. */
    public interface ReaderCallback {
        void onTagDiscovered(Tag tag);
    }

    private static NfcAdapter defaultAdapter;

    private final Relay relay;
    private volatile ReaderCallback callback;
    private volatile Tag current;

    private NfcAdapter(Relay relay) {
        this.relay = relay;
        relay.setListener(this::onEvent);
    }

    /** The adapter on the relay that {@code MYNAKIT_RELAY} and {@code MYNAKIT_RELAY_TOKEN} name
     * (or {@link #mynakitUse}); null when there is none, as on a phone without NFC. */
    public static synchronized NfcAdapter getDefaultAdapter(Context context) {
        if (defaultAdapter == null || defaultAdapter.relay.isClosed()) {
            try {
                defaultAdapter = new NfcAdapter(Relay.fromEnvironment("mynakit android.nfc stand-in"));
            } catch (IOException e) {
                System.err.println("mynakit android.nfc: no relay: " + e.getMessage());
                return null;
            }
        }
        return defaultAdapter;
    }

    /** mynakit only: make this relay connection the default adapter. */
    public static synchronized NfcAdapter mynakitUse(Relay relay) {
        defaultAdapter = new NfcAdapter(relay);
        return defaultAdapter;
    }

    /** mynakit only: the relay connection behind this adapter. */
    public Relay mynakitRelay() {
        return relay;
    }

    public boolean isEnabled() {
        return !relay.isClosed();
    }

    public void enableReaderMode(Activity activity, ReaderCallback callback, int flags, Bundle extras) {
        if ((flags & FLAG_READER_NFC_B) == 0) {
            System.err.println("mynakit android.nfc: reader mode without FLAG_READER_NFC_B never discovers the My Number card (ISO 14443 Type B)");
        }
        this.callback = (flags & FLAG_READER_NFC_B) != 0 ? callback : null;
        relay.drop("tag-discovered", "tag-lost", "session-ended", "stopped");
        try {
            relay.send(Relay.message("start-reading"));
        } catch (IOException e) {
            System.err.println("mynakit android.nfc: " + e.getMessage());
        }
    }

    public void disableReaderMode(Activity activity) {
        callback = null;
        try {
            relay.drop("stopped");
            relay.send(Relay.message("stop-reading"));
            relay.next("stopped", 15_000);
        } catch (IOException e) {
            System.err.println("mynakit android.nfc: " + e.getMessage());
        }
        Tag t = current;
        if (t != null) t.mynakitMarkLost();
    }

    private void onEvent(Map<String, Object> ev) {
        Object type = ev.get("type");
        if ("tag-discovered".equals(type)) {
            @SuppressWarnings("unchecked")
            Tag tag = new Tag(relay, (Map<String, Object>) ev.get("tag"));
            current = tag;
            ReaderCallback cb = callback;
            if (cb != null) {
                Thread t = new Thread(() -> cb.onTagDiscovered(tag), "mynakit-nfc-callback");
                t.setDaemon(true);
                t.start();
            }
        } else if ("tag-lost".equals(type) || "session-ended".equals(type)) {
            Tag t = current;
            if (t != null) t.mynakitMarkLost();
        }
    }
}
