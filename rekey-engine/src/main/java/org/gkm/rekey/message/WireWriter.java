package org.gkm.rekey.message;

/** Big-endian writer into an exactly pre-sized array (the codec computes the size first). */
final class WireWriter {
    private final byte[] buf;
    private int pos;

    WireWriter(byte[] buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    void u8(int v) {
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    void bytes(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void skip(int n) {
        pos += n;
    }

    void keyRef(KeyRef r) {
        u32(r.nodeId());
        u32(r.generation());
    }
}
