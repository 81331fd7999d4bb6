package io.gonogo.collect.importers.internal;

import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * JMeter's XML results ({@code jmeter.save.saveservice.output_format=xml}): a {@code <testResults
 * version="1.2">} root holding one {@code <httpSample>} or {@code <sample>} per sample, with the
 * attributes {@code ts} (epoch ms of the start), {@code t} (elapsed ms), {@code lb} (label), {@code
 * s} (success) and {@code rm} (response message). Elements nested in a sample are its sub-results
 * (redirects, embedded resources), assertion results, response data and the like; only the
 * top-level samples are counted, as JMeter's CSV and its dashboard count them.
 */
final class JMeterXml {
    private JMeterXml() {}

    /** Whether {@code head}, the start of a file, is JMeter XML results. */
    static boolean detect(String head) {
        String h = JUnitXmlImporter.stripProlog(head);
        return h.startsWith("<testResults")
                && (h.contains("<httpSample") || h.contains("<sample") || h.contains("version="));
    }

    /**
     * Adds every top-level sample of {@code file} to {@code stats}; returns how many transaction
     * controller samples were left out.
     */
    static int read(Path file, RequestStats stats) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = XmlFiles.factory().createXMLStreamReader(in);
            try {
                return read(file, r, stats);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw XmlFiles.malformed(file, e);
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
    }

    private static int read(Path file, XMLStreamReader r, RequestStats stats)
            throws XMLStreamException {
        int depth = 0;
        int transactions = 0;
        boolean root = false;
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = r.getLocalName();
                if (depth == 1) {
                    if (!name.equals("testResults")) {
                        throw XmlFiles.at(
                                file,
                                r,
                                "the root element is <"
                                        + name
                                        + ">; expected <testResults> (JMeter XML results)");
                    }
                    root = true;
                } else if (depth == 2 && (name.equals("httpSample") || name.equals("sample"))) {
                    if (!sample(file, r, stats)) {
                        transactions++;
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (!root) {
            throw InvalidInputException.of(file.toString(), "the file holds no XML element");
        }
        return transactions;
    }

    /** Adds the sample at {@code r}; false when it is a transaction controller's, left out. */
    private static boolean sample(Path file, XMLStreamReader r, RequestStats stats) {
        String message = attr(r, "rm");
        if (message != null && message.startsWith("Number of samples in transaction")) {
            return false;
        }
        long start = number(file, r, "ts");
        long elapsed = number(file, r, "t");
        String label = attr(r, "lb");
        if (label == null) {
            throw XmlFiles.at(file, r, "<" + r.getLocalName() + "> has no 'lb' (label)");
        }
        String s = attr(r, "s");
        String success = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        if (!success.equals("true") && !success.equals("false")) {
            throw XmlFiles.at(
                    file,
                    r,
                    "<"
                            + r.getLocalName()
                            + "> has s=\""
                            + (s == null ? "" : s)
                            + "\"; expected true or false (save 'success')");
        }
        stats.add(label, start, elapsed, success.equals("true"));
        return true;
    }

    private static String attr(XMLStreamReader r, String name) {
        return r.getAttributeValue(null, name);
    }

    private static long number(Path file, XMLStreamReader r, String name) {
        String v = attr(r, name);
        if (v == null) {
            throw XmlFiles.at(
                    file,
                    r,
                    "<"
                            + r.getLocalName()
                            + "> has no '"
                            + name
                            + "'; expected JMeter to save "
                            + (name.equals("t") ? "the elapsed time" : "the timestamp"));
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw XmlFiles.at(
                    file,
                    r,
                    name
                            + "=\""
                            + v
                            + "\"; expected whole milliseconds (timeStamp saved as ms, the"
                            + " default)");
        }
    }
}
