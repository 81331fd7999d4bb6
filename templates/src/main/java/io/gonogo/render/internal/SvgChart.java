package io.gonogo.render.internal;

import io.gonogo.core.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, deterministic SVG chart: line charts over a logarithmic x-axis, step charts of time
 * series, grouped bar charts, and shaded x-ranges (a fault window), with axes, nice ticks and a
 * legend below the plot.
 *
 * <p>A time series is drawn as steps: each sample holds its value over its interval (the line's
 * usual spacing), so a sample interval with no sample, such as the seconds a killed server answered
 * nothing, shows as a break in the line rather than a slope drawn across it. The legend wraps onto
 * as many rows as its names need, and a name is never cut short: one longer than a row is wrapped
 * over several; the chart grows taller to hold them.
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
     * A line chart of {@code lines} over a log10 x-axis whose ticks are {@code xTicks} (value, as
     * the first element of each pair) named by {@code xTickLabels}: each line joins its points.
     */
    public String lines(List<Line> lines, double[][] xTicks, String[] xTickLabels) {
        return plot(lines, true, xTicks, xTickLabels, null, null);
    }

    /**
     * A step chart of the time series {@code lines} over a linear x-axis: each point holds its
     * value until the next one, and a spacing of more than 1.5 times the line's usual one (its
     * median), or a NaN value, breaks the line; {@code shade} is an x-range (start, end) to shade
     * with its legend {@code shadeName}, or null.
     */
    public String steps(List<Line> lines, double[] shade, String shadeName) {
        return plot(lines, false, null, null, shade, shadeName);
    }

    private String plot(
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
            double hold = logX ? 0 : interval(l.xs());
            for (int i = 0; i < l.xs().length; i++) {
                double x = logX ? Math.log10(l.xs()[i]) : l.xs()[i];
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x + (i == l.xs().length - 1 ? hold : 0));
                if (Double.isFinite(l.ys()[i])) {
                    yMax = Math.max(yMax, l.ys()[i]);
                }
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
        List<String> names = new ArrayList<>(lines.stream().map(Line::name).toList());
        List<String> colours = new ArrayList<>();
        for (int s = 0; s < lines.size(); s++) {
            colours.add(colour(s));
        }
        if (shade != null) {
            names.add(shadeName);
            colours.add("#F6D8C8");
        }
        List<LegendItem> legend = legendLayout(names, colours);
        StringBuilder sb = begin(legend);
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
        if (logX) {
            polylines(sb, lines, sx, sy);
        } else {
            stepPaths(sb, lines, sx, sy);
        }
        legend(sb, legend);
        return end(sb);
    }

    /**
     * The usual spacing of {@code xs}: the median of the positive differences between neighbours; 1
     * when there are none (a single point).
     */
    static double interval(double[] xs) {
        double[] d = new double[Math.max(0, xs.length - 1)];
        int k = 0;
        for (int i = 1; i < xs.length; i++) {
            double diff = xs[i] - xs[i - 1];
            if (diff > 0 && Double.isFinite(diff)) {
                d[k++] = diff;
            }
        }
        if (k == 0) {
            return 1;
        }
        double[] positive = java.util.Arrays.copyOf(d, k);
        java.util.Arrays.sort(positive);
        return k % 2 == 1 ? positive[k / 2] : (positive[k / 2 - 1] + positive[k / 2]) / 2;
    }

    /**
     * The time series as steps, clipped to the plot area, each in its colour: a point holds its
     * value until the next point, or for one interval when the next is more than 1.5 intervals away
     * (a gap in the samples) or when it is the last; a gap or a NaN value starts a new piece of the
     * path, so nothing is drawn across it.
     */
    private void stepPaths(StringBuilder sb, List<Line> lines, Scale sx, Scale sy) {
        sb.append("<g clip-path=\"url(#").append(id).append("-plot)\">\n");
        for (int s = 0; s < lines.size(); s++) {
            Line l = lines.get(s);
            double hold = interval(l.xs());
            StringBuilder d = new StringBuilder();
            boolean open = false;
            String lastLevel = "";
            int lastRun = 0;
            for (int i = 0; i < l.xs().length; i++) {
                double y = l.ys()[i];
                if (!Double.isFinite(y) || !Double.isFinite(l.xs()[i])) {
                    open = false;
                    continue;
                }
                boolean next =
                        i + 1 < l.xs().length
                                && l.xs()[i + 1] - l.xs()[i] <= hold * 1.5
                                && Double.isFinite(l.ys()[i + 1]);
                double until = next ? l.xs()[i + 1] : l.xs()[i] + hold;
                String level = n(sy.at(y));
                if (open && level.equals(lastLevel)) {
                    // the same value again: the horizontal run goes on
                    d.setLength(lastRun);
                } else {
                    d.append(open ? "V" : (d.length() == 0 ? "M" : " M"));
                    if (!open) {
                        d.append(n(sx.at(l.xs()[i]))).append(' ');
                    }
                    d.append(level);
                }
                lastLevel = level;
                lastRun = d.length();
                d.append('H').append(n(sx.at(until)));
                open = next;
            }
            sb.append("<path class=\"series\" fill=\"none\" stroke=\"")
                    .append(colour(s))
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" d=\"")
                    .append(d)
                    .append("\"/>\n");
        }
        sb.append("</g>\n");
    }

    /** The lines of a line chart, clipped to the plot area, each in its colour. */
    private void polylines(StringBuilder sb, List<Line> lines, Scale sx, Scale sy) {
        sb.append("<g clip-path=\"url(#").append(id).append("-plot)\">\n");
        for (int s = 0; s < lines.size(); s++) {
            Line l = lines.get(s);
            sb.append("<polyline class=\"series\" fill=\"none\" stroke=\"")
                    .append(colour(s))
                    .append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < l.xs().length; i++) {
                double x = Math.log10(l.xs()[i]);
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
        List<String> colours = new ArrayList<>();
        for (int s = 0; s < seriesNames.size(); s++) {
            colours.add(colour(s));
        }
        List<LegendItem> legend =
                seriesNames.size() > 1 ? legendLayout(seriesNames, colours) : List.of();
        StringBuilder sb = begin(legend);
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
                    sb.append("<rect class=\"bar\" x=\"")
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
        legend(sb, legend);
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

    /** The chart's opening, title and axis labels; {@code legend} sets how tall it is. */
    private StringBuilder begin(List<LegendItem> legend) {
        int height = height(legend);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
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
                .append(height)
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

    /** One entry of the legend, placed: its swatch at (x, y), its name's lines beside it. */
    private record LegendItem(double x, double y, String colour, List<String> lines) {}

    /** Generous width of one 11px character (DejaVu Sans is wide), so names never overlap. */
    private static final int LEGEND_CHAR = 7;

    private static final int LEGEND_LEFT = LEFT;
    private static final int LEGEND_ROW = 16;

    /** Characters of legend text (11px) in a row of the legend; a longer name wraps. */
    private static final int LEGEND_CHARS = (WIDTH - LEGEND_LEFT - RIGHT - 16) / LEGEND_CHAR;

    /**
     * The legend laid out in rows below the x-axis label, left to right: an entry that does not fit
     * the rest of a row starts the next one, and a name longer than a row wraps over several lines
     * (at a space, comma or slash where it can), whole.
     */
    private static List<LegendItem> legendLayout(List<String> names, List<String> colours) {
        List<LegendItem> items = new ArrayList<>();
        double x = LEGEND_LEFT;
        double y = HEIGHT + 6;
        for (int i = 0; i < names.size(); i++) {
            List<String> lines = wrap(names.get(i), LEGEND_CHARS);
            int chars = lines.stream().mapToInt(String::length).max().orElse(0);
            double w = 16 + chars * LEGEND_CHAR + 14;
            if (x > LEGEND_LEFT && (x + w > WIDTH - RIGHT || lines.size() > 1)) {
                x = LEGEND_LEFT;
                y += LEGEND_ROW;
            }
            items.add(new LegendItem(x, y, colours.get(i), lines));
            if (lines.size() > 1) {
                x = LEGEND_LEFT;
                y += LEGEND_ROW * lines.size();
            } else {
                x += w;
            }
        }
        return items;
    }

    /** How tall the chart is with {@code legend} below it. */
    private static int height(List<LegendItem> legend) {
        double bottom = HEIGHT;
        for (LegendItem item : legend) {
            bottom = Math.max(bottom, item.y() + LEGEND_ROW * item.lines().size());
        }
        return (int) Math.ceil(bottom) + (legend.isEmpty() ? 0 : 4);
    }

    /**
     * {@code name} in lines of at most {@code width} characters, broken after a space, comma or
     * slash where one is in the second half of a line, else at the width.
     */
    static List<String> wrap(String name, int width) {
        List<String> lines = new ArrayList<>();
        String rest = name.strip();
        while (rest.length() > width) {
            int cut = -1;
            for (int i = width; i > width / 2; i--) {
                char c = rest.charAt(i - 1);
                if (c == ' ' || c == ',' || c == '/') {
                    cut = i;
                    break;
                }
            }
            if (cut < 0) {
                cut = Character.isHighSurrogate(rest.charAt(width - 1)) ? width - 1 : width;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    private static void legend(StringBuilder sb, List<LegendItem> legend) {
        for (LegendItem item : legend) {
            sb.append("<rect x=\"")
                    .append(n(item.x()))
                    .append("\" y=\"")
                    .append(n(item.y()))
                    .append("\" width=\"12\" height=\"10\"")
                    .append(" fill=\"")
                    .append(item.colour())
                    .append("\"/>\n");
            for (int l = 0; l < item.lines().size(); l++) {
                text(
                        sb,
                        item.x() + 16,
                        item.y() + 9 + l * LEGEND_ROW,
                        "start",
                        11,
                        item.lines().get(l));
            }
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
