// The two helpers that c-3lab/mynumbercard-idp's card classes (util/mynumber/*.kt) import from
// their util/Extensions.kt. That file also holds Compose and coroutine UI code (androidx.compose,
// kotlinx.coroutines) that cannot be compiled here, so mynakit supplies these two functions with
// the same package, names and behaviour; the card classes themselves compile unmodified.
package com.example.mynumbercardidp.util

fun String.hexToByteArray(): ByteArray =
    chunked(2).map { it.toInt(16).toByte() }.toByteArray()

fun ByteArray.toHexString(): String = joinToString(separator = "") { eachByte -> "%02X".format(eachByte) }
