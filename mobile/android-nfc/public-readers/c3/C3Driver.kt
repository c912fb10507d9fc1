// Drives c-3lab/mynumbercard-idp's unmodified card classes (NfcReader, JpkiUtils, APDUCommand,
// APDUException) the way their app does: reader mode for Type B, NfcReader(tag).connect(),
// selectJpki, readCertificate; then the 券面事項入力補助 AP with the same classes. Writes what
// it read to MYNAKIT_C3_RESULT for harness/tests/external/mobile_adapters.rs.
package org.mynakit.nfc.c3

import android.nfc.NfcAdapter
import android.nfc.Tag
import com.example.mynumbercardidp.util.mynumber.JpkiUtils
import com.example.mynumbercardidp.util.mynumber.NfcReader
import java.io.ByteArrayInputStream
import java.io.File
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import org.mynakit.nfc.Json
import org.mynakit.nfc.Relay

fun berLength(b: ByteArray, i: Int): Pair<Int, Int> {
    val first = b[i].toInt() and 0xff
    if (first < 0x80) return Pair(first, i + 1)
    var len = 0
    for (k in 0 until (first and 0x7f)) len = (len shl 8) or (b[i + 1 + k].toInt() and 0xff)
    return Pair(len, i + 1 + (first and 0x7f))
}

fun read(tag: Tag, pin: String): Map<String, Any?> {
    val reader = NfcReader(tag)
    reader.connect()
    try {
        val jpki = reader.selectJpki("D392F000260100000001")
        val der = jpki.readCertificate("000A")
        val cert = CertificateFactory.getInstance("X.509")
            .generateCertificate(ByteArrayInputStream(der)) as X509Certificate
        reader.selectDF("D3921000310001010408".chunked(2).map { it.toInt(16).toByte() }.toByteArray())
        val kenhojo = JpkiUtils(reader)
        if (kenhojo.lookupPin("0011") <= 0) throw IllegalStateException("PIN blocked")
        if (!kenhojo.verifyPin("0011", pin)) throw IllegalStateException("PIN refused")
        reader.selectEF(byteArrayOf(0x00, 0x02))
        val head = reader.readBinary(5)
        val (bodyLen, start) = berLength(head, 2)
        val rec = reader.readBinary(start + bodyLen)
        val out = linkedMapOf<String, Any?>(
            "platform" to "android-c3",
            "subject" to cert.subjectX500Principal.name,
            "certificate" to Relay.Hex.of(der)
        )
        var i = start
        while (i < start + bodyLen) {
            val t = ((rec[i].toInt() and 0xff) shl 8) or (rec[i + 1].toInt() and 0xff)
            val (len, at) = berLength(rec, i + 2)
            val v = String(rec, at, len, Charsets.UTF_8)
            when (t) {
                0xDF22 -> out["name"] = v
                0xDF23 -> out["address"] = v
                0xDF24 -> out["birthDate"] = v
                0xDF25 -> out["sex"] = v
            }
            i = at + len
        }
        return out
    } finally {
        reader.close()
    }
}

fun main() {
    val pin = System.getenv("MYNAKIT_ANDROID_PIN") ?: error("MYNAKIT_ANDROID_PIN is not set")
    val adapter = NfcAdapter.getDefaultAdapter(null) ?: error("no relay (MYNAKIT_RELAY)")
    val done = CompletableFuture<Map<String, Any?>>()
    adapter.enableReaderMode(null, NfcAdapter.ReaderCallback { tag ->
        try {
            done.complete(read(tag, pin))
        } catch (e: Exception) {
            done.completeExceptionally(e)
        }
    }, NfcAdapter.FLAG_READER_NFC_B or NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK, null)
    try {
        val result = done.get(60, TimeUnit.SECONDS)
        File(System.getenv("MYNAKIT_C3_RESULT")).writeText(Json.write(result))
        println("c3: read ${result["subject"]}")
    } finally {
        adapter.disableReaderMode(null)
        adapter.mynakitRelay().close()
    }
}
