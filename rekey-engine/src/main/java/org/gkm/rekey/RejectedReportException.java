package org.gkm.rekey;

/**
 * A parent key server refuses a delegated subtree's report of its root key change (subtree
 * delegation): it does not decode, names an unknown subtree, does not authenticate under the
 * subtree's link key, or is not newer than the last report accepted from that subtree (a replay
 * or an out-of-order delivery). Nothing was changed.
 */
public final class RejectedReportException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public RejectedReportException(String message) {
        super(Reason.REJECTED_REPORT, message);
    }

    public RejectedReportException(String message, Throwable cause) {
        super(Reason.REJECTED_REPORT, message, cause);
    }
}
