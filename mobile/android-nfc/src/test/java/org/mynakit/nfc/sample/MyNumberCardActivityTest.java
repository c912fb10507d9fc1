package org.mynakit.nfc.sample;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.nfc.NfcAdapter;
import android.nfc.Tag;
import android.nfc.tech.IsoDep;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import android.nfc.TagLostException;
import java.net.HttpURLConnection;
import java.net.URL;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Test;
import org.mynakit.nfc.Json;

/**
 * JVM unit tests of the app's card code against mynakit's relay: started by
 * harness/tests/external/mobile_adapters.rs with MYNAKIT_RELAY, MYNAKIT_RELAY_TOKEN,
 * MYNAKIT_ANDROID_PIN and MYNAKIT_ANDROID_RESULT (where what the app read is written for the
 * harness to compare with the persona).
 */
public class MyNumberCardActivityTest {
    @AfterClass
    public static void closeRelay() {
        NfcAdapter a = NfcAdapter.getDefaultAdapter(null);
        if (a != null) a.mynakitRelay().close();
    }

    @Test
    public void readsTheAuthCertificateAndTheFourItems() throws Exception {
        MyNumberCardActivity app = new MyNumberCardActivity(System.getenv("MYNAKIT_ANDROID_PIN"));
        app.startReading();
        MyNumberCardActivity.Result r;
        try {
            r = app.result.get(60, TimeUnit.SECONDS);
        } finally {
            app.stopReading();
        }
        assertNotNull(r.certificate);
        assertTrue(r.birthDate.matches("\\d{8}"));
        assertTrue(r.sex.matches("[0129]"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", "android");
        out.put("subject", r.certificate.getSubjectX500Principal().getName());
        out.put("certificate", org.mynakit.nfc.Relay.Hex.of(r.certificate.getEncoded()));
        out.put("name", r.name);
        out.put("address", r.address);
        out.put("birthDate", r.birthDate);
        out.put("sex", r.sex);
        out.put("maxTransceiveLength", (long) r.maxTransceiveLength);
        try (FileOutputStream f = new FileOutputStream(System.getenv("MYNAKIT_ANDROID_RESULT"))) {
            f.write(Json.write(out).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The IsoDep surface as Android documents it, on the tag the relay discovers. */
    @Test
    public void isoDepBehavesAsAndroidDocumentsIt() throws Exception {
        CompletableFuture<Tag> found = new CompletableFuture<>();
        NfcAdapter adapter = NfcAdapter.getDefaultAdapter(null);
        assertNotNull("MYNAKIT_RELAY must name a running relay", adapter);
        adapter.enableReaderMode(null, found::complete, NfcAdapter.FLAG_READER_NFC_B, null);
        try {
            Tag tag = found.get(60, TimeUnit.SECONDS);
            assertEquals(4, tag.getId().length);
            IsoDep isoDep = IsoDep.get(tag);
            assertNotNull(isoDep);
            assertNull("a Type B card has no historical bytes", isoDep.getHistoricalBytes());
            try {
                isoDep.transceive(new byte[] {0x00, (byte) 0xA4, 0x04, 0x0C});
                fail("transceive before connect");
            } catch (IllegalStateException e) {
                assertEquals("Call connect() first!", e.getMessage());
            }
            isoDep.connect();
            assertTrue(isoDep.isConnected());
            assertTrue(isoDep.getMaxTransceiveLength() >= 261);
            int defaultTimeout = isoDep.getTimeout();
            isoDep.setTimeout(5000);
            assertEquals(5000, isoDep.getTimeout());
            byte[] r = isoDep.transceive(new byte[] {0x00, (byte) 0xA4, 0x04, 0x0C, 0x0A,
                (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01});
            assertArrayEquals(new byte[] {(byte) 0x90, 0x00}, r);
            byte[] tooLong = new byte[isoDep.getMaxTransceiveLength() + 1];
            try {
                isoDep.transceive(tooLong);
                fail("a command over the maximum transceive length");
            } catch (IOException e) {
                assertEquals("Transceive length exceeds supported maximum", e.getMessage());
            }
            isoDep.close();
            assertEquals("close() resets the timeout", defaultTimeout, isoDep.getTimeout());
        } finally {
            adapter.disableReaderMode(null);
        }
    }

    /** POST to {@code mynakit serve}'s control endpoint (MYNAKIT_CONTROL, docs/serve.md). */
    private static void control(String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://" + System.getenv("MYNAKIT_CONTROL") + path).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("content-type", "application/json");
        c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, c.getResponseCode());
        c.disconnect();
    }

    /** The card moved off the antenna mid-read: TagLostException; presented again: a new Tag
     * that reads. */
    @Test
    public void aCardMovedAwayIsATagLostExceptionAndANewTagReadsAgain() throws Exception {
        Assume.assumeTrue("MYNAKIT_CONTROL names serve's control endpoint", System.getenv("MYNAKIT_CONTROL") != null);
        NfcAdapter adapter = NfcAdapter.getDefaultAdapter(null);
        CompletableFuture<Tag> first = new CompletableFuture<>();
        adapter.enableReaderMode(null, first::complete, NfcAdapter.FLAG_READER_NFC_B, null);
        byte[] select = {0x00, (byte) 0xA4, 0x04, 0x0C, 0x0A,
            (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
        try {
            IsoDep isoDep = IsoDep.get(first.get(60, TimeUnit.SECONDS));
            isoDep.connect();
            isoDep.transceive(select);
            control("/readers/0/remove", "{}");
            try {
                isoDep.transceive(select);
                fail("a transceive after the card left");
            } catch (TagLostException e) {
                assertEquals("Tag was lost.", e.getMessage());
            }
            assertTrue(!isoDep.isConnected());
        } finally {
            adapter.disableReaderMode(null);
        }
        control("/readers/0/insert", "{\"persona\": \"employee\"}");
        MyNumberCardActivity app = new MyNumberCardActivity(System.getenv("MYNAKIT_ANDROID_PIN"));
        app.startReading();
        try {
            assertNotNull(app.result.get(60, TimeUnit.SECONDS).certificate);
        } finally {
            app.stopReading();
        }
    }
}
