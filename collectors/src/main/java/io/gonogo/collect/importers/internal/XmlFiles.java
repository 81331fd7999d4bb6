package io.gonogo.collect.importers.internal;

import io.gonogo.core.InvalidInputException;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reading XML result files safely (no DTDs, no external entities) with errors naming file, line and
 * column.
 */
final class XmlFiles {
    private XmlFiles() {}

    /** A StAX factory that resolves no DTD and no external entity. */
    static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** An error at the reader's current position. */
    static InvalidInputException at(Path file, XMLStreamReader r, String message) {
        return InvalidInputException.at(
                file.toString(),
                r.getLocation().getLineNumber(),
                r.getLocation().getColumnNumber(),
                message);
    }

    /** A parse error (malformed or cut-short XML) at its position. */
    static InvalidInputException malformed(Path file, XMLStreamException e) {
        String what = e.getMessage() == null ? "unknown error" : e.getMessage();
        // the JDK's message repeats the position as "ParseError at [row,col]:[l,c]\nMessage: ..."
        int m = what.indexOf("Message: ");
        if (m >= 0) {
            what = what.substring(m + "Message: ".length());
        }
        if (what.contains("XML document structures must start and end")
                || what.contains("end of file")
                || what.contains("Premature end of file")) {
            what = "the XML ends early (is the file cut short?): " + what;
        }
        if (e.getLocation() != null && e.getLocation().getLineNumber() > 0) {
            return InvalidInputException.at(
                    file.toString(),
                    e.getLocation().getLineNumber(),
                    e.getLocation().getColumnNumber(),
                    "not well-formed XML: " + what.strip());
        }
        return InvalidInputException.of(file.toString(), "not well-formed XML: " + what.strip());
    }
}
