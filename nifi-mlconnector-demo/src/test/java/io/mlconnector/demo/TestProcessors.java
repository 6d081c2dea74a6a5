package io.mlconnector.demo;

import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.FlowFileFilter;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Tiny processors for testing FlowRunner's framework emulation; registered in test META-INF/services. */
final class TestProcessors {

    static final Relationship SUCCESS = new Relationship.Builder().name("success").build();
    static final Relationship FAILURE = new Relationship.Builder().name("failure").build();
    static final Relationship RETRY = new Relationship.Builder().name("retry").build();

    private TestProcessors() {
    }

    /** A source: one FlowFile per comma-separated line of its Lines property, the line also in attribute {@code line}. */
    @InputRequirement(InputRequirement.Requirement.INPUT_FORBIDDEN)
    public static final class EmitLines extends AbstractProcessor {
        static final PropertyDescriptor LINES = new PropertyDescriptor.Builder().name("Lines").required(true)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();

        @Override
        protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
            return List.of(LINES);
        }

        @Override
        public Set<Relationship> getRelationships() {
            return Set.of(SUCCESS);
        }

        @Override
        public void onTrigger(final ProcessContext context, final ProcessSession session) {
            for (final String line : context.getProperty(LINES).getValue().split(",")) {
                final FlowFile flowFile = session.write(session.create(), out -> out.write(line.getBytes(StandardCharsets.UTF_8)));
                session.transfer(session.putAttribute(flowFile, "line", line), SUCCESS);
            }
        }
    }

    /**
     * Writes a child FlowFile per outcome, as PutMailchimpContact does. Content {@code n} fails transiently (to retry)
     * n times, then succeeds; content {@code x} fails for good.
     */
    @InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
    public static final class FlakyUpsert extends AbstractProcessor {
        static final Map<String, Integer> ATTEMPTS = new ConcurrentHashMap<>();

        @Override
        public Set<Relationship> getRelationships() {
            return Set.of(SUCCESS, FAILURE, RETRY);
        }

        @Override
        public void onTrigger(final ProcessContext context, final ProcessSession session) {
            final FlowFile input = session.get();
            if (input == null) {
                return;
            }
            final String content;
            try (InputStream in = session.read(input)) {
                content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            final int attempt = ATTEMPTS.merge(content, 1, Integer::sum);
            final Relationship outcome = content.equals("x") ? FAILURE
                    : attempt <= Integer.parseInt(content) ? RETRY : SUCCESS;
            final FlowFile child = session.write(session.create(input), out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
            session.transfer(session.putAttribute(child, "attempt", String.valueOf(attempt)), outcome);
            session.remove(input);
        }
    }

    /**
     * Takes one FlowFile per trigger through a FlowFileFilter, as PutMailchimpContact does, leaving those whose line is
     * {@code held} in the queue until {@link #RELEASED}; yields when it takes none.
     */
    @InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
    public static final class HoldUntilReleased extends AbstractProcessor {
        static final AtomicBoolean RELEASED = new AtomicBoolean();
        static final List<String> TAKEN = new CopyOnWriteArrayList<>();

        @Override
        public Set<Relationship> getRelationships() {
            return Set.of(SUCCESS);
        }

        @Override
        public void onTrigger(final ProcessContext context, final ProcessSession session) {
            final List<FlowFile> taken = session.get(flowFile -> RELEASED.get() || !"held".equals(flowFile.getAttribute("line"))
                    ? FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_TERMINATE : FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE);
            if (taken.isEmpty()) {
                context.yield();
                return;
            }
            TAKEN.add(taken.getFirst().getAttribute("line"));
            session.transfer(taken.getFirst(), SUCCESS);
        }
    }
}
