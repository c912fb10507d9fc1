package android.os;

import java.util.HashMap;
import java.util.Map;

/** Stand-in for the part of {@code android.os.Bundle} that reader-mode extras use. */
public final class Bundle {
    private final Map<String, Object> values = new HashMap<>();

    public void putInt(String key, int value) { values.put(key, value); }

    public int getInt(String key, int defaultValue) {
        Object v = values.get(key);
        return v instanceof Integer ? (Integer) v : defaultValue;
    }

    public int getInt(String key) { return getInt(key, 0); }
}
