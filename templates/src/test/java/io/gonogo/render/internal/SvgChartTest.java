package io.gonogo.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How {@link SvgChart} draws time series and legends. */
class SvgChartTest {
    private static final Pattern SERIES = Pattern.compile("class=\"series\"[^>]* d=\"([^\"]*)\"");

    private static String path(String svg) {
        Matcher m = SERIES.matcher(svg);
        assertThat(m.find()).as("a series path in\n" + svg).isTrue();
        return m.group(1);
    }

    private static String steps(double[] xs, double[] ys) {
        return new SvgChart("chart-t", "Throughput over time", "seconds", "requests per second")
                .steps(List.of(new SvgChart.Line("throughput", xs, ys)), null, null);
    }

    @Test
    void drawsATimeSeriesAsStepsThatHoldEachValueOverItsInterval() {
        String d = path(steps(new double[] {0, 1, 2, 3}, new double[] {100, 200, 200, 50}));

        assertThat(d).startsWith("M").doesNotContain(" M").doesNotContain("L");
        // one horizontal run per value (the two samples of 200 make one run), joined by vertical
        // steps
        assertThat(d.chars().filter(c -> c == 'H')).hasSize(3);
        assertThat(d.chars().filter(c -> c == 'V')).hasSize(2);
    }

    @Test
    void breaksTheLineAtAnIntervalWithNoSampleRatherThanBridgingIt() {
        // one sample a second, none from 3 s to 7 s (the server was down)
        String d =
                path(
                        steps(
                                new double[] {0, 1, 2, 3, 8, 9, 10},
                                new double[] {300, 300, 300, 300, 280, 290, 300}));

        assertThat(d.split(" M")).as("two pieces, one each side of the gap: " + d).hasSize(2);
    }

    @Test
    void breaksTheLineAtANaNValue() {
        String d =
                path(
                        steps(
                                new double[] {0, 1, 2, 3, 4},
                                new double[] {300, 300, Double.NaN, 300, 300}));

        assertThat(d).doesNotContain("NaN");
        assertThat(d.split(" M")).hasSize(2);
    }

    @Test
    void keepsEveryLegendNameWholeAndGrowsTallerForThem() {
        String longName =
                "operation=approveDecisionWithAuditTrail, transport=grpc, model=open,"
                        + " client=grpc-java, region=eu-central-1, tenant=acme-corporation-staging";
        List<SvgChart.Line> lines =
                List.of(
                        new SvgChart.Line("short", new double[] {0, 1}, new double[] {1, 2}),
                        new SvgChart.Line(longName, new double[] {0, 1}, new double[] {2, 3}));
        String svg = new SvgChart("chart-l", "Memory", "s", "MiB").steps(lines, null, null);

        assertThat(svg).doesNotContain("…");
        String legendText =
                String.join(
                        " ",
                        Pattern.compile("<text x=\"[0-9.]+\" y=\"([0-9.]+)\"[^>]*>([^<]*)</text>")
                                .matcher(svg)
                                .results()
                                .filter(r -> Double.parseDouble(r.group(1)) > 340)
                                .map(r -> r.group(2))
                                .toList());
        assertThat(legendText.replace(" ", "")).contains(longName.replace(" ", ""));
        assertThat(svg).doesNotContain("height=\"340\" viewBox");
    }

    @Test
    void wrapsALongNameAtASeparatorAndNeverDropsACharacter() {
        String name = "a".repeat(30) + ", " + "b".repeat(30) + "/" + "c".repeat(50);
        List<String> lines = SvgChart.wrap(name, 40);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo(name.replace(" ", ""));
        assertThat(lines.get(0)).endsWith(",");
    }
}
