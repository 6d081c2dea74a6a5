package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

import java.io.IOException;

/**
 * A request body written straight to the wire format as it is sent: a batch of 500 members costs no tree of nodes
 * built only to be serialised once.
 */
@FunctionalInterface
public interface StreamedJson extends JsonSerializable {

    void write(JsonGenerator out) throws IOException;

    @Override
    default void serialize(final JsonGenerator out, final SerializerProvider serializers) throws IOException {
        write(out);
    }

    @Override
    default void serializeWithType(final JsonGenerator out, final SerializerProvider serializers, final TypeSerializer types)
            throws IOException {
        write(out);
    }
}
