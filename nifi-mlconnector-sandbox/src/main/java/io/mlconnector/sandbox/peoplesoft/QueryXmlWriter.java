package io.mlconnector.sandbox.peoplesoft;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Streams QAS XMLP output: {@code QAS_GETQUERYRESULTS_RESP_MSG/query[@numrows,@queryname]/row[@rownumber]/<COL>},
 * character values in CDATA sections.
 */
final class QueryXmlWriter {

    private static final String MSG_NS = "http://xmlns.oracle.com/Enterprise/Tools/schemas/QAS_GETQUERYRESULTS_RESP_MSG.VERSION_1";
    private static final String QUERY_NS = "http://xmlns.oracle.com/Enterprise/Tools/schemas/QAS_QUERYRESULTS_XMLP_RESP.VERSION_1";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final PeopleSoftFormats formats;

    QueryXmlWriter(PeopleSoftFormats formats) {
        this.formats = formats;
    }

    void write(OutputStream out, String queryName, List<QueryColumn> columns, ColumnKeys keys, int numrows,
               Stream<Object[]> rows) throws IOException {
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("QAS_GETQUERYRESULTS_RESP_MSG");
            xml.writeDefaultNamespace(MSG_NS);
            xml.writeStartElement("query");
            xml.writeAttribute("numrows", Integer.toString(numrows));
            xml.writeAttribute("queryname", queryName);
            xml.writeDefaultNamespace(QUERY_NS);
            int rownumber = 0;
            for (Iterator<Object[]> it = rows.iterator(); it.hasNext(); ) {
                Object[] row = it.next();
                xml.writeStartElement("row");
                xml.writeAttribute("rownumber", Integer.toString(++rownumber));
                for (int i = 0; i < columns.size(); i++) {
                    QueryColumn column = columns.get(i);
                    xml.writeStartElement(column.key(keys));
                    String text = formats.text(column.type(), row[i]);
                    if (column.type() == FieldType.CHAR) {
                        xml.writeCData(text);
                    } else {
                        xml.writeCharacters(text);
                    }
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write the XMLP result", e);
        }
    }
}
