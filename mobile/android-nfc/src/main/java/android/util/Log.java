package android.util;

/** Stand-in for {@code android.util.Log} so that card code that logs compiles and runs on a JVM:
 * lines go to stderr ({@code D/TAG: message}). Card apps log their APDUs in hex; the data of a
 * VERIFY or CHANGE REFERENCE DATA ({@code 0020}/{@code 0024} + P1 P2 Lc) is shown as {@code **}
 * per byte, as everywhere in mynakit (PINs never reach a log). */
public final class Log {
    private static final java.util.regex.Pattern PIN_APDU =
            java.util.regex.Pattern.compile("(?i)\\b(00 ?2[04] ?[0-9A-F]{2} ?[0-9A-F]{2} ?)([0-9A-F]{2})((?: ?[0-9A-F]{2})+)");

    private Log() {}

    static String redact(String msg) {
        java.util.regex.Matcher m = PIN_APDU.matcher(msg == null ? "null" : msg);
        StringBuffer out = new StringBuffer();
        while (m.find()) {
            int n = m.group(3).replace(" ", "").length() / 2;
            m.appendReplacement(out, m.group(1) + m.group(2) + "**".repeat(n));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int print(String level, String tag, String msg, Throwable tr) {
        System.err.println(level + "/" + tag + ": " + redact(msg) + (tr != null ? " " + tr : ""));
        return 0;
    }

    public static int v(String tag, String msg) { return print("V", tag, msg, null); }
    public static int d(String tag, String msg) { return print("D", tag, msg, null); }
    public static int i(String tag, String msg) { return print("I", tag, msg, null); }
    public static int w(String tag, String msg) { return print("W", tag, msg, null); }
    public static int e(String tag, String msg) { return print("E", tag, msg, null); }
    public static int d(String tag, String msg, Throwable tr) { return print("D", tag, msg, tr); }
    public static int w(String tag, String msg, Throwable tr) { return print("W", tag, msg, tr); }
    public static int e(String tag, String msg, Throwable tr) { return print("E", tag, msg, tr); }
}
