package org.mynakit.nfc.sample;

import android.app.Activity;
import android.nfc.NfcAdapter;
import android.nfc.Tag;
import android.nfc.TagLostException;
import android.nfc.tech.IsoDep;
import android.util.Log;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Card-reading code written as an Android My Number app writes it against android.nfc (reader
 * mode for Type B, IsoDep, a longer timeout around slow commands, TagLostException apart from
 * IOException), the way ishihatta/mynacard-android-demo and c-3lab/mynumbercard-idp do. It
 * compiles against Android's SDK unchanged; here it compiles against mynakit's stand-in and reads
 * the virtual card through the relay. Card facts: docs/card-records.md.
 */
public class MyNumberCardActivity extends Activity implements NfcAdapter.ReaderCallback {
    private static final String TAG = "MyNumberCard";
    private static final byte[] JPKI_AP = hex("D392F000260100000001");
    private static final byte[] KENHOJO_AP = hex("D3921000310001010408");

    /** What the screen shows after a read. */
    public static final class Result {
        public X509Certificate certificate;
        public String name;
        public String address;
        public String birthDate;
        public String sex;
        public int maxTransceiveLength;
        public boolean extendedLength;
    }

    public static final class CardException extends Exception {
        private static final long serialVersionUID = 1L;
        public final int sw;

        CardException(String step, int sw) {
            super(step + ": SW " + String.format("%04X", sw));
            this.sw = sw;
        }
    }

    private final String pin;
    public final CompletableFuture<Result> result = new CompletableFuture<>();

    public MyNumberCardActivity(String pin) {
        this.pin = pin;
    }

    public void startReading() {
        NfcAdapter adapter = NfcAdapter.getDefaultAdapter(this);
        if (adapter == null) {
            result.completeExceptionally(new IllegalStateException("no NFC"));
            return;
        }
        adapter.enableReaderMode(this, this,
                NfcAdapter.FLAG_READER_NFC_B | NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK, null);
    }

    public void stopReading() {
        NfcAdapter adapter = NfcAdapter.getDefaultAdapter(this);
        if (adapter != null) adapter.disableReaderMode(this);
    }

    @Override
    public void onTagDiscovered(Tag tag) {
        IsoDep isoDep = IsoDep.get(tag);
        if (isoDep == null) return;
        try {
            isoDep.connect();
            Result r = new Result();
            r.maxTransceiveLength = isoDep.getMaxTransceiveLength();
            r.extendedLength = isoDep.isExtendedLengthApduSupported();
            r.certificate = readAuthCertificate(isoDep);
            readBasic4(isoDep, r);
            result.complete(r);
        } catch (TagLostException e) {
            Log.w(TAG, "card moved away: " + e.getMessage());
            result.completeExceptionally(e);
        } catch (IOException | CardException | CertificateException e) {
            Log.e(TAG, "read failed", e);
            result.completeExceptionally(e);
        } finally {
            try {
                isoDep.close();
            } catch (IOException ignored) {
                // the tag is gone
            }
        }
    }

    private static byte[] transmit(IsoDep isoDep, String step, byte[] apdu) throws IOException, CardException {
        byte[] r = isoDep.transceive(apdu);
        int sw = ((r[r.length - 2] & 0xff) << 8) | (r[r.length - 1] & 0xff);
        if (sw != 0x9000) throw new CardException(step, sw);
        return Arrays.copyOf(r, r.length - 2);
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static void selectDf(IsoDep isoDep, byte[] aid) throws IOException, CardException {
        transmit(isoDep, "SELECT DF", concat(new byte[] {0x00, (byte) 0xA4, 0x04, 0x0C, (byte) aid.length}, aid));
    }

    private static void selectEf(IsoDep isoDep, int fid) throws IOException, CardException {
        transmit(isoDep, "SELECT EF", new byte[] {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, (byte) (fid >> 8), (byte) fid});
    }

    /** READ BINARY of {@code length} bytes: one extended-Le read when the phone supports it,
     * else short reads of at most 256 bytes. */
    private static byte[] readBinary(IsoDep isoDep, int length) throws IOException, CardException {
        boolean extended = isoDep.isExtendedLengthApduSupported() && isoDep.getMaxTransceiveLength() > 261;
        byte[] out = new byte[0];
        while (out.length < length) {
            int at = out.length;
            int want = length - at;
            byte[] apdu = extended && want > 256
                    ? new byte[] {0x00, (byte) 0xB0, (byte) ((at >> 8) & 0x7f), (byte) at, 0x00, (byte) (want >> 8), (byte) want}
                    : new byte[] {0x00, (byte) 0xB0, (byte) ((at >> 8) & 0x7f), (byte) at, (byte) Math.min(want, 256)};
            byte[] data = transmit(isoDep, "READ BINARY", apdu);
            if (data.length == 0) break;
            out = concat(out, data);
        }
        return out;
    }

    private static X509Certificate readAuthCertificate(IsoDep isoDep) throws IOException, CardException, CertificateException {
        selectDf(isoDep, JPKI_AP);
        selectEf(isoDep, 0x000A);
        byte[] head = readBinary(isoDep, 4);
        int total = 4 + (((head[2] & 0xff) << 8) | (head[3] & 0xff));
        byte[] der = readBinary(isoDep, total);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private void readBasic4(IsoDep isoDep, Result r) throws IOException, CardException {
        selectDf(isoDep, KENHOJO_AP);
        selectEf(isoDep, 0x0011);
        byte[] digits = pin.getBytes(StandardCharsets.US_ASCII);
        // VERIFY can take longer than the default timeout on some cards: raise it around it
        int previous = isoDep.getTimeout();
        isoDep.setTimeout(5000);
        try {
            transmit(isoDep, "VERIFY", concat(new byte[] {0x00, 0x20, 0x00, (byte) 0x80, (byte) digits.length}, digits));
        } finally {
            isoDep.setTimeout(previous);
        }
        selectEf(isoDep, 0x0002);
        byte[] head = readBinary(isoDep, 5);
        int[] len = berLength(head, 2);
        byte[] rec = readBinary(isoDep, len[1] + len[0]);
        int i = len[1];
        int end = len[1] + len[0];
        while (i < end) {
            int tag = ((rec[i] & 0xff) << 8) | (rec[i + 1] & 0xff);
            int[] l = berLength(rec, i + 2);
            String v = new String(rec, l[1], l[0], StandardCharsets.UTF_8);
            if (tag == 0xDF22) r.name = v;
            if (tag == 0xDF23) r.address = v;
            if (tag == 0xDF24) r.birthDate = v;
            if (tag == 0xDF25) r.sex = v;
            i = l[1] + l[0];
        }
    }

    /** {length, index of the value}. */
    private static int[] berLength(byte[] b, int i) {
        int first = b[i] & 0xff;
        if (first < 0x80) return new int[] {first, i + 1};
        int n = first & 0x7f;
        int len = 0;
        for (int k = 0; k < n; k++) len = (len << 8) | (b[i + 1 + k] & 0xff);
        return new int[] {len, i + 1 + n};
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int k = 0; k < b.length; k++) b[k] = (byte) Integer.parseInt(s.substring(2 * k, 2 * k + 2), 16);
        return b;
    }
}
