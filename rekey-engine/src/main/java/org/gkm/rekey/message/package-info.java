/**
 * The rekey message (RFC 4046 sec. 5.2, 5.8, 6.2): its value types, the strict versioned binary
 * codec ({@link org.gkm.rekey.message.RekeyMessageCodec}) and the MAC + signature envelope
 * ({@link org.gkm.rekey.message.RekeyMessageSealer}, {@link org.gkm.rekey.message.RekeyMessageOpener}).
 *
 * <p>Value types validate their fields in their constructors against the hard limits of
 * {@link org.gkm.rekey.message.RekeyLimits}, so anything the engine can build, the codec can encode and
 * the decoder accepts. Byte arrays are copied in and out; {@code toString} shows lengths, never key
 * bytes. Bad input from the wire raises a checked {@link org.gkm.rekey.message.RekeyMessageException}
 * subclass; caller bugs raise {@link java.lang.IllegalArgumentException} or
 * {@link java.lang.NullPointerException}.
 */
package org.gkm.rekey.message;
