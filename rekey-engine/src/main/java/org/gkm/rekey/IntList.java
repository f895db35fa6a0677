package org.gkm.rekey;

import java.util.Arrays;

/** A growable list of ints (no boxing on the rekey path). */
final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n + (n >>> 1) + 16);
        }
        a[n++] = v;
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return n;
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }

    /** The elements sorted in decreasing order (bottom-up for node ids). */
    int[] sortedDescending() {
        int[] s = toArray();
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            int t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }
}
