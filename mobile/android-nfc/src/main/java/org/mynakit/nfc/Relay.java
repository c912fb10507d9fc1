package org.mynakit.nfc;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One app's connection to mynakit's NFC relay (docs/mobile.md): TCP, one JSON object per line.
 * The {@code android.nfc} stand-in classes use it; an instrumented test on a device or emulator
 * can use the same class from its own code (docs/mobile.md, "Adapters").
 */
public final class Relay implements Closeable {
    /** A relay {@code transceive-error}: {@code code} is tag-lost, timeout, too-long, ... */
    public static final class TransceiveError extends Exception {
        private static final long serialVersionUID = 1L;
        public final String code;

        TransceiveError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile Consumer<Map<String, Object>> listener;
    private volatile IOException closed;
    private final Map<String, Object> welcome;

    private Relay(Socket socket, Map<String, Object> hello, long helloDeadlineMs) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread t = new Thread(this::readLoop, "mynakit-relay-reader");
        t.setDaemon(true);
        t.start();
        send(hello);
        this.welcome = next("welcome", helloDeadlineMs);
    }

    /** Connects to {@code host:port} and says hello as an Android app. */
    public static Relay connect(String address, String token, String app) throws IOException {
        if (address == null || !address.contains(":")) {
            throw new IOException("mynakit relay: the address must be HOST:PORT, got " + address);
        }
        if (token == null || token.isEmpty()) throw new IOException("mynakit relay: no token (MYNAKIT_RELAY_TOKEN)");
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replaceAll("^\\[(.*)\\]$", "$1");
        int port = Integer.parseInt(address.substring(colon + 1));
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setTcpNoDelay(true);
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("token", token);
        hello.put("app", app);
        hello.put("platform", "android");
        hello.put("protocol", 1L);
        return new Relay(s, hello, 15_000);
    }

    /** {@code MYNAKIT_RELAY} and {@code MYNAKIT_RELAY_TOKEN}, as mynakit gives them to the
     * clients it starts. */
    public static Relay fromEnvironment(String app) throws IOException {
        return connect(System.getenv("MYNAKIT_RELAY"), System.getenv("MYNAKIT_RELAY_TOKEN"), app);
    }

    public Map<String, Object> welcome() {
        return welcome;
    }

    /** Called on the reader thread with every unsolicited event (tag-discovered, tag-lost,
     * session-ended, stopped); events are also queued for {@link #next}. */
    public void setListener(Consumer<Map<String, Object>> listener) {
        this.listener = listener;
    }

    public synchronized void send(Map<String, Object> message) throws IOException {
        if (closed != null) throw closed;
        out.write((Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static Map<String, Object> message(String type, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int k = 0; k + 1 < kv.length; k += 2) m.put((String) kv[k], kv[k + 1]);
        return m;
    }

    /** One command APDU; the whole response (data and SW1 SW2). {@code deadlineMs} guards
     * against a relay that never answers: the relay itself enforces the transceive timeout. */
    public byte[] transceive(byte[] apdu, long deadlineMs) throws IOException, TransceiveError {
        long id = nextId.getAndIncrement();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        try {
            send(message("transceive", "id", id, "apdu", Hex.of(apdu)));
            Map<String, Object> r;
            try {
                r = f.get(deadlineMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("mynakit relay: no answer to transceive " + id + " within " + deadlineMs + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (ExecutionException e) {
                throw (e.getCause() instanceof IOException) ? (IOException) e.getCause() : new IOException(e.getCause());
            }
            if ("transceive-error".equals(r.get("type"))) {
                throw new TransceiveError(String.valueOf(r.get("error")), String.valueOf(r.get("message")));
            }
            return Hex.parse((String) r.get("response"));
        } finally {
            pending.remove(id);
        }
    }

    /** The next queued unsolicited event of this type (earlier ones of other types stay). */
    public Map<String, Object> next(String type, long deadlineMs) throws IOException {
        long end = System.currentTimeMillis() + deadlineMs;
        synchronized (events) {
            while (true) {
                for (int k = 0; k < events.size(); k++) {
                    if (type.equals(events.get(k).get("type"))) return events.remove(k);
                }
                if (closed != null) throw closed;
                long left = end - System.currentTimeMillis();
                if (left <= 0) throw new IOException("mynakit relay: no " + type + " within " + deadlineMs + " ms");
                try {
                    events.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    /** Forgets queued events of these types. */
    public void drop(String... types) {
        List<String> t = java.util.Arrays.asList(types);
        synchronized (events) {
            events.removeIf(e -> t.contains(e.get("type")));
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        fail(new IOException("mynakit relay: closed"));
    }

    public boolean isClosed() {
        return closed != null;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.length() > 256 * 1024) throw new IOException("mynakit relay: a line exceeds 256 KiB");
                if (line.trim().isEmpty()) continue;
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(line);
                dispatch(m);
            }
            fail(new IOException("mynakit relay: the relay closed the connection"));
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException ? (IOException) e : new IOException("mynakit relay: " + e.getMessage(), e));
        }
    }

    private void dispatch(Map<String, Object> m) throws IOException {
        Object type = m.get("type");
        if ("transceive-result".equals(type) || "transceive-error".equals(type)) {
            CompletableFuture<Map<String, Object>> f = pending.get(((Number) m.get("id")).longValue());
            if (f != null) f.complete(m);
            return;
        }
        if ("error".equals(type)) {
            throw new IOException("mynakit relay: " + m.get("code") + ": " + m.get("message"));
        }
        synchronized (events) {
            events.add(m);
            events.notifyAll();
        }
        Consumer<Map<String, Object>> l = listener;
        if (l != null) l.accept(m);
    }

    private void fail(IOException e) {
        if (closed != null) return;
        closed = e;
        for (CompletableFuture<Map<String, Object>> f : new HashMap<>(pending).values()) f.completeExceptionally(e);
        synchronized (events) {
            events.notifyAll();
        }
    }

    /** Upper-case hex without spaces, as the relay writes it. */
    public static final class Hex {
        private Hex() {}

        public static String of(byte[] b) {
            StringBuilder s = new StringBuilder();
            for (byte x : b) s.append(String.format("%02X", x & 0xff));
            return s.toString();
        }

        public static byte[] parse(String hex) {
            if (hex == null) return null;
            byte[] b = new byte[hex.length() / 2];
            for (int k = 0; k < b.length; k++) b[k] = (byte) Integer.parseInt(hex.substring(2 * k, 2 * k + 2), 16);
            return b;
        }
    }

    static List<String> strings(Object o) {
        List<String> l = new ArrayList<>();
        if (o instanceof List) for (Object x : (List<?>) o) l.add(String.valueOf(x));
        return Collections.unmodifiableList(l);
    }
}
