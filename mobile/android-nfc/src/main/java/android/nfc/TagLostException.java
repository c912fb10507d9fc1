package android.nfc;

import java.io.IOException;

/** Stand-in for {@code android.nfc.TagLostException} (developer.android.com): an
 * {@link IOException} thrown when the tag left the field. Backed by mynakit's NFC relay. */
public class TagLostException extends IOException {
    private static final long serialVersionUID = 1L;
    public TagLostException() {
        super();
    }

    public TagLostException(String message) {
        super(message);
    }
}
