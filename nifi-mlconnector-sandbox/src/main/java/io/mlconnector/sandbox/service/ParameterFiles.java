package io.mlconnector.sandbox.service;

import org.apache.nifi.flow.VersionedParameter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The flow's parameters as NiFi 2's {@value #PROVIDER} reads them: each of its "Parameter Group Directories" is a
 * parameter group named after the directory, with one file per parameter, named after it, holding its value (as plain
 * text: the provider's "Parameter Value Encoding" must say so). Every parameter of the context is written, so a context
 * created from the group has them all.
 */
public final class ParameterFiles {

    /** The parameter provider of NiFi 2 that reads a directory of files (NiFi 1's FileParameterProvider, renamed). */
    public static final String PROVIDER = "KubernetesSecretParameterProvider";
    /** The provider reads at most this many bytes of a file by default ("Parameter Value Byte Limit"), silently. */
    static final int PROVIDER_VALUE_LIMIT = 256;

    private ParameterFiles() {
    }

    /** Writes (or rewrites) the files under {@code root} and returns the group directory. Only the owner may read them. */
    public static Path write(final Path root, final ShippedFlow flow, final Map<String, String> bindings) throws IOException {
        final Path group = root.resolve(flow.parameterContextName());
        final boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(root);
        if (posix && !Files.isDirectory(group)) {
            // Owner-only before any secret is written into it: no moment when another user could read one.
            Files.createDirectory(group, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createDirectories(group);
        for (final VersionedParameter parameter : flow.parameters()) {
            final String value = Objects.requireNonNullElse(bindings.getOrDefault(parameter.getName(), parameter.getValue()), "");
            if (value.getBytes(StandardCharsets.UTF_8).length > PROVIDER_VALUE_LIMIT) {
                throw new IllegalArgumentException("The value of " + parameter.getName() + " is longer than the "
                        + PROVIDER_VALUE_LIMIT + " bytes " + PROVIDER + " reads by default");
            }
            final Path file = group.resolve(parameter.getName());
            Files.writeString(file, value, StandardCharsets.UTF_8);
            if (posix) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return group;
    }

    /** The parameters to mark sensitive when NiFi fetches them (the provider leaves that choice to the user). */
    public static List<String> sensitive(final ShippedFlow flow) {
        return flow.parameters().stream().filter(VersionedParameter::isSensitive).map(VersionedParameter::getName).toList();
    }
}
