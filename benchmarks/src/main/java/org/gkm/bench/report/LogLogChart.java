package org.gkm.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG line chart with logarithmic x and y axes (base 2 ticks on x at the
 * data's x values, decade ticks on y), enough for "ns per wrap against batch size per provider"
 * without a charting dependency. Points with a non-positive coordinate are skipped (log scale).
 */
final class LogLogChart {
    /** One line: a name for the legend, a colour, dashed or solid, and its (x, y) points. */
    record Series(String name, String color, boolean dashed, List<double[]> points) {}

    static final int WIDTH = 760;
    static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    LogLogChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    LogLogChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Renders the chart; with no positive point at all, an SVG that says so. */
    String svg() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (p[0] > 0 && p[1] > 0) {
                    minX = Math.min(minX, p[0]);
                    maxX = Math.max(maxX, p[0]);
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                    xs.add(p[0]);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(text(WIDTH / 2.0, 22, "middle", 15, title));
        if (xs.isEmpty()) {
            sb.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", 13, "no data"));
            return sb.append("</svg>\n").toString();
        }
        double lx0 = log2(minX);
        double lx1 = log2(maxX);
        if (lx1 - lx0 < 1e-9) {
            lx0 -= 1;
            lx1 += 1;
        }
        double ly0 = Math.floor(Math.log10(minY));
        double ly1 = Math.ceil(Math.log10(maxY));
        if (ly1 - ly0 < 1) {
            ly1 = ly0 + 1;
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        final double fx0 = lx0;
        final double fx1 = lx1;
        final double fy0 = ly0;
        final double fy1 = ly1;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (log2(x) - fx0) / (fx1 - fx0) * plotW;
        java.util.function.DoubleUnaryOperator py = y -> TOP + plotH - (Math.log10(y) - fy0) / (fy1 - fy0) * plotH;

        // axes and grid
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, plotW, plotH));
        for (int d = (int) ly0; d <= (int) ly1; d++) {
            double y = py.applyAsDouble(Math.pow(10, d));
            sb.append(line(LEFT, y, LEFT + plotW, y, "#ccc", false));
            sb.append(text(LEFT - 6, y + 4, "end", 11, decade(d)));
            if (d < (int) ly1) {
                for (int m = 2; m <= 9; m++) {
                    double ym = py.applyAsDouble(m * Math.pow(10, d));
                    sb.append(line(LEFT, ym, LEFT + 5, ym, "#999", false));
                }
            }
        }
        for (double x : xs) {
            double xp = px.applyAsDouble(x);
            sb.append(line(xp, TOP, xp, TOP + plotH, "#eee", false));
            sb.append(text(xp, TOP + plotH + 16, "middle", 11, fmt(x)));
        }
        sb.append(text(LEFT + plotW / 2, HEIGHT - 12, "middle", 12, xLabel + " (log scale)"));
        sb.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s (log scale)</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, esc(yLabel)));

        // series
        int legendY = TOP + 6;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            List<double[]> ok = new ArrayList<>();
            for (double[] p : s.points()) {
                if (p[0] > 0 && p[1] > 0) {
                    ok.add(p);
                }
            }
            ok.sort((a, b) -> Double.compare(a[0], b[0]));
            for (double[] p : ok) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p[0]), py.applyAsDouble(p[1])));
            }
            if (ok.isEmpty()) {
                continue;
            }
            sb.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    s.color(), s.dashed() ? " stroke-dasharray=\"6 4\"" : "", pts.toString().trim()));
            for (double[] p : ok) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        px.applyAsDouble(p[0]), py.applyAsDouble(p[1]), s.color()));
            }
            double lx = WIDTH - RIGHT + 12;
            sb.append(line(lx, legendY, lx + 28, legendY, s.color(), s.dashed()));
            sb.append(text(lx + 34, legendY + 4, "start", 11, s.name()));
            legendY += 18;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String color, boolean dashed) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s%s/>%n",
                x1, y1, x2, y2, color, dashed ? " stroke-dasharray=\"6 4\"" : "",
                color.equals("#ccc") || color.equals("#eee") || color.equals("#999") ? "" : " stroke-width=\"2\"");
    }

    private static String text(double x, double y, String anchor, int size, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, esc(s));
    }

    static String decade(int d) {
        return d >= 0 && d <= 6 ? fmt(Math.pow(10, d)) : "1e" + d;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
