package io.gonogo.runners.memory.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small deterministic flame-graph writer: stacks (root first) with their sample counts become an
 * SVG of stacked rectangles, one row per depth, widths proportional to samples, each with a {@code
 * <title>} (frame, samples, share) that a browser shows on hover. Children are ordered by name and
 * colours derive from the frame's name, so the same stacks give the same bytes.
 */
final class FlameGraph {
    private static final int WIDTH = 1200;
    private static final int ROW = 16;
    private static final double MIN_WIDTH = 0.3;

    private static final class Node {
        final String name;
        long samples;
        final Map<String, Node> children = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }
    }

    private FlameGraph() {}

    /**
     * The SVG of {@code stacks} (each root frame first, with its sample count), titled {@code
     * title}.
     */
    static String svg(Map<List<String>, Long> stacks, String title) {
        Node root = new Node("all");
        int depth = 0;
        for (Map.Entry<List<String>, Long> e : stacks.entrySet()) {
            Node n = root;
            root.samples += e.getValue();
            for (String frame : e.getKey()) {
                n = n.children.computeIfAbsent(frame, Node::new);
                n.samples += e.getValue();
            }
            depth = Math.max(depth, e.getKey().size());
        }
        int height = (depth + 1) * ROW + 40;
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" font-family=\"monospace\" font-size=\"11\">\n");
        b.append("<rect x=\"0\" y=\"0\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"#f8f8f8\"/>\n");
        b.append("<text x=\"")
                .append(WIDTH / 2)
                .append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">")
                .append(escape(title))
                .append("</text>\n");
        if (root.samples > 0) {
            draw(b, root, 0, WIDTH, height - 10 - ROW, root.samples);
        } else {
            b.append("<text x=\"10\" y=\"40\">no execution samples were recorded</text>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void draw(StringBuilder b, Node n, double x, double w, int y, long total) {
        String label = n.name;
        double share = 100.0 * n.samples / total;
        b.append("<g><title>")
                .append(escape(label))
                .append(" (")
                .append(n.samples)
                .append(" samples, ")
                .append(String.format(Locale.ROOT, "%.2f", share))
                .append("%)</title><rect x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(fmt(w))
                .append("\" height=\"")
                .append(ROW - 1)
                .append("\" fill=\"")
                .append(colour(label))
                .append("\" rx=\"2\"/>");
        int chars = (int) ((w - 6) / 7);
        if (chars >= 3) {
            String text = label.length() <= chars ? label : label.substring(0, chars - 2) + "..";
            b.append("<text x=\"")
                    .append(fmt(x + 3))
                    .append("\" y=\"")
                    .append(y + ROW - 4)
                    .append("\">")
                    .append(escape(text))
                    .append("</text>");
        }
        b.append("</g>\n");
        double cx = x;
        for (Node c : n.children.values()) {
            double cw = w * c.samples / n.samples;
            if (cw >= MIN_WIDTH) {
                draw(b, c, cx, cw, y - ROW, total);
            }
            cx += cw;
        }
    }

    private static String colour(String name) {
        int h = name.hashCode();
        int r = 205 + Math.floorMod(h, 50);
        int g = 80 + Math.floorMod(h >> 8, 120);
        int bl = Math.floorMod(h >> 16, 55);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
