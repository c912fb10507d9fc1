package android.nfc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mynakit.nfc.Relay;

/**
 * Stand-in for {@code android.nfc.Tag} (developer.android.com): the card the relay reported
 * with {@code tag-discovered}. Only {@link org.mynakit.nfc} creates it; app code gets it from
 * {@link NfcAdapter.ReaderCallback#onTagDiscovered}, as on a phone.
 */
public final class Tag {
    private final byte[] id;
    private final String[] techList;
    private final Map<String, Object> info;
    private final Relay relay;
    private volatile boolean lost;

    /** mynakit only (Android's Tag has no public constructor): {@code info} is the relay's
     * {@code tag} object. */
    public Tag(Relay relay, Map<String, Object> info) {
        this.relay = relay;
        this.info = info;
        this.id = Relay.Hex.parse(String.valueOf(info.get("id")));
        List<String> techs = new ArrayList<>();
        Object t = info.get("tech");
        if (t instanceof List) for (Object x : (List<?>) t) techs.add("android.nfc.tech." + x);
        this.techList = techs.toArray(new String[0]);
    }

    public byte[] getId() {
        return id.clone();
    }

    public String[] getTechList() {
        return techList.clone();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TAG: Tech [");
        for (int k = 0; k < techList.length; k++) s.append(k == 0 ? "" : ", ").append(techList[k]);
        return s.append("]").toString();
    }

    /** mynakit only: the relay's tag object and connection, for the tech classes. */
    public Map<String, Object> mynakitInfo() {
        return info;
    }

    /** mynakit only. */
    public Relay mynakitRelay() {
        return relay;
    }

    /** mynakit only: set when the relay says {@code tag-lost}; a Tag object never comes back. */
    public void mynakitMarkLost() {
        lost = true;
    }

    /** mynakit only. */
    public boolean mynakitIsLost() {
        return lost;
    }
}
