package android.nfc.tech;

import android.nfc.Tag;
import java.io.Closeable;
import java.io.IOException;

/** Stand-in for {@code android.nfc.tech.TagTechnology} (developer.android.com). */
public interface TagTechnology extends Closeable {
    Tag getTag();

    void connect() throws IOException;

    @Override
    void close() throws IOException;

    boolean isConnected();
}
