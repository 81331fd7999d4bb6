package io.gonogo.render.internal;

import io.gonogo.core.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, deterministic SVG chart: line charts over a linear or logarithmic x-axis, grouped bar
 * charts, and shaded x-ranges (a fault window), with axes, nice ticks and a legend.
 *
 * <p>Drawn by hand rather than with a chart library (see
 * docs/decisions/0008-charts-drawn-by-hand.md): the output depends only on the data, never on the
 * fonts installed on the machine (nothing is measured with AWT font metrics; text is placed by
 * anchors and a fixed width per character for the legend), every number is printed in {@link
 * Locale#ROOT} with at most 2 decimals, and element ids carry the chart's own prefix, so several
 * charts can be inlined in one HTML page. The SVG has no scripts, no external references and no
 * styles beyond presentation attributes.
 *
 * <p>Not thread-safe; build one per chart.
 */
public final class SvgChart {
    /** The colours of series and bars, in order: colour-blind-safe (Okabe-Ito). */
    static final List<String> PALETTE =
            List.of(
                    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                    "#000000");

    private static final String FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 340;
    private static final int LEFT = 78;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int BOTTOM = 58;

    /** One line of a line chart. */
    public record Line(String name, double[] xs, double[] ys) {}

    /** One group of bars (a category on the x-axis): one value per series, NaN where none. */
    public record Group(String category, double[] values) {}

    private final String id;
    private final String title;
    private final String xLabel;
    private final String yLabel;

    /**
     * A chart with element-id prefix {@code id} (letters, digits and '-'), a title and axis labels
     * (plain text; escaped here).
     */
    public SvgChart(String id, String title, String xLabel, String yLabel) {
        this.id = id;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * A line chart of {@code lines}; with {@code logX} the x values are plotted on a log10 scale
     * and {@code xTickLabels} (value, label pairs) name its ticks; {@code shade} is an x-range
     * (start, end) to shade with its legend {@code shadeName}, or null.
     */
    public String lines(
            List<Line> lines,
            boolean logX,
            double[][] xTicks,
            String[] xTickLabels,
            double[] shade,
            String shadeName) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        for (Line l : lines) {
            for (int i = 0; i < l.xs().length; i++) {
                double x = logX ? Math.log10(l.xs()[i]) : l.xs()[i];
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x);
                yMax = Math.max(yMax, l.ys()[i]);
            }
        }
        if (shade != null) {
            xMin = Math.min(xMin, shade[0]);
            xMax = Math.max(xMax, shade[1]);
        }
        if (!(xMax > xMin)) {
            xMin = Double.isFinite(xMin) ? xMin : 0;
            xMax = xMin + 1;
        }
        if (!logX) {
            xMin = Math.min(0, xMin);
        }
        double[] yTicks = niceTicks(yMax);
        double yTop = yTicks[yTicks.length - 1];
        StringBuilder sb = begin();
        final double x0 = xMin;
        final double x1 = xMax;
        Scale sx = v -> LEFT + (v - x0) / (x1 - x0) * plotWidth();
        Scale sy = v -> TOP + plotHeight() - v / yTop * plotHeight();
        if (shade != null) {
            sb.append("<rect x=\"")
                    .append(n(sx.at(shade[0])))
                    .append("\" y=\"")
                    .append(TOP)
                    .append("\" width=\"")
                    .append(n(sx.at(shade[1]) - sx.at(shade[0])))
                    .append("\" height=\"")
                    .append(plotHeight())
                    .append("\" fill=\"#D55E00\" fill-opacity=\"0.12\"/>\n");
        }
        yGrid(sb, yTicks, sy);
        if (logX) {
            for (int i = 0; i < xTicks.length; i++) {
                xTick(sb, sx.at(Math.log10(xTicks[i][0])), xTickLabels[i]);
            }
        } else {
            for (double t : niceTicksBetween(x0, x1)) {
                xTick(sb, sx.at(t), Numbers.short4(t));
            }
        }
        axes(sb);
        polylines(sb, lines, logX, sx, sy);
        List<String> names = new ArrayList<>(lines.stream().map(Line::name).toList());
        List<String> colours = new ArrayList<>();
        for (int s = 0; s < lines.size(); s++) {
            colours.add(colour(s));
        }
        if (shade != null) {
            names.add(shadeName);
            colours.add("#F6D8C8");
        }
        legend(sb, names, colours);
        return end(sb);
    }

    /** The lines of a line chart, clipped to the plot area, each in its colour. */
    private void polylines(StringBuilder sb, List<Line> lines, boolean logX, Scale sx, Scale sy) {
        sb.append("<g clip-path=\"url(#").append(id).append("-plot)\">\n");
        for (int s = 0; s < lines.size(); s++) {
            Line l = lines.get(s);
            sb.append("<polyline fill=\"none\" stroke=\"")
                    .append(colour(s))
                    .append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < l.xs().length; i++) {
                double x = logX ? Math.log10(l.xs()[i]) : l.xs()[i];
                sb.append(i == 0 ? "" : " ")
                        .append(n(sx.at(x)))
                        .append(',')
                        .append(n(sy.at(l.ys()[i])));
            }
            sb.append("\"/>\n");
        }
        sb.append("</g>\n");
    }

    /**
     * A grouped bar chart: for each group, one bar per series ({@code seriesNames}); a NaN value
     * draws no bar and writes "n/a" in its place.
     */
    public String bars(List<String> seriesNames, List<Group> groups) {
        double yMax = 0;
        for (Group g : groups) {
            for (double v : g.values()) {
                if (Double.isFinite(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        double[] yTicks = niceTicks(yMax);
        double yTop = yTicks[yTicks.length - 1];
        StringBuilder sb = begin();
        Scale sy = v -> TOP + plotHeight() - v / yTop * plotHeight();
        yGrid(sb, yTicks, sy);
        int k = Math.max(1, seriesNames.size());
        double slot = plotWidth() / (double) Math.max(1, groups.size());
        double bar = Math.min(48, slot * 0.8 / k);
        for (int g = 0; g < groups.size(); g++) {
            double start = LEFT + g * slot + (slot - bar * k) / 2;
            double[] values = groups.get(g).values();
            for (int s = 0; s < values.length; s++) {
                double x = start + s * bar;
                if (Double.isFinite(values[s])) {
                    double y = sy.at(values[s]);
                    sb.append("<rect x=\"")
                            .append(n(x + 1))
                            .append("\" y=\"")
                            .append(n(y))
                            .append("\" width=\"")
                            .append(n(bar - 2))
                            .append("\" height=\"")
                            .append(n(TOP + plotHeight() - y))
                            .append("\" fill=\"")
                            .append(colour(s))
                            .append("\"/>\n");
                    text(sb, x + bar / 2, y - 4, "middle", 10, Numbers.short4(values[s]));
                } else {
                    text(sb, x + bar / 2, TOP + plotHeight() - 4, "middle", 10, "n/a");
                }
            }
            xTick(sb, LEFT + g * slot + slot / 2, groups.get(g).category());
        }
        axes(sb);
        List<String> colours = new ArrayList<>();
        for (int s = 0; s < seriesNames.size(); s++) {
            colours.add(colour(s));
        }
        if (seriesNames.size() > 1) {
            legend(sb, seriesNames, colours);
        }
        return end(sb);
    }

    private interface Scale {
        double at(double v);
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private StringBuilder begin() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"")
                .append(id)
                .append("-title\" font-family=\"")
                .append(FONT)
                .append("\" font-size=\"12\">\n");
        sb.append("<title id=\"")
                .append(id)
                .append("-title\">")
                .append(Xml.text(title))
                .append("</title>\n");
        sb.append("<defs><clipPath id=\"")
                .append(id)
                .append("-plot\"><rect x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(TOP)
                .append("\" width=\"")
                .append(plotWidth())
                .append("\" height=\"")
                .append(plotHeight())
                .append("\"/></clipPath></defs>\n");
        sb.append("<rect width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" fill=\"#ffffff\"/>\n");
        text(sb, WIDTH / 2.0, 20, "middle", 14, title);
        text(sb, LEFT + plotWidth() / 2.0, HEIGHT - 10, "middle", 12, xLabel);
        sb.append("<text x=\"16\" y=\"")
                .append(n(TOP + plotHeight() / 2.0))
                .append("\" text-anchor=\"middle\"")
                .append(" transform=\"rotate(-90 16 ")
                .append(n(TOP + plotHeight() / 2.0))
                .append(")\" fill=\"#1f2328\">")
                .append(Xml.text(yLabel))
                .append("</text>\n");
        return sb;
    }

    private static String end(StringBuilder sb) {
        return sb.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder sb) {
        sb.append("<path d=\"M")
                .append(LEFT)
                .append(' ')
                .append(TOP)
                .append("V")
                .append(TOP + plotHeight())
                .append("H")
                .append(LEFT + plotWidth())
                .append("\" fill=\"none\" stroke=\"#57606a\"/>\n");
    }

    private static void yGrid(StringBuilder sb, double[] ticks, Scale sy) {
        for (double t : ticks) {
            double y = sy.at(t);
            sb.append("<path d=\"M")
                    .append(LEFT)
                    .append(' ')
                    .append(n(y))
                    .append("H")
                    .append(LEFT + plotWidth())
                    .append("\" stroke=\"#d0d7de\" stroke-width=\"1\"/>\n");
            text(sb, LEFT - 6, y + 4, "end", 11, Numbers.short4(t));
        }
    }

    private static void xTick(StringBuilder sb, double x, String label) {
        sb.append("<path d=\"M")
                .append(n(x))
                .append(' ')
                .append(TOP + plotHeight())
                .append("v5\" stroke=\"#57606a\"/>\n");
        text(sb, x, TOP + plotHeight() + 18, "middle", 11, label);
    }

    private void legend(StringBuilder sb, List<String> names, List<String> colours) {
        double x = LEFT + 8;
        double y = TOP + 14;
        for (int i = 0; i < names.size(); i++) {
            String name =
                    names.get(i).length() > 40 ? names.get(i).substring(0, 39) + "…" : names.get(i);
            double w = 22 + name.length() * 7;
            if (x + w > LEFT + plotWidth() && x > LEFT + 8) {
                x = LEFT + 8;
                y += 16;
            }
            sb.append("<rect x=\"")
                    .append(n(x))
                    .append("\" y=\"")
                    .append(n(y - 9))
                    .append("\" width=\"12\" height=\"10\"")
                    .append(" fill=\"")
                    .append(colours.get(i))
                    .append("\"/>\n");
            text(sb, x + 16, y, "start", 11, name);
            x += w;
        }
    }

    private static void text(
            StringBuilder sb, double x, double y, String anchor, int size, String s) {
        sb.append("<text x=\"")
                .append(n(x))
                .append("\" y=\"")
                .append(n(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\" font-size=\"")
                .append(size)
                .append("\" fill=\"#1f2328\">")
                .append(Xml.text(s))
                .append("</text>\n");
    }

    private static String colour(int i) {
        return PALETTE.get(i % PALETTE.size());
    }

    /** A coordinate with at most 2 decimals, in {@link Locale#ROOT}. */
    static String n(double v) {
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        // as String.format(Locale.ROOT, "%.2f", r) without its trailing zeros, without a Formatter
        // per call:
        // below 1e12 the hundredths are exact (r is the double nearest to k/100)
        if (Math.abs(v) < 1e12) {
            long k = Math.round(v * 100);
            long whole = Math.abs(k) / 100;
            int cents = (int) (Math.abs(k) % 100);
            return (k < 0 ? "-" : "")
                    + whole
                    + "."
                    + (cents % 10 == 0
                            ? Integer.toString(cents / 10)
                            : cents < 10 ? "0" + cents : Integer.toString(cents));
        }
        String s =
                new java.math.BigDecimal(Double.toString(r))
                        .setScale(2, java.math.RoundingMode.HALF_UP)
                        .toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Ticks from 0 to at least {@code max}: 0 and 4 to 6 steps of 1, 2 or 5 times a power of ten.
     */
    static double[] niceTicks(double max) {
        if (!(max > 0) || !Double.isFinite(max)) {
            return new double[] {0, 1};
        }
        double step = niceStep(max / 5);
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    private static double[] niceTicksBetween(double min, double max) {
        double step = niceStep((max - min) / 6);
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }
}
